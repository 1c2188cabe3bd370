#pragma once
/** @file The order in which a pipeline stage runs its forward and backward passes. */
#include <string>
#include <vector>

#include "tcsim/parallel/PipelineOp.hpp"

namespace tcsim::parallel {

/**
 * @brief Per-stage orderings of the three schedules Megatron-LM implements. The simulator runs
 * them as written and waits for each pass's input (activations from the previous virtual stage,
 * gradients from the next), so the pipeline bubble is an outcome of the simulation.
 *
 * - "gpipe" (Huang et al. 2019): every forward, then every backward.
 * - "1f1b" (PipeDream-Flush, Narayanan et al. 2021): stage s runs min(p-s-1, m) warm-up
 *   forwards, then alternates one forward and one backward, then drains the backwards.
 * - "interleaved" (Narayanan et al. 2021): each stage holds v model chunks; virtual
 *   micro-batches go round the chunks in groups of p, with (p-s-1)·2 + (v-1)·p warm-up forwards.
 */
class PipelineSchedule {
public:
  /**
   * @brief Passes stage `stage` of `stages` runs in one step of `micro_batches` micro-batches with
   * `virtual_stages` chunks per stage. "interleaved" needs micro_batches to be a multiple of
   * `stages` (as in Megatron-LM); the caller checks it.
   */
  static std::vector<PipelineOp> for_stage(const std::string& schedule, int stages, int stage, int micro_batches,
                                           int virtual_stages);
};

}  // namespace tcsim::parallel
