#include "tcsim/collective/RingAlgorithms.hpp"

#include <cassert>
#include <cmath>

#include "tcsim/collective/MeshAlgorithms.hpp"

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

using RingPhase = FlowPhase (*)(const std::vector<int>&, double);

/** One ring per node, each its own group (they share nothing). */
FlowPhase per_node(const std::string& label, const std::vector<std::vector<int>>& nodes, double bytes, RingPhase make) {
  FlowPhase phase{label, {}, 0};
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    FlowPhase part = make(nodes[n], bytes);
    phase.latency_steps = part.latency_steps;
    for (auto& flow : part.flows) flow.group = static_cast<int>(n);
    phase.flows.insert(phase.flows.end(), part.flows.begin(), part.flows.end());
  }
  return phase;
}

/** One ring per local index across nodes (a "plane": that NPU of every node), each its own group. */
FlowPhase per_plane(const std::string& label, const std::vector<std::vector<int>>& nodes, double bytes, RingPhase make) {
  FlowPhase phase{label, {}, 0};
  const std::size_t local = nodes.front().size();
  for (std::size_t i = 0; i < local; ++i) {
    std::vector<int> plane;
    plane.reserve(nodes.size());
    for (const auto& node : nodes) plane.push_back(node[i]);
    FlowPhase part = make(plane, bytes);
    phase.latency_steps = part.latency_steps;
    for (auto& flow : part.flows) flow.group = static_cast<int>(i);
    phase.flows.insert(phase.flows.end(), part.flows.begin(), part.flows.end());
  }
  return phase;
}

std::size_t equal_local(const std::vector<std::vector<int>>& nodes) {
  const std::size_t local = nodes.front().size();
  for ([[maybe_unused]] const auto& node : nodes) assert(node.size() == local && "hierarchical rings need equal nodes");
  return local;
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

FlowPhase RingAlgorithms::broadcast(const std::vector<int>& ranks, double bytes) {
  FlowPhase phase{"chain broadcast", {}, 0};
  if (ranks.size() < 2) return phase;
  for (std::size_t i = 0; i + 1 < ranks.size(); ++i) phase.flows.push_back(Flow{ranks[i], ranks[i + 1], bytes, 0});
  phase.pipeline_depth = static_cast<int>(ranks.size()) - 1;
  phase.chunk_bytes = kPipelineChunkBytes;
  phase.fill_steps = phase.pipeline_depth - 1;  // every hop carries one chunk a step
  phase.latency_steps = phase.pipeline_depth;
  return phase;
}

FlowSchedule RingAlgorithms::broadcast_steps(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "ring";
  if (ranks.size() < 2) return schedule;
  const int hops = static_cast<int>(ranks.size()) - 1;
  const int chunks = std::max(1, static_cast<int>(std::ceil(bytes / kPipelineChunkBytes - 1e-9)));
  const double chunk = bytes / chunks;
  for (int t = 0; t < chunks + hops - 1; ++t) {
    FlowPhase step{"chain broadcast step " + std::to_string(t), {}, 1};
    // Every hop is a group of its own: it waits only for the hops through its two ranks one step
    // before, so fast hops do not wait for the slowest one (no lock step).
    for (int j = 0; j < hops; ++j) {
      const int c = t - j;
      if (c >= 0 && c < chunks) step.flows.push_back(Flow{ranks[j], ranks[j + 1], chunk, j});
    }
    schedule.phases.push_back(std::move(step));
  }
  return schedule;
}

std::vector<FlowPhase> RingAlgorithms::steps_of(const FlowPhase& phase) {
  if (phase.pipeline_depth > 0 || phase.latency_steps <= 1) return {phase};
  std::vector<FlowPhase> steps;
  const int k = phase.latency_steps;
  for (int s = 0; s < k; ++s) {
    FlowPhase step{phase.label + " step " + std::to_string(s + 1), phase.flows, 1};
    for (auto& flow : step.flows) flow.bytes /= k;
    steps.push_back(std::move(step));
  }
  return steps;
}

FlowSchedule RingAlgorithms::flat_all_reduce(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "ring";
  if (ranks.size() > 1) schedule.phases.push_back(all_reduce(ranks, bytes));
  return schedule;
}

namespace {

/**
 * Two-level schedule: optionally a reduce-scatter inside each node, then `across` on each plane
 * with the node's shard (bytes / ranks per node), then optionally an all-gather inside each node.
 * Inside a node: a mesh where its NPUs are fully meshed, else a ring (HCCL's level 0).
 */
FlowSchedule hierarchical(const std::vector<std::vector<int>>& nodes, double bytes, bool mesh_inside,
                          bool reduce_inside_first, RingPhase across, const char* across_label, bool gather_inside_last) {
  FlowSchedule schedule;
  schedule.algorithm = "hierarchical_ring";
  if (nodes.empty()) return schedule;
  const std::size_t local = equal_local(nodes);
  if (reduce_inside_first && local > 1) {
    schedule.phases.push_back(mesh_inside ? per_node("intra-node mesh reduce-scatter", nodes, bytes, &MeshAlgorithms::reduce_scatter)
                                          : per_node("intra-node reduce-scatter", nodes, bytes, &RingAlgorithms::reduce_scatter));
  }
  if (nodes.size() > 1) schedule.phases.push_back(per_plane(across_label, nodes, bytes / static_cast<double>(local), across));
  if (gather_inside_last && local > 1) {
    schedule.phases.push_back(mesh_inside ? per_node("intra-node mesh all-gather", nodes, bytes, &MeshAlgorithms::all_gather)
                                          : per_node("intra-node all-gather", nodes, bytes, &RingAlgorithms::all_gather));
  }
  return schedule;
}

}  // namespace

FlowSchedule RingAlgorithms::hierarchical_all_reduce(const std::vector<std::vector<int>>& nodes, double bytes,
                                                     bool mesh_inside) {
  return hierarchical(nodes, bytes, mesh_inside, true, &RingAlgorithms::all_reduce, "inter-node all-reduce", true);
}

FlowSchedule RingAlgorithms::hierarchical_reduce_scatter(const std::vector<std::vector<int>>& nodes, double bytes,
                                                         bool mesh_inside) {
  return hierarchical(nodes, bytes, mesh_inside, true, &RingAlgorithms::reduce_scatter, "inter-node reduce-scatter", false);
}

FlowSchedule RingAlgorithms::hierarchical_all_gather(const std::vector<std::vector<int>>& nodes, double bytes,
                                                     bool mesh_inside) {
  return hierarchical(nodes, bytes, mesh_inside, false, &RingAlgorithms::all_gather, "inter-node all-gather", true);
}

}  // namespace tcsim::collective
