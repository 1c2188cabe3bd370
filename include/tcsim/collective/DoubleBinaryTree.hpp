#pragma once
/** @file NCCL's double binary tree all-reduce as flow schedules. */
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

/**
 * @brief Two complementary binary trees (Sanders, Speck & Träff 2009; NCCL 2.4), each reducing
 * then broadcasting half of the buffer, pipelined in chunks of kPipelineChunkBytes. Tree A is
 * the in-order tree over positions 1..N (leaves at odd positions); tree B is the same tree shifted
 * by one rank, so a rank that is inner in one tree is a leaf in the other and every rank sends
 * and receives at most one chunk's worth per tree per step. Latency grows with log2 N.
 */
class DoubleBinaryTree {
public:
  /** @brief One tree over N ranks: parent index of each (-1 for the root) and each one's depth. */
  struct Tree {
    std::vector<int> parent;
    std::vector<int> depth;
    int height = 0;
  };
  /** @brief Tree A (`shifted` false) or B over `n` ranks. */
  static Tree tree(int n, bool shifted);

  /** @brief All-reduce of `bytes` per rank as two pipelined phases (reduce up, broadcast down). */
  static FlowSchedule all_reduce(const std::vector<int>& ranks, double bytes);
  /** @brief The same, every chunk's hop its own step. */
  static FlowSchedule all_reduce_steps(const std::vector<int>& ranks, double bytes);
};

}  // namespace tcsim::collective
