#pragma once
/** @file 2D mesh/torus collectives: rings along rows and columns at once. */
#include <optional>
#include <vector>

#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/Communicator.hpp"
#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief Collectives on an R x C grid of ranks, as on a 2D mesh/torus supernode (Ying et al.
 * 2018, TPU pods; HCCL's mesh algorithms): half the buffer reduces along the rows first, the
 * other half along the columns first, so both dimensions' links work at once. All-reduce:
 * reduce-scatter (rows | columns), all-reduce of the shards (columns | rows), all-gather
 * (rows | columns): 2(R-1) + 2(C-1) latencies instead of a flat ring's 2(RC-1).
 */
class Torus2d {
public:
  /**
   * @brief The grid of a communicator: one row per node when there are at least two nodes of
   * at least two ranks each, else the ranks in order as the most nearly square R x C with
   * R, C >= 2; none if the size has no such factors (a prime number of ranks, fewer than 4).
   */
  static std::optional<std::vector<std::vector<int>>> grid(const Communicator& communicator);

  /** @brief All-reduce, reduce-scatter or all-gather of `bytes` per rank on `rows` (a grid). */
  static FlowSchedule build(Operation operation, const std::vector<std::vector<int>>& rows, double bytes,
                            Fidelity fidelity);
};

}  // namespace tcsim::collective
