#pragma once
/** @file HCCL's NHR and NB: logarithmic-step reduce-scatter and all-gather for any number of ranks. */
#include <vector>

#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief HCCL's inter-server algorithms for server counts that are not powers of two (CANN HCCL
 * user guide, "Collective Communication Algorithms"; HCCL_ALGO): NHR (Nonuniform Hierarchical
 * Ring) and NB (Nonuniform Bruck). Both move the optimal (N-1)/N·S per rank for a reduce-scatter
 * or an all-gather in K = ceil(log2 N) steps, each rank sending to one peer and receiving from
 * one peer a step (so no incast): K·α + (N-1)/N·S/B, all-reduce twice that, for any N.
 *
 * Modelled as Bruck's pattern (Bruck et al. 1997): an all-gather's step j sends
 * min(2^j, N - 2^j) blocks of S/N from rank i to rank i + d_j (mod N, in the group's order); a
 * reduce-scatter is the same steps in reverse (largest first). They differ in where the large
 * steps go, which matters when links are shared: NB uses d_j = 2^j, so its largest step spans
 * the farthest ranks; NHR, which HCCL builds to keep "the largest traffic between physically
 * close nodes", uses the distances in reverse, so its largest step is between neighbours.
 */
class LogStepAlgorithms {
public:
  enum class Kind { nhr, nb };
  /** @brief Steps for N ranks: ceil(log2 N). */
  static int steps(std::size_t n);
  /** @brief Reduce-scatter, all-gather or all-reduce (the two) of `bytes` per rank. */
  static FlowSchedule build(Kind kind, Operation operation, const std::vector<int>& ranks, double bytes);
};

}  // namespace tcsim::collective
