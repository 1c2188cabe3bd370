#include "tcsim/workload/MemoryModel.hpp"

#include <algorithm>

namespace tcsim::workload {

MemoryBreakdown MemoryModel::per_npu(const WorkloadSpec& w, int dp, double micro_batch, int micro_batches) {
  MemoryBreakdown m;
  const double shards = static_cast<double>(w.tp) * w.pp;
  // Experts are split over ep ranks instead of being replicated.
  double params = w.model.params();
  if (w.transformer && w.transformer->moe() && w.ep > 1) {
    const TransformerConfig& c = *w.transformer;
    params -= (c.layers - c.dense_layers) * static_cast<double>(c.experts) * c.expert_params() * (1.0 - 1.0 / w.ep);
  }
  const double local = params / shards;
  const double optimizer_bytes_per_param = w.optimizer == "adam" ? 12 : 8;
  m.weights_bytes = 2 * local / (w.zero_stage >= 3 ? dp : 1);
  m.gradients_bytes = 2 * local / (w.zero_stage >= 2 ? dp : 1);
  m.optimizer_bytes = optimizer_bytes_per_param * local / (w.zero_stage >= 1 ? dp : 1);

  if (!w.transformer) {
    // Every layer's FP16 output kept for backward, for the whole per-rank batch.
    m.activations_bytes = w.model.activation_elements_per_sample() * micro_batch * 2.0;
    m.buffers_bytes = w.gradient_bucket_bytes;
    return m;
  }
  const TransformerConfig& c = *w.transformer;
  const double s = c.seq_len, h = c.hidden, a = c.heads, t = w.tp, b = micro_batch;
  const double attention = 5 * a * s / (h * t);
  double per_layer = 0;  // bytes of one layer for one micro-batch
  double working = 0;    // full recompute: one layer's activations while it is replayed
  const double full_layer = s * b * h * ((w.sequence_parallel ? 34 / t : 10 + 24 / t) + attention);
  switch (w.recompute) {
    case Recompute::none: per_layer = full_layer; break;
    case Recompute::selective: per_layer = full_layer - s * b * h * attention; break;
    case Recompute::full:
      per_layer = 2 * s * b * h / (w.sequence_parallel ? t : 1);
      working = full_layer;
      break;
  }
  const double layers_per_stage = static_cast<double>(c.layers) / w.pp;
  if (w.pp == 1) {
    m.micro_batches_in_flight = 1;
  } else if (w.schedule == "gpipe") {
    m.micro_batches_in_flight = micro_batches;
  } else {
    m.micro_batches_in_flight = std::min(micro_batches, w.pp);
  }
  // Interleaving holds a few more micro-batches' worth of chunks (Narayanan et al.: x (1 + (p-1)/(p v))).
  const double interleave = w.virtual_stages > 1 ? 1.0 + (w.pp - 1.0) / (w.pp * w.virtual_stages) : 1.0;
  m.activations_bytes = per_layer * layers_per_stage * m.micro_batches_in_flight * interleave + working;
  // Stage 0 also keeps the embedding output; the last stage the logits (s b V / t, FP32 for the loss).
  m.activations_bytes += std::max(2 * s * b * h / (w.sequence_parallel ? t : 1), w.pp == 1 ? 4 * s * b * c.vocab / t : 0.0);
  m.buffers_bytes = w.gradient_bucket_bytes;
  return m;
}

}  // namespace tcsim::workload
