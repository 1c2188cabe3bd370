#include "tcsim/workload/TransformerBuilder.hpp"

#include <tuple>

namespace tcsim::workload {
namespace {

/** Per-token figures of one layer, scaled to a sequence of `tokens` by finish(). */
struct Token {
  double flops = 0;
  double activation_elements = 0;  // read + written by the forward kernels
  double kept_elements = 0;        // stored for the backward pass
};

Layer finish(std::string name, OpKind kind, int block, double params, double weight_elements, const Token& t, double tokens,
             int kernels, double backward_factor) {
  Layer l;
  l.name = std::move(name);
  l.kind = kind;
  l.block = block;
  l.params = params;
  l.output_elements = t.kept_elements * tokens;
  l.forward_flops_per_sample = t.flops * tokens;
  l.forward_activation_elements_per_sample = t.activation_elements * tokens;
  l.forward_weight_elements = weight_elements;
  l.forward_kernels = kernels;
  // Backward: the gradients of inputs and of weights, each a matmul the size of the forward one.
  l.backward_flops_per_sample = backward_factor * l.forward_flops_per_sample;
  l.backward_activation_elements_per_sample = 2 * l.forward_activation_elements_per_sample;
  l.backward_weight_elements = 2 * weight_elements;
  l.backward_kernels = kernels * static_cast<int>(backward_factor);
  return l;
}

/** A weight multiply over every token: `tokens` rows of `in` into `out` columns. */
Gemm weight_gemm(double tokens, double in, double out, GemmSplit split) {
  Gemm g;
  g.rows_per_sample = tokens;
  g.n = out;
  g.k = in;
  g.tp_split = split;
  return g;
}

/**
 * A linear layer in x out (with bias if the model has them); `kept`: elements stored per token;
 * `split`: how tensor parallelism divides it (column- or row-parallel).
 */
Layer linear(const std::string& name, int block, double in, double out, bool bias, double kept, double tokens,
             GemmSplit split = GemmSplit::columns) {
  const double weights = in * out;
  Token t{2 * weights, in + out, kept};
  Layer l = finish(name, OpKind::matmul, block, weights + (bias ? out : 0), weights, t, tokens, 1, 2);
  l.gemms = {weight_gemm(tokens, in, out, split)};
  return l;
}

Layer norm(const std::string& name, int block, const TransformerConfig& c, double tokens) {
  const double params = c.norm == "rmsnorm" ? c.hidden : 2.0 * c.hidden;
  // Its input is kept (Korthikanti: 2 s h bytes per norm).
  Token t{5.0 * c.hidden, 2.0 * c.hidden, static_cast<double>(c.hidden)};
  return finish(name, OpKind::normalization, block, params, params, t, tokens, 1, 1);
}

/** The attention projections: parameters of Q, K, V (or MLA's compressions) and the output. */
struct AttentionShape {
  double qkv_weights = 0;  // all input projections
  double qkv_out = 0;      // elements produced per token (Q, K, V)
  double norm_params = 0;  // MLA's latent norms
  double score_dim = 0;    // per head: query-key dot product length
  double value_dim = 0;    // per head: value length
};

AttentionShape attention_shape(const TransformerConfig& c) {
  AttentionShape s;
  const double h = c.hidden;
  const double a = c.heads;
  if (c.attention == "mla") {
    const double qk = c.qk_nope_head_dim + c.qk_rope_head_dim;
    s.qkv_weights = h * c.q_lora_rank + c.q_lora_rank * a * qk + h * (c.kv_lora_rank + c.qk_rope_head_dim) +
                    c.kv_lora_rank * a * (c.qk_nope_head_dim + c.v_head_dim);
    s.qkv_out = a * qk * 2 + a * c.v_head_dim;
    s.norm_params = c.q_lora_rank + c.kv_lora_rank;
    s.score_dim = qk;
    s.value_dim = c.v_head_dim;
  } else {
    const double d = c.effective_head_dim();
    s.qkv_weights = h * (a + 2.0 * c.kv_heads) * d;
    s.qkv_out = (a + 2.0 * c.kv_heads) * d;
    s.score_dim = d;
    s.value_dim = d;
  }
  return s;
}

}  // namespace

Model TransformerBuilder::build(const TransformerConfig& c) {
  const double tokens = c.seq_len;
  const double s = c.seq_len;
  const double h = c.hidden;
  const double a = c.heads;
  std::vector<Layer> layers;

  {
    const double params = static_cast<double>(c.vocab) * h + (c.learned_positions ? s * h : 0) + (c.bert_heads ? 2 * h : 0);
    layers.push_back(finish("embedding", OpKind::embedding, -1, params, 0, Token{h, 2 * h, 0}, tokens, 1, 1));
  }
  const AttentionShape att = attention_shape(c);
  const double m = c.mlp_matrices();
  for (int b = 0; b < c.layers; ++b) {
    const std::string p = "block" + std::to_string(b) + ".";
    layers.push_back(norm(p + "norm1", b, c, tokens));
    // The input projections: for MLA a chain of smaller matrices, so their weights (not h x out)
    // set the work. Kept for backward: the layer input.
    layers.push_back(finish(p + "qkv", OpKind::matmul, b, att.qkv_weights + att.norm_params + (c.bias ? att.qkv_out : 0),
                            att.qkv_weights, Token{2 * att.qkv_weights, h + att.qkv_out, h}, tokens, 1, 2));
    // As one h-deep multiply of the same FLOPs (MLA's chain of compressions is taken as one).
    layers.back().gemms = {weight_gemm(tokens, h, att.qkv_weights / h, GemmSplit::columns)};
    {
      // Scores Q K^T and the weighted sum of V over the full s x s matrix; kept: Q, K, V, the
      // softmax output, its dropout mask and output (Korthikanti: 5 a s^2 bytes per sequence).
      Token t{2 * s * a * att.score_dim + 2 * s * a * att.value_dim, att.qkv_out + a * att.value_dim + 2 * a * s,
              att.qkv_out + 2.5 * a * s};
      layers.push_back(finish(p + "attention", OpKind::attention, b, 0, 0, t, tokens, 3, 2));
      // Per head, queries against all keys: tiled as fused attention kernels do, a unit owns a
      // block of queries and steps through the keys, producing scores and values together
      // (M = s queries, N = score + value length, K = s keys).
      Gemm core;
      core.rows_per_sample = s;
      core.n = att.score_dim + att.value_dim;
      core.k = s;
      core.instances = a;
      core.tp_split = GemmSplit::instances;
      core.has_weight = false;
      layers.back().gemms = {core};
    }
    layers.push_back(
        linear(p + "attention_out", b, a * att.value_dim, h, c.bias, a * att.value_dim + 0.5 * h, tokens, GemmSplit::reduction));
    layers.push_back(norm(p + "norm2", b, c, tokens));
    if (c.moe() && b >= c.dense_layers) {
      // Router, then each token through top_k routed experts and the shared ones.
      layers.push_back(linear(p + "router", b, h, c.experts, false, 0, tokens));
      const double expert_weights = c.expert_params();
      const double per_token = c.top_k + c.shared_experts;
      Token t{2 * per_token * expert_weights, per_token * (2 * h + (m - 1) * c.expert_ffn_hidden),
              per_token * (h + m * c.expert_ffn_hidden) + 0.5 * h};
      const double all_weights = (c.experts + c.shared_experts) * expert_weights;
      layers.push_back(finish(p + "experts", OpKind::matmul, b, all_weights, all_weights, t, tokens, 3, 2));
      layers.back().experts = true;
      // Each routed expert sees top_k / experts of the tokens (balanced routing); each shared
      // expert sees all of them.
      const double f = c.expert_ffn_hidden;
      std::vector<Gemm> gemms;
      for (const auto& [rows, instances, routed] :
           {std::tuple{tokens * c.top_k / c.experts, double(c.experts), true}, std::tuple{tokens, double(c.shared_experts), false}}) {
        if (instances <= 0) continue;
        Gemm in = weight_gemm(rows, h, (m - 1) * f, GemmSplit::columns);
        Gemm out = weight_gemm(rows, f, h, GemmSplit::reduction);
        for (Gemm* g : {&in, &out}) {
          g->instances = instances;
          g->experts = routed;
          gemms.push_back(*g);
        }
      }
      layers.back().gemms = std::move(gemms);
    } else {
      const double f = c.ffn_hidden;
      // GELU: fc1 (h -> f), activation, fc2 (f -> h). SwiGLU: gate and up (h -> 2f), SiLU x up, down.
      layers.push_back(linear(p + "mlp_in", b, h, (m - 1) * f, c.bias, h, tokens));
      layers.push_back(finish(p + "mlp_act", OpKind::elementwise, b, 0, 0, Token{8 * (m - 1) * f, m * f, (m - 1) * f},
                              tokens, 1, 1));
      layers.push_back(linear(p + "mlp_out", b, f, h, c.bias, f + 0.5 * h, tokens, GemmSplit::reduction));
    }
  }
  layers.push_back(norm("final_norm", -1, c, tokens));
  if (c.head == "span") {
    // Question answering (BERT on SQuAD): start and end logits for every token, then a softmax
    // over the sequence for each; the pooler exists in BERT but its output goes unused.
    if (c.bert_heads) layers.push_back(linear("pooler", -1, h, h, true, h, 1));
    layers.push_back(linear("span_head", -1, h, 2, true, h, tokens));
    layers.push_back(finish("loss", OpKind::loss, -1, 0, 0, Token{5.0 * 2, 2.0 * 2, 0}, tokens, 1, 1));
    return Model(c.name, std::move(layers));
  }
  // The output head sees every token, or only the masked positions where BERT gathers them.
  const double predicted = c.bert_heads && c.masked_lm_predictions > 0 ? c.masked_lm_predictions : tokens;
  if (c.bert_heads) {
    // Masked-LM transform (dense + norm) and the pooler; the output bias over the vocabulary.
    layers.push_back(linear("mlm_transform", -1, h, h, true, h, predicted));
    layers.push_back(norm("mlm_norm", -1, c, predicted));
    Layer pooler = linear("pooler", -1, h, h, true, h, 1);
    layers.push_back(pooler);
  }
  {
    Layer head = linear("lm_head", -1, h, c.vocab, false, h, predicted);
    if (c.tied_embeddings) head.params = 0;  // the embedding matrix, counted once
    if (c.bert_heads) head.params += c.vocab;
    layers.push_back(head);
  }
  layers.push_back(finish("loss", OpKind::loss, -1, 0, 0, Token{5.0 * c.vocab, 2.0 * c.vocab, 0}, predicted, 1, 1));
  return Model(c.name, std::move(layers));
}

double TransformerBuilder::active_params(const TransformerConfig& c) {
  const double total = build(c).params();
  if (!c.moe()) return total;
  return total - static_cast<double>(c.layers - c.dense_layers) * (c.experts - c.top_k) * c.expert_params();
}

}  // namespace tcsim::workload
