#pragma once
/** @file Memory one NPU needs for a training plan. */
#include <string>
#include <vector>

#include "tcsim/workload/WorkloadSpec.hpp"

namespace tcsim::workload {

/** @brief Peak bytes on one NPU, by kind. */
struct MemoryBreakdown {
  double weights_bytes = 0;
  double gradients_bytes = 0;
  double optimizer_bytes = 0;
  double activations_bytes = 0;
  double buffers_bytes = 0;
  /** @brief Micro-batches whose activations are held at once (pipeline schedules hold several). */
  int micro_batches_in_flight = 1;
  /** @brief The pipeline stage these figures are for (the busiest one). */
  int stage = 0;
  double total_bytes() const { return weights_bytes + gradients_bytes + optimizer_bytes + activations_bytes + buffers_bytes; }
};

/**
 * @brief Mixed-precision training state and activations of the busiest NPU (the pipeline stage
 * that needs the most memory).
 *
 * States: FP16 weights and gradients (2 + 2 bytes per parameter), FP32 master weights and the
 * optimizer's moments (Adam: 4 + 4 + 4; SGD/LARS: 4 + 4) of the stage's own layers: its
 * transformer blocks, plus the embedding on stage 0 and the final norm, head and loss on the
 * last stage (which also keeps a copy of tied embeddings, as Megatron-LM does), all split over
 * tp, experts over ep, and by ZeRO stage over dp.
 *
 * Transformer activations per layer and micro-batch follow Korthikanti et al. 2022: s b h (10 +
 * 24/t + 5 a s/(h t)) bytes, s b h (34/t + 5 a s/(h t)) with sequence parallelism, the attention
 * term dropped by selective recompute, and only the layer input (2 s b h / t with sequence
 * parallelism) kept by full recompute plus one layer's working set. Stage p holds min(m, pp-p)
 * micro-batches under 1F1B, all m under GPipe, and (pp-p-1)·2 + (v-1)·pp + 1 chunk passes when
 * interleaved. Stage 0 also keeps the embedding output; the last stage the FP32 logits.
 */
class MemoryModel {
public:
  /**
   * @brief `dp`: data-parallel degree; `micro_batches`: per step and pipeline;
   * `virtual_stage_blocks`: blocks per virtual stage (parallel::ParallelPlan), empty for an even split.
   */
  /** @brief FP32 master weights and optimizer moments per parameter: Adam and LAMB 4 + 4 + 4, SGD and LARS 4 + 4. */
  static double optimizer_bytes_per_param(const WorkloadSpec& w);
  /**
   * @brief The training state a checkpoint holds for the whole model, in bytes: the 16-bit weights
   * and the optimizer state (master weights and moments) of every parameter; gradients and
   * activations are not saved.
   */
  static double checkpoint_bytes(const WorkloadSpec& w);
  static MemoryBreakdown per_npu(const WorkloadSpec& w, int dp, double micro_batch, int micro_batches,
                                 const std::vector<int>& virtual_stage_blocks = {});
};

}  // namespace tcsim::workload
