#include "tcsim/collective/StarAlgorithms.hpp"

namespace tcsim::collective {
namespace {

/** Every other rank to the root (`to_root`) or the root to every other rank, `bytes` each, one step. */
FlowPhase spokes(const char* label, const std::vector<int>& ranks, double bytes, bool to_root) {
  FlowPhase phase{label, {}, 1};
  for (std::size_t i = 1; i < ranks.size(); ++i)
    phase.flows.push_back(to_root ? Flow{ranks[i], ranks[0], bytes, 0} : Flow{ranks[0], ranks[i], bytes, 0});
  return phase;
}

}  // namespace

FlowSchedule StarAlgorithms::all_reduce(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "star";
  if (ranks.size() < 2) return schedule;
  schedule.phases.push_back(spokes("star reduce to the root", ranks, bytes, true));
  schedule.phases.push_back(spokes("star broadcast from the root", ranks, bytes, false));
  return schedule;
}

FlowSchedule StarAlgorithms::broadcast(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "star";
  if (ranks.size() >= 2) schedule.phases.push_back(spokes("star broadcast from the root", ranks, bytes, false));
  return schedule;
}

}  // namespace tcsim::collective
