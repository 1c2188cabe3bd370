#include "tcsim/collective/MeshAlgorithms.hpp"

namespace tcsim::collective {

FlowPhase MeshAlgorithms::every_pair(const char* label, const std::vector<int>& ranks, double bytes) {
  FlowPhase phase{label, {}, 0};
  const std::size_t n = ranks.size();
  if (n < 2) return phase;
  phase.latency_steps = 1;
  phase.flows.reserve(n * (n - 1));
  const double share = bytes / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j) phase.flows.push_back(Flow{ranks[i], ranks[j], share, 0});
  return phase;
}

FlowPhase MeshAlgorithms::reduce_scatter(const std::vector<int>& ranks, double bytes) {
  return every_pair("mesh reduce-scatter", ranks, bytes);
}

FlowPhase MeshAlgorithms::all_gather(const std::vector<int>& ranks, double bytes) {
  return every_pair("mesh all-gather", ranks, bytes);
}

FlowSchedule MeshAlgorithms::all_reduce(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "mesh";
  if (ranks.size() < 2) return schedule;
  schedule.phases.push_back(reduce_scatter(ranks, bytes));
  schedule.phases.push_back(all_gather(ranks, bytes));
  return schedule;
}

}  // namespace tcsim::collective
