#pragma once
/** @file Recursive halving-doubling (Rabenseifner) collectives as flow schedules. */
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief Reduce-scatter by recursive halving (log2 N steps, partner at distance N/2, N/4, ...,
 * half the remaining buffer each), all-gather by recursive doubling, all-reduce as both
 * (Thakur, Rabenseifner & Gropp 2005): 2·log2(N)·α + 2(N-1)/N·S/B. N must be a power of two.
 * Every step is a phase of N flows.
 */
class HalvingDoubling {
public:
  static bool is_power_of_two(std::size_t n) { return n > 0 && (n & (n - 1)) == 0; }
  static FlowSchedule all_reduce(const std::vector<int>& ranks, double bytes);
  static FlowSchedule reduce_scatter(const std::vector<int>& ranks, double bytes);
  /** @brief All-gather to `bytes` per rank. */
  static FlowSchedule all_gather(const std::vector<int>& ranks, double bytes);
};

}  // namespace tcsim::collective
