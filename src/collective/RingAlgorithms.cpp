#include "tcsim/collective/RingAlgorithms.hpp"

#include <cassert>

namespace tcsim::collective {
namespace {

FlowPhase ring(const std::string& label, const std::vector<int>& ranks, double bytes_per_rank, int steps) {
  FlowPhase phase;
  phase.label = label;
  phase.latency_steps = steps;
  const std::size_t n = ranks.size();
  if (n < 2) return phase;
  phase.flows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) phase.flows.push_back(Flow{ranks[i], ranks[(i + 1) % n], bytes_per_rank, 0});
  return phase;
}

}  // namespace

FlowPhase RingAlgorithms::all_reduce(const std::vector<int>& ranks, double bytes) {
  const double n = static_cast<double>(ranks.size());
  if (ranks.size() < 2) return ring("ring all-reduce", ranks, 0, 0);
  return ring("ring all-reduce", ranks, 2.0 * (n - 1) / n * bytes, 2 * (static_cast<int>(n) - 1));
}

FlowPhase RingAlgorithms::reduce_scatter(const std::vector<int>& ranks, double bytes) {
  const double n = static_cast<double>(ranks.size());
  if (ranks.size() < 2) return ring("ring reduce-scatter", ranks, 0, 0);
  return ring("ring reduce-scatter", ranks, (n - 1) / n * bytes, static_cast<int>(n) - 1);
}

FlowPhase RingAlgorithms::all_gather(const std::vector<int>& ranks, double bytes) {
  const double n = static_cast<double>(ranks.size());
  if (ranks.size() < 2) return ring("ring all-gather", ranks, 0, 0);
  return ring("ring all-gather", ranks, (n - 1) / n * bytes, static_cast<int>(n) - 1);
}

FlowSchedule RingAlgorithms::flat_all_reduce(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "ring";
  if (ranks.size() > 1) schedule.phases.push_back(all_reduce(ranks, bytes));
  return schedule;
}

FlowSchedule RingAlgorithms::hierarchical_all_reduce(const std::vector<std::vector<int>>& nodes, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "hierarchical_ring";
  if (nodes.empty()) return schedule;
  const std::size_t local = nodes.front().size();
  for ([[maybe_unused]] const auto& node : nodes) assert(node.size() == local && "hierarchical all-reduce needs equal nodes");

  // One ring per node, each its own group (they share nothing).
  auto per_node = [&nodes, bytes](const std::string& label, FlowPhase (*ring)(const std::vector<int>&, double)) {
    FlowPhase phase{label, {}, 0};
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      FlowPhase part = ring(nodes[n], bytes);
      phase.latency_steps = part.latency_steps;
      for (auto& flow : part.flows) flow.group = static_cast<int>(n);
      phase.flows.insert(phase.flows.end(), part.flows.begin(), part.flows.end());
    }
    return phase;
  };

  if (local > 1) schedule.phases.push_back(per_node("intra-node reduce-scatter", &RingAlgorithms::reduce_scatter));
  if (nodes.size() > 1) {
    FlowPhase phase{"inter-node all-reduce", {}, 0};
    const double shard = bytes / static_cast<double>(local);
    for (std::size_t i = 0; i < local; ++i) {
      std::vector<int> plane;
      plane.reserve(nodes.size());
      for (const auto& node : nodes) plane.push_back(node[i]);
      FlowPhase part = all_reduce(plane, shard);
      phase.latency_steps = part.latency_steps;
      for (auto& flow : part.flows) flow.group = static_cast<int>(i);
      phase.flows.insert(phase.flows.end(), part.flows.begin(), part.flows.end());
    }
    schedule.phases.push_back(std::move(phase));
  }
  if (local > 1) schedule.phases.push_back(per_node("intra-node all-gather", &RingAlgorithms::all_gather));
  return schedule;
}

FlowSchedule RingAlgorithms::all_reduce_by_node(const std::vector<std::vector<int>>& nodes, double bytes) {
  bool equal_nodes = true;
  for (const auto& node : nodes) equal_nodes = equal_nodes && node.size() == nodes.front().size();
  if (equal_nodes) return hierarchical_all_reduce(nodes, bytes);
  std::vector<int> all;
  for (const auto& node : nodes) all.insert(all.end(), node.begin(), node.end());
  return flat_all_reduce(all, bytes);
}

}  // namespace tcsim::collective
