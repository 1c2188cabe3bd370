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
 * ranks hold the same model and the same per-rank batch; ranks on the same accelerator model
 * compute alike, so the plan has one compute stream per accelerator model in the job.
 */
struct StepPlan {
  /** @brief What every rank on one accelerator model computes, and the rank that stands for them. */
  struct ComputeStream {
    int representative_rank = 0;
    std::string device;
    double forward_s = 0;
    /** @brief Backward compute between consecutive bucket completions, in seconds. */
    std::vector<double> backward_segment_s;
    /** @brief Backward compute after the last bucket closed (layers without parameters). */
    double backward_tail_s = 0;
    double optimizer_s = 0;
    double compute_s() const;
  };
  /** @brief An accelerator model's compute model and the first rank that runs on it. */
  struct RankCompute {
    int representative_rank = 0;
    ComputeModel compute;
  };

  /** @brief Samples per rank in this step. */
  double batch_per_rank = 0;
  /** @brief One per accelerator model, in rank order of first appearance. */
  std::vector<ComputeStream> streams;
  /** @brief Gradient bytes of each bucket, in launch order (reverse layer order). */
  std::vector<double> bucket_bytes;
  /** @brief Data-parallel ranks grouped by node (the hierarchical all-reduce follows it). */
  std::vector<std::vector<int>> dp_ranks_by_node;
  /** @brief Software cost per collective algorithm step, in seconds. */
  double collective_step_overhead_s = 0;

  /** @brief Compute of the slowest stream (the one every all-reduce waits for), in seconds. */
  double compute_s() const;

  /**
   * @brief Plans a step of `model` at `batch_per_rank` samples: gradients (FP16) go into buckets of
   * at least `bucket_bytes`, closed as the backward pass produces them (PyTorch DDP, HCCL fusion).
   * `devices` lists each accelerator model in the job (heterogeneous clusters have several).
   */
  static StepPlan data_parallel(const workload::Model& model, const std::vector<RankCompute>& devices,
                                double batch_per_rank, double bucket_bytes, const std::string& optimizer,
                                std::vector<std::vector<int>> dp_ranks_by_node, double collective_step_overhead_s);
  /** @brief The same on one accelerator model, represented by the first data-parallel rank. */
  static StepPlan data_parallel(const workload::Model& model, const ComputeModel& compute, double batch_per_rank,
                                double bucket_bytes, const std::string& optimizer,
                                std::vector<std::vector<int>> dp_ranks_by_node, double collective_step_overhead_s);
};

}  // namespace tcsim::engine
