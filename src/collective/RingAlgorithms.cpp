#include "tcsim/collective/RingAlgorithms.hpp"

#include <cmath>

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

FlowPhase RingAlgorithms::double_ring(FlowPhase (*ring)(const std::vector<int>&, double), const std::vector<int>& ranks,
                                      double bytes) {
  FlowPhase phase = ring(ranks, bytes / 2);
  phase.label = "double " + phase.label;
  const std::vector<int> reversed(ranks.rbegin(), ranks.rend());
  for (Flow flow : ring(reversed, bytes / 2).flows) {
    flow.lane = 1;
    phase.flows.push_back(flow);
  }
  return phase;
}

FlowSchedule RingAlgorithms::flat_all_reduce(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "ring";
  if (ranks.size() > 1) schedule.phases.push_back(all_reduce(ranks, bytes));
  return schedule;
}

}  // namespace tcsim::collective
