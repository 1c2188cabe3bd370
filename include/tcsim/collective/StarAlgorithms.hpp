#pragma once
/** @file HCCL's Star: every rank exchanges with one root. */
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief HCCL's intra-server Star (CANN HCCL user guide, "Collective Communication
 * Algorithms"): the root, ranks[0], talks to every other rank at once. Two steps for an
 * all-reduce (every rank sends its buffer to the root, which reduces and sends the result back),
 * one for a broadcast: the fewest steps of all, at the price of the root's links carrying N-1
 * buffers, so it suits small messages, and large ones only where the root reaches every peer on
 * a link of its own (a full mesh: 2(α + S/B)).
 */
class StarAlgorithms {
public:
  static FlowSchedule all_reduce(const std::vector<int>& ranks, double bytes);
  static FlowSchedule broadcast(const std::vector<int>& ranks, double bytes);
};

}  // namespace tcsim::collective
