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

  /** @brief A flat ring all-reduce over `ranks`. */
  static FlowSchedule flat_all_reduce(const std::vector<int>& ranks, double bytes);

  /**
   * @brief Hierarchical all-reduce over nodes (HCCL's and NCCL's two-level scheme):
   * reduce-scatter inside each node, then one ring all-reduce per local index across nodes
   * (each carrying 1/L of the buffer over that NPU's own NIC), then all-gather inside each node.
   * Inside a node: rings, or the mesh (MeshAlgorithms) when `mesh_inside` (its NPUs are fully
   * meshed, where HCCL's level 0 runs Mesh). `nodes[n]` lists node n's ranks; all nodes must
   * have the same number of ranks.
   */
  static FlowSchedule hierarchical_all_reduce(const std::vector<std::vector<int>>& nodes, double bytes,
                                              bool mesh_inside = false);
  /** @brief Hierarchical reduce-scatter: inside each node (`bytes`), then across nodes per local index (bytes/L). */
  static FlowSchedule hierarchical_reduce_scatter(const std::vector<std::vector<int>>& nodes, double bytes,
                                                  bool mesh_inside = false);
  /** @brief Hierarchical all-gather to `bytes`: across nodes per local index (to bytes/L), then inside each node. */
  static FlowSchedule hierarchical_all_gather(const std::vector<std::vector<int>>& nodes, double bytes,
                                              bool mesh_inside = false);
};

}  // namespace tcsim::collective
