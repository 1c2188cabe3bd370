#include "tcsim/collective/LogStepAlgorithms.hpp"

#include <algorithm>
#include <string>

namespace tcsim::collective {
namespace {

/** Blocks an all-gather's step j sends: what a rank holds after j steps, capped by what it lacks. */
std::size_t blocks_at(std::size_t j, std::size_t n) {
  const std::size_t held = std::size_t{1} << j;
  return std::min(held, n - held);
}

FlowPhase step(const std::string& label, const std::vector<int>& ranks, std::size_t distance, double bytes) {
  FlowPhase phase{label, {}, 1};
  const std::size_t n = ranks.size();
  phase.flows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) phase.flows.push_back(Flow{ranks[i], ranks[(i + distance) % n], bytes, 0});
  return phase;
}

/** The all-gather's steps in order (j = 0..K-1), or the reduce-scatter's (the same, reversed). */
void append(FlowSchedule& schedule, LogStepAlgorithms::Kind kind, bool gather, const std::vector<int>& ranks,
            double bytes) {
  const std::size_t n = ranks.size();
  const int k = LogStepAlgorithms::steps(n);
  const double block = bytes / static_cast<double>(n);
  const char* what = gather ? " all-gather" : " reduce-scatter";
  for (int s = 0; s < k; ++s) {
    const int j = gather ? s : k - 1 - s;  // the all-gather step this one mirrors
    const std::size_t distance = std::size_t{1} << (kind == LogStepAlgorithms::Kind::nb ? j : k - 1 - j);
    schedule.phases.push_back(step(std::string(schedule.algorithm) + what + ", distance " + std::to_string(distance), ranks,
                                   distance, static_cast<double>(blocks_at(static_cast<std::size_t>(j), n)) * block));
  }
}

}  // namespace

int LogStepAlgorithms::steps(std::size_t n) {
  int k = 0;
  while ((std::size_t{1} << k) < n) ++k;
  return k;
}

FlowSchedule LogStepAlgorithms::build(Kind kind, Operation operation, const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = kind == Kind::nhr ? "nhr" : "nb";
  if (ranks.size() < 2) return schedule;
  if (operation != Operation::all_gather) append(schedule, kind, false, ranks, bytes);
  if (operation != Operation::reduce_scatter) append(schedule, kind, true, ranks, bytes);
  return schedule;
}

}  // namespace tcsim::collective
