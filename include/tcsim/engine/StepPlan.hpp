#pragma once
/** @file What every data-parallel rank does in one training step. */
#include <string>
#include <vector>

#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/workload/Model.hpp"

namespace tcsim::engine {

/**
 * @brief One data-parallel step as the step simulator runs it: forward, backward cut at each
 * gradient bucket's completion, bucket all-reduces, then the optimizer update. All data-parallel
 * ranks run the same plan (they hold the same model and the same per-rank batch).
 */
struct StepPlan {
  /** @brief Samples per rank in this step. */
  double batch_per_rank = 0;
  double forward_s = 0;
  /** @brief Backward compute between consecutive bucket completions, in seconds. */
  std::vector<double> backward_segment_s;
  /** @brief Gradient bytes of each bucket, in launch order (reverse layer order). */
  std::vector<double> bucket_bytes;
  /** @brief Backward compute after the last bucket closed (layers without parameters). */
  double backward_tail_s = 0;
  double optimizer_s = 0;
  /** @brief Data-parallel ranks grouped by node (the hierarchical all-reduce follows it). */
  std::vector<std::vector<int>> dp_ranks_by_node;
  /** @brief Software cost per collective algorithm step, in seconds. */
  double collective_step_overhead_s = 0;

  double compute_s() const;

  /**
   * @brief Plans a step of `model` at `batch_per_rank` samples: gradients (FP16) go into buckets of
   * at least `bucket_bytes`, closed as the backward pass produces them (PyTorch DDP, HCCL fusion).
   */
  static StepPlan data_parallel(const workload::Model& model, const ComputeModel& compute, double batch_per_rank,
                                double bucket_bytes, const std::string& optimizer,
                                std::vector<std::vector<int>> dp_ranks_by_node, double collective_step_overhead_s);
};

}  // namespace tcsim::engine
