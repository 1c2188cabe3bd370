#include "tcsim/workload/ModelZoo.hpp"

namespace tcsim::workload {
namespace {

TransformerConfig gpt(const char* name, int layers, int hidden, int heads, int vocab = 50257) {
  TransformerConfig c;
  c.name = name;
  c.layers = layers;
  c.hidden = hidden;
  c.heads = heads;
  c.kv_heads = heads;
  c.ffn_hidden = 4 * hidden;
  c.vocab = vocab;
  c.seq_len = 2048;
  return c;  // GELU, LayerNorm, biases, learned positions, tied embeddings
}

TransformerConfig llama(const char* name, int layers, int hidden, int heads, int kv_heads, int ffn, int vocab, int seq_len) {
  TransformerConfig c;
  c.name = name;
  c.layers = layers;
  c.hidden = hidden;
  c.heads = heads;
  c.kv_heads = kv_heads;
  c.ffn_hidden = ffn;
  c.vocab = vocab;
  c.seq_len = seq_len;
  c.mlp = "swiglu";
  c.norm = "rmsnorm";
  c.bias = false;
  c.learned_positions = false;  // rotary
  c.tied_embeddings = false;
  return c;
}

std::vector<ModelZoo::Entry> entries() {
  std::vector<ModelZoo::Entry> all;
  {
    TransformerConfig c = gpt("bert-large", 24, 1024, 16, 30522);
    c.seq_len = 512;
    c.bert_heads = true;
    c.masked_lm_predictions = 80;  // Google's BERT at 512 tokens gathers 80 masked positions
    all.push_back({c, 336e6, 336e6, 0.5e6,
                   "Devlin et al. 2019 (24 layers, 1024 hidden, 16 heads; max_predictions_per_seq 80 at 512 tokens in "
                   "google-research/bert); 336M per the Hugging Face model card"});
  }
  const char* brown = "Brown et al. 2020, Table 2.1 (GPT-3 family, context 2048, vocabulary 50257)";
  all.push_back({gpt("gpt3-1.3b", 24, 2048, 16), 1.3e9, 1.3e9, 0.05e9, brown});
  all.push_back({gpt("gpt3-2.7b", 32, 2560, 32), 2.7e9, 2.7e9, 0.05e9, brown});
  all.push_back({gpt("gpt3-6.7b", 32, 4096, 32), 6.7e9, 6.7e9, 0.05e9, brown});
  all.push_back({gpt("gpt3-13b", 40, 5140, 40), 13.0e9, 13.0e9, 0.05e9, brown});
  all.push_back({gpt("gpt3-175b", 96, 12288, 96), 175.0e9, 175.0e9, 0.05e9, brown});
  all.push_back({gpt("megatron-1t", 128, 25600, 160, 51200), 1008e9, 1008e9, 0.5e9,
                 "Narayanan et al. 2021, Table 1 (1008 B parameters; vocabulary padded to 51200)"});
  const char* llama2 = "Touvron et al. 2023 (Llama 2); counts from the released checkpoints";
  all.push_back({llama("llama2-7b", 32, 4096, 32, 32, 11008, 32000, 4096), 6.738e9, 6.738e9, 0.0005e9, llama2});
  all.push_back({llama("llama2-13b", 40, 5120, 40, 40, 13824, 32000, 4096), 13.016e9, 13.016e9, 0.0005e9, llama2});
  all.push_back({llama("llama2-70b", 80, 8192, 64, 8, 28672, 32000, 4096), 68.977e9, 68.977e9, 0.0005e9, llama2});
  const char* llama3 = "Llama Team 2024 (The Llama 3 Herd of Models), Table 3; counts from the released checkpoints";
  all.push_back({llama("llama3-8b", 32, 4096, 32, 8, 14336, 128256, 8192), 8.030e9, 8.030e9, 0.0005e9, llama3});
  all.push_back({llama("llama3-70b", 80, 8192, 64, 8, 28672, 128256, 8192), 70.554e9, 70.554e9, 0.0005e9, llama3});
  all.push_back({llama("llama3-405b", 126, 16384, 128, 8, 53248, 128256, 8192), 405.853e9, 405.853e9, 0.0005e9, llama3});
  {
    TransformerConfig c = llama("deepseek-v3-like", 61, 7168, 128, 128, 18432, 129280, 4096);
    c.attention = "mla";
    c.q_lora_rank = 1536;
    c.kv_lora_rank = 512;
    c.qk_nope_head_dim = 128;
    c.qk_rope_head_dim = 64;
    c.v_head_dim = 128;
    c.experts = 256;
    c.top_k = 8;
    c.shared_experts = 1;
    c.expert_ffn_hidden = 2048;
    c.dense_layers = 3;
    all.push_back({c, 671e9, 37e9, 0.5e9,
                   "DeepSeek-AI 2024 (DeepSeek-V3 technical report): 61 layers, MLA, 1 shared + 256 routed experts, top-8; "
                   "671B total, 37B activated (without the multi-token-prediction module)"});
  }
  return all;
}

}  // namespace

std::optional<ModelZoo::Entry> ModelZoo::find(const std::string& name) {
  for (auto& e : entries())
    if (e.config.name == name) return e;
  return std::nullopt;
}

std::vector<std::string> ModelZoo::names() {
  std::vector<std::string> out;
  for (const auto& e : entries()) out.push_back(e.config.name);
  return out;
}

}  // namespace tcsim::workload
