#pragma once
/** @file All-to-all as direct or pairwise transfers between every pair of ranks. */
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief All-to-all of `bytes` per rank (the whole send buffer, its own share included): every
 * rank sends bytes/N to each of the N-1 others.
 */
class AllToAllAlgorithms {
public:
  /** @brief Direct, as NCCL and HCCL run expert dispatch: all N(N-1) transfers at once, one step of latency. */
  static FlowSchedule direct(const std::vector<int>& ranks, double bytes);
  /**
   * @brief Pairwise exchange: N-1 steps, at step k rank i sends to rank i+k; N flows at a time,
   * so no incast, at the price of N-1 latencies.
   */
  static FlowSchedule pairwise(const std::vector<int>& ranks, double bytes);
};

}  // namespace tcsim::collective
