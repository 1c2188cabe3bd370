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

  /** @brief A flat ring all-reduce over `ranks`. */
  static FlowSchedule flat_all_reduce(const std::vector<int>& ranks, double bytes);

  /**
   * @brief Hierarchical all-reduce over nodes (HCCL's and NCCL's two-level scheme): ring
   * reduce-scatter inside each node, then one ring all-reduce per local index across nodes
   * (each carrying 1/L of the buffer over that NPU's own NIC), then ring all-gather inside each
   * node. `nodes[n]` lists node n's ranks; all nodes must have the same number of ranks.
   */
  static FlowSchedule hierarchical_all_reduce(const std::vector<std::vector<int>>& nodes, double bytes);

  /**
   * @brief The all-reduce HCCL and NCCL pick for ranks grouped by node: hierarchical when every
   * node holds the same number of them, else one flat ring (e.g. a group that covers part of a node).
   */
  static FlowSchedule all_reduce_by_node(const std::vector<std::vector<int>>& nodes, double bytes);
};

}  // namespace tcsim::collective
