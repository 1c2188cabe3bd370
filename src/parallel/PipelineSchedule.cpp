#include "tcsim/parallel/PipelineSchedule.hpp"

#include <algorithm>
#include <cassert>

namespace tcsim::parallel {

std::vector<PipelineOp> PipelineSchedule::for_stage(const std::string& schedule, int stages, int stage, int micro_batches,
                                                    int virtual_stages) {
  std::vector<PipelineOp> ops;
  const int m = micro_batches;
  if (schedule == "gpipe") {
    for (int i = 0; i < m; ++i) ops.push_back({true, i, 0});
    for (int i = 0; i < m; ++i) ops.push_back({false, i, 0});
    return ops;
  }
  if (schedule != "interleaved" || virtual_stages == 1) {
    const int warmup = std::min(stages - stage - 1, m);
    for (int i = 0; i < warmup; ++i) ops.push_back({true, i, 0});
    for (int i = 0; i < m - warmup; ++i) {
      ops.push_back({true, warmup + i, 0});
      ops.push_back({false, i, 0});
    }
    for (int i = m - warmup; i < m; ++i) ops.push_back({false, i, 0});
    return ops;
  }
  // Interleaved 1F1B, as Megatron-LM's forward_backward_pipelining_with_interleaving: virtual
  // micro-batch k runs chunk (k mod p·v) / p of micro-batch (k / (p·v))·p + k mod p; backwards
  // visit the chunks in reverse.
  assert(m % stages == 0 && "interleaving needs micro-batches in multiples of the stages");
  const int v = virtual_stages;
  const int total = m * v;
  auto op = [stages, v](int k, bool forward) {
    const int in_group = k % (stages * v);
    int chunk = in_group / stages;
    if (!forward) chunk = v - 1 - chunk;
    return PipelineOp{forward, (k / (stages * v)) * stages + k % stages, chunk};
  };
  const int warmup = std::min((stages - stage - 1) * 2 + (v - 1) * stages, total);
  for (int k = 0; k < warmup; ++k) ops.push_back(op(k, true));
  for (int k = 0; k < total - warmup; ++k) {
    ops.push_back(op(warmup + k, true));
    ops.push_back(op(k, false));
  }
  for (int k = total - warmup; k < total; ++k) ops.push_back(op(k, false));
  return ops;
}

}  // namespace tcsim::parallel
