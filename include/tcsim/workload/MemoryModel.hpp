#pragma once
/** @file Memory one NPU needs for a training plan. */
#include <string>

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
  double total_bytes() const { return weights_bytes + gradients_bytes + optimizer_bytes + activations_bytes + buffers_bytes; }
};

/**
 * @brief Mixed-precision training state and activations of the busiest NPU (pipeline stage 0).
 * States: FP16 weights and gradients (2 + 2 bytes per parameter), FP32 master weights and the
 * optimizer's moments (Adam: 4 + 4 + 4; SGD/LARS: 4 + 4), each divided over tp x pp (every
 * stage holds an equal share of the layers) and, by ZeRO stage, over dp. Transformer
 * activations per layer and micro-batch follow Korthikanti et al. 2022: s b h (10 + 24/t +
 * 5 a s/(h t)) bytes, s b h (34/t + 5 a s/(h t)) with sequence parallelism, the attention term
 * dropped by selective recompute, and only the layer input (2 s b h / t with sequence
 * parallelism) kept by full recompute plus one layer's working set. Stage 0 holds pp
 * micro-batches under 1F1B, all of them under GPipe.
 */
class MemoryModel {
public:
  /** @brief `dp`: data-parallel degree; `micro_batches`: per step and pipeline. */
  static MemoryBreakdown per_npu(const WorkloadSpec& w, int dp, double micro_batch, int micro_batches);
};

}  // namespace tcsim::workload
