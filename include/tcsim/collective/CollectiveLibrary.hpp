#pragma once
/** @file Which algorithm can run which collective, and its flow schedule. */
#include <string>
#include <vector>

#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/Communicator.hpp"
#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/** @brief The collective algorithms tcsim models, behind one entry point. */
class CollectiveLibrary {
public:
  /**
   * @brief Slices HCCL's Pipeline cuts a buffer into (assumed: HCCL does not document it). More
   * slices overlap the two levels better and pay more step latencies.
   */
  static constexpr int kPipelineSlices = 4;

  /** @brief The algorithms that implement `operation`, in order of preference on a tie. */
  static std::vector<Algorithm> algorithms_for(Operation operation);
  /** @brief Whether `algorithm` is one of `operation`'s algorithms (whatever the group's shape). */
  static bool implements(Algorithm algorithm, Operation operation);
  /**
   * @brief Empty if `algorithm` can run `operation` on `communicator`, else why not (e.g.
   * "halving_doubling needs a power-of-two number of ranks, not 48").
   */
  static std::string unavailable_reason(Algorithm algorithm, Operation operation, const Communicator& communicator);
  /**
   * @brief The flow schedule of `operation` on `bytes` per rank (the buffer for all-reduce,
   * reduce-scatter, broadcast and all-to-all, the result for all-gather).
   * @throw std::invalid_argument if the algorithm cannot run it (unavailable_reason says why).
   */
  static FlowSchedule build(Algorithm algorithm, Operation operation, const Communicator& communicator, double bytes,
                            Fidelity fidelity);
};

}  // namespace tcsim::collective
