#include "tcsim/collective/AllToAllAlgorithms.hpp"

#include "tcsim/collective/MeshAlgorithms.hpp"

namespace tcsim::collective {

FlowSchedule AllToAllAlgorithms::direct(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "direct";
  if (ranks.size() >= 2) schedule.phases.push_back(MeshAlgorithms::every_pair("direct all-to-all", ranks, bytes));
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
