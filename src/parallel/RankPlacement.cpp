#include "tcsim/parallel/RankPlacement.hpp"

#include <map>
#include <set>

namespace tcsim::parallel {

RankPlacement::RankPlacement(const ParallelPlan& plan, std::vector<std::string> order, std::vector<int> node_of_npu)
    : plan_(plan), order_(std::move(order)), node_of_npu_(std::move(node_of_npu)) {
  int stride = 1;
  for (const auto& dim : order_) {
    if (dim == "tp") {
      stride_t_ = stride;
      stride *= plan_.tp;
    } else if (dim == "pp") {
      stride_p_ = stride;
      stride *= plan_.pp;
    } else {
      stride_d_ = stride;
      stride *= plan_.dp;
    }
  }
}

RankPlacement RankPlacement::on(const topology::TopologySpec& topology, const ParallelPlan& plan,
                                const std::vector<std::string>& order) {
  std::vector<int> node_of_npu;
  node_of_npu.reserve(topology.npus());
  for (int n = 0; n < topology.nodes; ++n) {
    for (int i = 0; i < topology.node_template(n).npus_per_node; ++i) node_of_npu.push_back(n);
  }
  return RankPlacement(plan, order, std::move(node_of_npu));
}

int RankPlacement::npu(int d, int p, int t) const {
  const int home = d * stride_d_ + p * stride_p_ + t * stride_t_;
  return moved_to_.empty() ? home : moved_to_[home];
}

RankPlacement RankPlacement::with_moved_npus(int from, int to, int count) const {
  RankPlacement moved = *this;
  if (moved.moved_to_.empty()) {
    moved.moved_to_.resize(node_of_npu_.size());
    for (std::size_t i = 0; i < moved.moved_to_.size(); ++i) moved.moved_to_[i] = static_cast<int>(i);
  }
  for (int k = 0; k < count; ++k) moved.moved_to_.at(from + k) = to + k;
  return moved;
}

std::vector<int> RankPlacement::tp_group(int d, int p) const {
  std::vector<int> group;
  for (int t = 0; t < plan_.tp; ++t) group.push_back(npu(d, p, t));
  return group;
}

std::vector<int> RankPlacement::dp_group(int p, int t) const {
  std::vector<int> group;
  for (int d = 0; d < plan_.dp; ++d) group.push_back(npu(d, p, t));
  return group;
}

std::vector<int> RankPlacement::ep_group(int d, int p, int t) const {
  std::vector<int> group;
  const int first = d - d % plan_.ep;
  for (int e = 0; e < plan_.ep; ++e) group.push_back(npu(first + e, p, t));
  return group;
}

std::vector<int> RankPlacement::expert_dp_group(int d, int p, int t) const {
  std::vector<int> group;
  for (int other = d % plan_.ep; other < plan_.dp; other += plan_.ep) group.push_back(npu(other, p, t));
  return group;
}

std::vector<std::vector<int>> RankPlacement::by_node(const std::vector<int>& npus) const {
  std::vector<std::vector<int>> groups;
  std::map<int, std::size_t> index_of_node;
  for (int n : npus) {
    auto [it, added] = index_of_node.emplace(node_of(n), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(n);
  }
  return groups;
}

int RankPlacement::nodes_spanned(const std::vector<int>& npus) const {
  std::set<int> nodes;
  for (int n : npus) nodes.insert(node_of(n));
  return static_cast<int>(nodes.size());
}

}  // namespace tcsim::parallel
