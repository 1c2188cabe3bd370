#pragma once
/** @file Automatic choice of a collective algorithm from an α-β cost estimate, as NCCL's tuner does. */
#include <vector>

#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/Communicator.hpp"

namespace tcsim::collective {

/** @brief α (latency of one algorithm step, in seconds) and β⁻¹ (bytes per second) of one kind of hop. */
struct LinkCost {
  double alpha_s = 0;
  double bytes_per_s = 1;
};

/**
 * @brief Picks, among the algorithms that can run a collective, the one with the lowest α-β
 * estimate for its size and the group's shape (NCCL's tuning model and HCCL's selection work
 * the same way: latency-bound sizes go to trees and halving-doubling, bandwidth-bound ones to
 * rings; groups spread over nodes to hierarchical schemes). Hops inside a node cost `intra`,
 * hops between nodes `inter`. All-to-all is direct up to kDirectAllToAllMaxRanks ranks and
 * pairwise beyond: N(N-1) simultaneous transfers overrun switch buffers (incast).
 */
class CollectiveSelector {
public:
  static constexpr std::size_t kDirectAllToAllMaxRanks = 32;

  /** @brief The estimated time of `algorithm` (which must be available), in seconds. */
  static double estimate_s(Algorithm algorithm, Operation operation, const Communicator& communicator, double bytes,
                           LinkCost intra, LinkCost inter);
  /** @brief The available algorithm with the lowest estimate. */
  static Algorithm choose(Operation operation, const Communicator& communicator, double bytes, LinkCost intra,
                          LinkCost inter);
  /** @brief The available one of `candidates` with the lowest estimate; ties (within 0.1%) keep the earlier. */
  static Algorithm lowest(const std::vector<Algorithm>& candidates, Operation operation, const Communicator& communicator,
                          double bytes, LinkCost intra, LinkCost inter);
};

}  // namespace tcsim::collective
