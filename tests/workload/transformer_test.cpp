// Transformer zoo: parameter counts against published sizes, FLOPs against Narayanan et al. 2021.
#include <cmath>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
#include "tcsim/workload/ModelZoo.hpp"
#include "tcsim/workload/TransformerBuilder.hpp"

using tcsim::workload::ModelZoo;
using tcsim::workload::Recompute;
using tcsim::workload::TransformerBuilder;

namespace {
/** Within 1%, or within the rounding of a nominal published size ("2.7B" stands for 2.65 to 2.75). */
bool matches_published(double value, double published, double rounding) {
  return std::abs(value / published - 1) < 0.01 || std::abs(value - published) <= rounding;
}
}  // namespace

TEST(ModelZoo, parameter_counts_are_within_one_percent_of_the_published_sizes) {
  for (const auto& name : ModelZoo::names()) {
    const auto entry = *ModelZoo::find(name);
    const double params = TransformerBuilder::build(entry.config).params();
    const double error = params / entry.published_params - 1;
    std::printf("%-18s %9.3f B params, published %9.3f B (%+.2f%%)\n", name.c_str(), params / 1e9,
                entry.published_params / 1e9, 100 * error);
    EXPECT_TRUE(matches_published(params, entry.published_params, entry.published_rounding)) << name << ": " << params;
  }
}

TEST(ModelZoo, bert_masked_lm_head_runs_on_the_predicted_positions_only) {
  auto config = ModelZoo::find("bert-large")->config;
  config.seq_len = 128;
  config.masked_lm_predictions = 0;
  const auto every_token = TransformerBuilder::build(config);
  config.masked_lm_predictions = 20;
  const auto gathered = TransformerBuilder::build(config);
  EXPECT_DOUBLE_EQ(gathered.params(), every_token.params());
  for (std::size_t i = 0; i < gathered.layers().size(); ++i) {
    const auto& g = gathered.layers()[i];
    const auto& e = every_token.layers()[i];
    const bool head = g.name == "mlm_transform" || g.name == "mlm_norm" || g.name == "lm_head" || g.name == "loss";
    EXPECT_DOUBLE_EQ(g.forward_flops_per_sample, head ? e.forward_flops_per_sample * 20 / 128 : e.forward_flops_per_sample)
        << g.name;
  }
}

TEST(ModelZoo, a_span_head_projects_every_token_onto_two_logits_instead_of_the_vocabulary) {
  auto config = ModelZoo::find("bert-large")->config;
  config.seq_len = 384;
  config.masked_lm_predictions = 0;
  const auto pretraining = TransformerBuilder::build(config);
  config.head = "span";
  const auto squad = TransformerBuilder::build(config);
  const auto find = [](const tcsim::workload::Model& m, const std::string& name) -> const tcsim::workload::Layer* {
    for (const auto& l : m.layers())
      if (l.name == name) return &l;
    return nullptr;
  };
  ASSERT_NE(find(squad, "span_head"), nullptr);
  EXPECT_EQ(find(squad, "lm_head"), nullptr);
  EXPECT_EQ(find(squad, "mlm_transform"), nullptr);
  const double h = config.hidden;
  EXPECT_DOUBLE_EQ(find(squad, "span_head")->params, 2 * h + 2);
  EXPECT_DOUBLE_EQ(find(squad, "span_head")->forward_flops_per_sample, 2 * h * 2 * config.seq_len);
  // Without the masked-LM transform, its norm and the output bias over the vocabulary.
  EXPECT_DOUBLE_EQ(pretraining.params() - squad.params(), (h * h + h) + 2 * h + config.vocab - (2 * h + 2));
  // The encoder is the same, so fine-tuning costs less per sequence by the head's work only.
  const double head_flops = 3 * 2 * config.seq_len * (h * h + h * config.vocab);
  EXPECT_NEAR(pretraining.training_flops_per_sample() - squad.training_flops_per_sample(), head_flops, 0.01 * head_flops);
}

TEST(ModelZoo, an_moe_activates_a_fraction_of_its_parameters) {
  const auto entry = *ModelZoo::find("deepseek-v3-like");
  const double active = TransformerBuilder::active_params(entry.config);
  std::printf("deepseek-v3-like: %.2f B active, published %.0f B\n", active / 1e9, entry.published_active_params / 1e9);
  EXPECT_LT(std::abs(active / entry.published_active_params - 1), 0.02);
  // Training FLOPs follow the active parameters (about 6 per token per parameter), not the total.
  const auto model = TransformerBuilder::build(entry.config);
  const double per_token = model.training_flops_per_sample() / entry.config.seq_len;
  EXPECT_GT(per_token, 6 * active);
  EXPECT_LT(per_token, 6 * active * 1.6);  // plus attention over 4k tokens with 128 heads
}

namespace {
/** Narayanan et al. 2021, eq. 3: FLOPs per iteration with full recompute (factor 96) or without (72). */
double narayanan(double factor, double batch, double s, double l, double h, double v) {
  return factor * batch * s * l * h * h * (1 + s / (6 * h) + v / (16 * l * h));
}
}  // namespace

TEST(ModelZoo, gpt_step_flops_match_narayanan_with_and_without_recompute) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/megatron-public.csv"));
  int rows = 0;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.at(r, "hidden").empty()) continue;  // the 2024 table gives sizes only
    auto config = ModelZoo::find("gpt3-175b")->config;
    config.hidden = std::stoi(table.at(r, "hidden"));
    config.layers = std::stoi(table.at(r, "layers"));
    config.heads = config.kv_heads = std::stoi(table.at(r, "attention_heads"));
    config.ffn_hidden = 4 * config.hidden;
    config.seq_len = std::stoi(table.at(r, "seq_len"));
    config.vocab = 51200;
    const double batch = std::stod(table.at(r, "global_batch"));
    const auto model = TransformerBuilder::build(config);
    const double plain = model.training_flops_per_sample() * batch;
    const double full = plain + model.recompute_flops_per_sample(Recompute::full) * batch;
    const double want_plain = narayanan(72, batch, config.seq_len, config.layers, config.hidden, config.vocab);
    const double want_full = narayanan(96, batch, config.seq_len, config.layers, config.hidden, config.vocab);
    std::printf("%7s B: %.4e FLOPs/step (%+.2f%%), recompute %.4e (%+.2f%%)\n", table.at(r, "params_billion").c_str(),
                plain, 100 * (plain / want_plain - 1), full, 100 * (full / want_full - 1));
    EXPECT_LT(std::abs(plain / want_plain - 1), 0.02) << table.at(r, "params_billion");
    EXPECT_LT(std::abs(full / want_full - 1), 0.02) << table.at(r, "params_billion");
    // The parameter count of the row's configuration, as published (to 0.1 B) in the same table.
    EXPECT_TRUE(matches_published(model.params(), std::stod(table.at(r, "params_billion")) * 1e9, 0.05e9))
        << table.at(r, "params_billion") << " B: " << model.params();
    ++rows;
  }
  EXPECT_EQ(rows, 10);
}

TEST(ModelZoo, selective_recompute_replays_only_attention) {
  const auto model = TransformerBuilder::build(ModelZoo::find("gpt3-175b")->config);
  const double selective = model.recompute_flops_per_sample(Recompute::selective);
  const double full = model.recompute_flops_per_sample(Recompute::full);
  EXPECT_DOUBLE_EQ(model.recompute_flops_per_sample(Recompute::none), 0);
  EXPECT_GT(selective, 0);
  // Attention scores are 4 s h of the 24 h^2 + 4 s h FLOPs per token and layer: s / (6h + s).
  EXPECT_NEAR(selective / full, 2048.0 / (6 * 12288 + 2048), 1e-3);
}

TEST(ModelZoo, activations_follow_korthikanti) {
  // 34 s h + 5 a s^2 bytes per layer and sequence at 16 bits, no parallelism, no recompute.
  const auto config = ModelZoo::find("gpt3-175b")->config;
  const auto model = TransformerBuilder::build(config);
  double block_elements = 0;
  for (const auto& layer : model.layers())
    if (layer.block == 0) block_elements += layer.output_elements;
  const double s = config.seq_len, h = config.hidden, a = config.heads;
  EXPECT_NEAR(2 * block_elements, 34 * s * h + 5 * a * s * s, 1e-6 * (34 * s * h + 5 * a * s * s));
}
