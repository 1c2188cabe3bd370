#pragma once
/** @file Where each (data, pipeline, tensor) rank of a plan runs. */
#include <string>
#include <vector>

#include "tcsim/parallel/ParallelPlan.hpp"
#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::parallel {

/**
 * @brief Maps rank coordinates (d, p, t) to NPUs (global, node-major indices). The dimensions
 * are laid out in `order`, innermost first: with the default ["tp", "pp", "dp"] a tensor-parallel
 * group is tp consecutive NPUs, so it stays inside a node (or a supernode) whenever tp divides
 * the node's NPUs; the stages of a pipeline come next and data parallelism is outermost, as
 * Megatron-LM places them. Expert-parallel groups are ep consecutive data-parallel ranks.
 */
class RankPlacement {
public:
  /** @brief `node_of_npu[i]`: node of NPU i (NPUs the plan does not use stay idle). */
  RankPlacement(const ParallelPlan& plan, std::vector<std::string> order, std::vector<int> node_of_npu);
  /** @brief The default layout on `topology`'s nodes. */
  static RankPlacement on(const topology::TopologySpec& topology, const ParallelPlan& plan,
                          const std::vector<std::string>& order);

  int npu(int d, int p, int t) const;
  /**
   * @brief The same layout with the ranks of NPUs from .. from + count - 1 moved to NPUs
   * to .. to + count - 1 (a server re-placed onto a spare after a failure).
   */
  RankPlacement with_moved_npus(int from, int to, int count) const;
  int node_of(int npu) const { return node_of_npu_.at(npu); }
  const std::vector<std::string>& order() const { return order_; }

  /** @brief The tp NPUs of data rank d, stage p. */
  std::vector<int> tp_group(int d, int p) const;
  /** @brief The dp NPUs of stage p, tensor rank t (they all-reduce one gradient shard). */
  std::vector<int> dp_group(int p, int t) const;
  /** @brief The ep NPUs that exchange tokens with (d, p, t): the ep-block of data ranks holding d. */
  std::vector<int> ep_group(int d, int p, int t) const;
  /** @brief The dp/ep NPUs holding the same experts as (d, p, t) (they all-reduce expert gradients). */
  std::vector<int> expert_dp_group(int d, int p, int t) const;
  /** @brief `npus` grouped by node, in order of first appearance (hierarchical collectives). */
  std::vector<std::vector<int>> by_node(const std::vector<int>& npus) const;
  /** @brief Nodes a group's NPUs span. */
  int nodes_spanned(const std::vector<int>& npus) const;

private:
  ParallelPlan plan_;
  std::vector<std::string> order_;
  std::vector<int> node_of_npu_;
  int stride_d_ = 1;
  int stride_p_ = 1;
  int stride_t_ = 1;
  /** Where each NPU of the default layout runs instead (empty: nowhere else). */
  std::vector<int> moved_to_;
};

}  // namespace tcsim::parallel
