#include "tcsim/collective/AllToAllAlgorithms.hpp"

namespace tcsim::collective {

FlowSchedule AllToAllAlgorithms::direct(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "direct";
  const std::size_t n = ranks.size();
  if (n < 2) return schedule;
  FlowPhase phase{"direct all-to-all", {}, 1};
  phase.flows.reserve(n * (n - 1));
  const double share = bytes / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j) phase.flows.push_back(Flow{ranks[i], ranks[j], share, 0});
  schedule.phases.push_back(std::move(phase));
  return schedule;
}

FlowSchedule AllToAllAlgorithms::pairwise(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "pairwise";
  const std::size_t n = ranks.size();
  const double share = bytes / static_cast<double>(n);
  for (std::size_t k = 1; k < n; ++k) {
    FlowPhase phase{"pairwise all-to-all step " + std::to_string(k), {}, 1};
    phase.flows.reserve(n);
    for (std::size_t i = 0; i < n; ++i) phase.flows.push_back(Flow{ranks[i], ranks[(i + k) % n], share, 0});
    schedule.phases.push_back(std::move(phase));
  }
  return schedule;
}

}  // namespace tcsim::collective
