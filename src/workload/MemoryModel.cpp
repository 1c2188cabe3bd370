#include "tcsim/workload/MemoryModel.hpp"

#include <algorithm>

#include "tcsim/workload/StageSplit.hpp"

namespace tcsim::workload {
namespace {

/**
 * Parameters one rank of each pipeline stage holds, before ZeRO: its layers (`stage_of_layer`
 * gives each layer's virtual stage; chunk c of stage p is virtual stage c·pp + p), plus on the
 * last stage its own copy of tied embeddings for the head, as Megatron-LM keeps.
 */
std::vector<double> stage_params(const WorkloadSpec& w, const std::vector<int>& stage_of_layer) {
  std::vector<double> params(w.pp, 0.0);
  const auto& layers = w.model.layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    params[stage_of_layer[i] % w.pp] += layers[i].params / (layers[i].experts ? w.ep : 1);
  }
  const TransformerConfig& c = *w.transformer;
  if (w.pp > 1 && c.tied_embeddings) params.back() += static_cast<double>(c.vocab) * c.hidden;
  for (double& p : params) p /= w.tp;
  return params;
}

}  // namespace

double MemoryModel::optimizer_bytes_per_param(const WorkloadSpec& w) {
  return (w.optimizer == "adam" || w.optimizer == "lamb") ? 12 : 8;
}

double MemoryModel::checkpoint_bytes(const WorkloadSpec& w) { return w.model.params() * (2 + optimizer_bytes_per_param(w)); }

MemoryBreakdown MemoryModel::per_npu(const WorkloadSpec& w, int dp, double micro_batch, int micro_batches,
                                     const std::vector<int>& virtual_stage_blocks) {
  const double optimizer_bytes_per_param = MemoryModel::optimizer_bytes_per_param(w);
  auto states = [&](double local, MemoryBreakdown& m) {
    m.weights_bytes = 2 * local / (w.zero_stage >= 3 ? dp : 1);
    m.gradients_bytes = 2 * local / (w.zero_stage >= 2 ? dp : 1);
    m.optimizer_bytes = optimizer_bytes_per_param * local / (w.zero_stage >= 1 ? dp : 1);
    m.buffers_bytes = w.gradient_bucket_bytes;
  };
  if (!w.transformer) {
    MemoryBreakdown m;
    states(w.model.params() / (static_cast<double>(w.tp) * w.pp), m);
    // Every layer's FP16 output kept for backward, for the whole per-rank batch.
    m.activations_bytes = w.model.activation_elements_per_sample() * micro_batch * 2.0;
    return m;
  }
  const TransformerConfig& c = *w.transformer;
  const int v = w.virtual_stages;
  const std::vector<int> split = !virtual_stage_blocks.empty() ? virtual_stage_blocks
                                : !w.stage_layers.empty()     ? w.stage_layers
                                                              : even_stage_split(c.layers, w.pp * v);
  std::vector<int> blocks(w.pp, 0);  // per pipeline stage, all its chunks
  for (std::size_t k = 0; k < split.size(); ++k) blocks[k % w.pp] += split[k];
  const std::vector<double> params = stage_params(w, stage_of_layers(w.model, split));

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

  MemoryBreakdown busiest;
  for (int p = 0; p < w.pp; ++p) {
    MemoryBreakdown m;
    m.stage = p;
    states(params[p], m);
    // Layer activations held at the peak: whole micro-batches, or (interleaved) chunk passes.
    double layer_passes = 0;
    if (w.pp == 1) {
      m.micro_batches_in_flight = 1;
      layer_passes = blocks[p];
    } else if (w.schedule == "gpipe") {
      m.micro_batches_in_flight = micro_batches;
      layer_passes = static_cast<double>(blocks[p]) * micro_batches;
    } else if (v == 1) {
      m.micro_batches_in_flight = std::min(micro_batches, w.pp - p);
      layer_passes = static_cast<double>(blocks[p]) * m.micro_batches_in_flight;
    } else {
      const int chunk_passes = std::min(micro_batches * v, (w.pp - p - 1) * 2 + (v - 1) * w.pp + 1);
      m.micro_batches_in_flight = std::min(micro_batches, (chunk_passes + v - 1) / v);
      layer_passes = static_cast<double>(blocks[p]) / v * chunk_passes;
    }
    m.activations_bytes = per_layer * layer_passes + working;
    if (p == 0) m.activations_bytes += 2 * s * b * h / (w.sequence_parallel ? t : 1);  // embedding output
    if (p == w.pp - 1) m.activations_bytes += 4 * s * b * c.vocab / t;                 // FP32 logits for the loss
    if (p == 0 || m.total_bytes() > busiest.total_bytes()) busiest = m;
  }
  return busiest;
}

}  // namespace tcsim::workload
