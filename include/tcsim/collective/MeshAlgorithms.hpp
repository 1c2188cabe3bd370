#pragma once
/** @file HCCL's Mesh collectives, for NPUs that are all directly linked (an HCCS full mesh). */
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief HCCL's intra-server Mesh ("Collective Communication Algorithms", CANN HCCL user guide):
 * every rank reads or writes every peer at once over its own links, so a step is one latency and
 * a rank's N-1 links all carry data. Reduce-scatter: each rank sends the peer's S/N share of its
 * buffer to every peer, (N-1) concurrent flows of S/N, one step; all-gather the same with the
 * result; all-reduce is the two. On a full mesh of links of bandwidth B, one step costs
 * α + (S/N)/B, against (N-1)(α + (S/N)/B) for a ring that uses one link at a time.
 */
class MeshAlgorithms {
public:
  /** @brief Reduce-scatter of `bytes` per rank: every rank sends bytes/N to each of the N-1 others at once. */
  static FlowPhase reduce_scatter(const std::vector<int>& ranks, double bytes);
  /** @brief All-gather to `bytes` per rank: every rank sends its bytes/N to each of the N-1 others at once. */
  static FlowPhase all_gather(const std::vector<int>& ranks, double bytes);
  /**
   * @brief One step in which every rank sends bytes/N to each of the N-1 others at once (one
   * group): the mesh's reduce-scatter and all-gather, and the direct all-to-all.
   */
  static FlowPhase every_pair(const char* label, const std::vector<int>& ranks, double bytes);
  /** @brief All-reduce of `bytes` per rank: the reduce-scatter, then the all-gather (two steps). */
  static FlowSchedule all_reduce(const std::vector<int>& ranks, double bytes);
};

}  // namespace tcsim::collective
