#pragma once
/** @file Hyper-parameters of a transformer (BERT, GPT, Llama, mixture-of-experts). */
#include <string>

namespace tcsim::workload {

/**
 * @brief Architecture of a decoder (or encoder) stack, from which every layer's shapes, FLOPs,
 * parameters and activations are derived. Dimensions are counts (not bytes).
 */
struct TransformerConfig {
  std::string name;
  int layers = 0;
  int hidden = 0;
  int heads = 0;
  /** @brief Key/value heads: = heads for multi-head attention, fewer for grouped-query attention. */
  int kv_heads = 0;
  /** @brief Per-head dimension (0: hidden / heads). */
  int head_dim = 0;
  /** @brief Feed-forward inner size (dense layers). */
  int ffn_hidden = 0;
  int vocab = 0;
  int seq_len = 0;
  /** @brief "gelu" (two matrices) or "swiglu" (gate, up and down matrices). */
  std::string mlp = "gelu";
  /** @brief "layernorm" (scale and shift) or "rmsnorm" (scale only). */
  std::string norm = "layernorm";
  /** @brief Biases on linear layers (GPT, BERT) or none (Llama). */
  bool bias = true;
  /** @brief Learned position embeddings (GPT, BERT) or rotary (none to learn). */
  bool learned_positions = true;
  /** @brief Output projection shares the input embedding matrix. */
  bool tied_embeddings = true;
  /** @brief BERT: token-type embeddings, a pooler and the masked-LM head transform. */
  bool bert_heads = false;
  /**
   * @brief BERT pre-training: positions per sequence the masked-LM head predicts (Google's BERT
   * and MindSpore gather them first: 20 at length 128); 0: the head runs on every token.
   */
  int masked_lm_predictions = 0;
  /**
   * @brief The output head: "lm" (language modelling: a projection onto the vocabulary) or
   * "span" (extractive question answering such as SQuAD fine-tuning: start and end logits, a
   * hidden x 2 projection of every token, without the vocabulary projection).
   */
  std::string head = "lm";

  /** @brief "mha" (covers GQA through kv_heads) or "mla" (multi-head latent attention). */
  std::string attention = "mha";
  /** @brief MLA: low-rank query and key/value compressions and per-head dimensions. */
  int q_lora_rank = 0;
  int kv_lora_rank = 0;
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim = 0;

  /** @brief Mixture of experts: routed experts (0: dense model), experts per token, shared ones. */
  int experts = 0;
  int top_k = 0;
  int shared_experts = 0;
  /** @brief Inner size of one expert. */
  int expert_ffn_hidden = 0;
  /** @brief Leading layers that stay dense (DeepSeek-V3: 3). */
  int dense_layers = 0;

  bool moe() const { return experts > 0; }
  /** @brief Weight matrices of one MLP: gate, up and down for SwiGLU, in and out for GELU. */
  int mlp_matrices() const { return mlp == "swiglu" ? 3 : 2; }
  /** @brief Parameters of one expert. */
  double expert_params() const { return static_cast<double>(mlp_matrices()) * hidden * expert_ffn_hidden; }
  int effective_head_dim() const { return head_dim > 0 ? head_dim : hidden / heads; }
};

}  // namespace tcsim::workload
