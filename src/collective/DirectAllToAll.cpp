#include "tcsim/collective/DirectAllToAll.hpp"

namespace tcsim::collective {

FlowPhase DirectAllToAll::phase(const std::vector<int>& ranks, double bytes) {
  FlowPhase phase;
  phase.label = "direct all-to-all";
  const std::size_t n = ranks.size();
  if (n < 2) return phase;
  phase.latency_steps = 1;
  phase.flows.reserve(n * (n - 1));
  const double share = bytes / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j) phase.flows.push_back(Flow{ranks[i], ranks[j], share, 0});
    }
  }
  return phase;
}

}  // namespace tcsim::collective
