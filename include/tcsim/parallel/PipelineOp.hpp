#pragma once
/** @file One forward or backward pass of one micro-batch through one model chunk of a stage. */

namespace tcsim::parallel {

/** @brief What a pipeline stage runs next: a pass of micro-batch `micro_batch` through `chunk`. */
struct PipelineOp {
  bool forward = true;
  int micro_batch = 0;
  /** @brief Model chunk on this stage (0 unless interleaved: 0 .. virtual_stages-1). */
  int chunk = 0;
};

}  // namespace tcsim::parallel
