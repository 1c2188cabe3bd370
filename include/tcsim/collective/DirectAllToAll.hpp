#pragma once
/** @file All-to-all as direct transfers between every pair of ranks. */
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief Direct (pairwise) all-to-all, as HCCL and NCCL run it for expert dispatch: every rank
 * sends bytes/N to each of the N-1 others at once, one algorithm step of latency; N(N-1) flows.
 */
class DirectAllToAll {
public:
  /** @brief All-to-all of `bytes` per rank (the whole send buffer, its own share included). */
  static FlowPhase phase(const std::vector<int>& ranks, double bytes);
};

}  // namespace tcsim::collective
