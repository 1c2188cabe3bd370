#include "tcsim/collective/Communicator.hpp"

namespace tcsim::collective {

Communicator::Communicator(std::vector<std::vector<int>> nodes, bool full_mesh_nodes) : full_mesh_nodes_(full_mesh_nodes) {
  for (auto& node : nodes) {
    if (node.empty()) continue;
    ranks_.insert(ranks_.end(), node.begin(), node.end());
    nodes_.push_back(std::move(node));
  }
}

Communicator Communicator::flat(std::vector<int> ranks) { return Communicator({std::move(ranks)}); }

std::size_t Communicator::ranks_per_node() const {
  if (nodes_.empty()) return 0;
  for (const auto& node : nodes_)
    if (node.size() != nodes_.front().size()) return 0;
  return nodes_.front().size();
}

}  // namespace tcsim::collective
