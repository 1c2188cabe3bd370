#pragma once
/** @file A workload's parallel plan resolved against the NPUs a topology offers. */
#include <string>
#include <vector>

#include "tcsim/workload/WorkloadSpec.hpp"

namespace tcsim::parallel {

/**
 * @brief Degrees, batch split and layer split of one training job. Pipeline stage s holds
 * model chunks c = 0 .. virtual_stages-1; chunk c of stage s is virtual stage c·pp + s, and
 * micro-batches flow through the virtual stages in order (Megatron-LM's interleaving).
 */
struct ParallelPlan {
  int dp = 1;
  int tp = 1;
  int pp = 1;
  /** @brief Expert parallelism: the experts are split over `ep` consecutive data-parallel ranks. */
  int ep = 1;
  int virtual_stages = 1;
  std::string schedule = "1f1b";
  /** @brief Samples one data-parallel rank (one pipeline) processes per step. */
  double batch_per_rank = 0;
  /** @brief Samples per micro-batch, and micro-batches per pipeline per step. */
  double micro_batch = 0;
  int micro_batches = 1;
  /**
   * @brief Most forward-backward tasks of one pipeline in one step (micro-batches x pp x
   * virtual stages) that a plan may ask for: every task is simulated, and 2^18 of them take about
   * 4 minutes and 2 GiB (Llama 3 70B, pp 4, 65,536 micro-batches). Real steps have thousands.
   */
  static constexpr long long kMaxPipelineTasks = 1LL << 18;
  /** @brief Transformer blocks of each virtual stage (pp·virtual_stages entries); empty for CNNs. */
  std::vector<int> virtual_stage_blocks;

  int npus() const { return dp * tp * pp; }
  int virtual_stage_count() const { return pp * virtual_stages; }
  int virtual_stage(int stage, int chunk) const { return chunk * pp + stage; }
  /** @brief First block of virtual stage `k`. */
  int first_block(int k) const;
  /** @brief Blocks held by pipeline stage `stage` (all its chunks). */
  int stage_blocks(int stage) const;

  /**
   * @brief Resolves `w` on `npus` NPUs: an omitted dp takes every NPU left by tp and pp. Blocks
   * follow the workload's `stage_layers`, else workload::even_stage_split.
   * @throw InputError (file `w.source_file`) when the plan needs more NPUs than there are, the
   * batch does not split into micro-batches, or interleaving lacks micro-batches.
   */
  static ParallelPlan resolve(const workload::WorkloadSpec& w, int npus);
};

}  // namespace tcsim::parallel
