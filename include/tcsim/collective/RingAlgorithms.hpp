#pragma once
/** @file Ring and hierarchical-ring collectives as flow schedules. */
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief Pipelined ring collectives (Patarasuk & Yuan 2009): each rank sends to the next one in
 * `ranks`, so an N-rank ring costs N flows whatever the buffer size.
 */
class RingAlgorithms {
public:
  /** @brief All-reduce of `bytes` per rank: each rank sends 2(N-1)/N·bytes in 2(N-1) steps. */
  static FlowPhase all_reduce(const std::vector<int>& ranks, double bytes);
  /** @brief Reduce-scatter of `bytes` per rank: each rank sends (N-1)/N·bytes in N-1 steps. */
  static FlowPhase reduce_scatter(const std::vector<int>& ranks, double bytes);
  /** @brief All-gather to `bytes` per rank: each rank sends (N-1)/N·bytes in N-1 steps. */
  static FlowPhase all_gather(const std::vector<int>& ranks, double bytes);
  /**
   * @brief Broadcast of `bytes` from ranks[0] along the chain ranks[0] -> ranks[1] -> ...,
   * pipelined in chunks of kPipelineChunkBytes: N-1 flows of `bytes`, N-1 hops deep.
   */
  static FlowPhase broadcast(const std::vector<int>& ranks, double bytes);
  /** @brief The chained broadcast step by step: chunk c crosses hop j at step c + j. */
  static FlowSchedule broadcast_steps(const std::vector<int>& ranks, double bytes);

  /**
   * @brief A ring phase of k algorithm steps as k phases, each moving 1/k of every flow's bytes
   * (what one ring step sends) and paying one latency: the detailed form of any ring phase.
   */
  static std::vector<FlowPhase> steps_of(const FlowPhase& phase);

  /**
   * @brief HCCL's Double-Ring: two rings in opposite directions at once, each carrying half the
   * buffer in its own lane (`ring` is all_reduce, reduce_scatter or all_gather). Each rank sends
   * to both neighbours: where those are separate links (a full mesh) a step moves twice a ring's
   * bytes; through one port (a switch) it is a ring.
   */
  static FlowPhase double_ring(FlowPhase (*ring)(const std::vector<int>&, double), const std::vector<int>& ranks,
                               double bytes);
  /** @brief A flat ring all-reduce over `ranks`. */
  static FlowSchedule flat_all_reduce(const std::vector<int>& ranks, double bytes);

};

}  // namespace tcsim::collective
