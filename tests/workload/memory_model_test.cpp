// Per-NPU memory of parallel plans, against hand calculations.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/workload/MemoryModel.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

using tcsim::workload::MemoryModel;
using tcsim::workload::WorkloadLoader;

namespace {
nlohmann::json gpt3() { return tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/gpt3-175b.json")); }
}  // namespace

TEST(MemoryModel, gpt3_175b_at_tp8_pp16_matches_a_hand_calculation) {
  const auto w = WorkloadLoader::from_json(gpt3(), "gpt3.json");
  // 1024 NPUs: dp = 1024 / (8 x 16) = 8; 1536 sequences = 192 micro-batches of 1 per pipeline.
  const auto m = MemoryModel::per_npu(w, 8, 1, 192);
  // Stage 0 needs the most: the embedding and 6 of the 96 blocks, split over 8 tensor ranks.
  const double s = 2048, h = 12288, a = 96, V = 50257;
  const double block = 12 * h * h + 13 * h;  // QKV, projection, 2 MLP matrices + biases and 2 layer norms
  const double embedding = V * h + s * h;    // tokens and learned positions
  const double local = (6 * block + embedding) / 8;
  EXPECT_EQ(m.stage, 0);
  EXPECT_NEAR(m.weights_bytes, 2 * local, 1.0);
  EXPECT_NEAR(m.gradients_bytes, 2 * local, 1.0);
  EXPECT_NEAR(m.optimizer_bytes, 12 * local, 1.0);  // FP32 master, Adam m and v
  // Full recompute, no sequence parallelism: each of the stage's 6 layers keeps its input
  // (2 s b h bytes) for each of the 16 micro-batches 1F1B holds on stage 0, plus one layer's
  // working set while it is replayed, s b h (10 + 24/8 + 5 a s / (8 h)), plus the embedding output.
  const double kept = 6 * 16 * 2 * s * h;
  const double working = s * h * (10 + 24.0 / 8 + 5 * a * s / (8 * h));
  EXPECT_EQ(m.micro_batches_in_flight, 16);
  EXPECT_NEAR(m.activations_bytes, kept + working + 2 * s * h, 1.0);
  const double gib = 1024.0 * 1024 * 1024;
  std::printf("GPT-3 175B TP8 PP16: %.2f GiB states + %.2f GiB activations + %.2f GiB buffers = %.2f GiB per NPU\n",
              (m.weights_bytes + m.gradients_bytes + m.optimizer_bytes) / gib, m.activations_bytes / gib,
              m.buffers_bytes / gib, m.total_bytes() / gib);
  EXPECT_NEAR((m.weights_bytes + m.gradients_bytes + m.optimizer_bytes) / gib, 21.5, 0.1);  // 16 B x 1.44 B
  EXPECT_LT(m.total_bytes(), 80 * gib);  // fits the A100-80GB Megatron used
}

TEST(MemoryModel, zero_stages_shard_states_over_data_parallel_ranks) {
  auto doc = gpt3();
  doc["parallelism"]["pp"] = 1;  // ZeRO 2 and 3 do not combine with pipelines
  const auto base = MemoryModel::per_npu(WorkloadLoader::from_json(doc, "g.json"), 8, 1, 192);
  for (int stage : {1, 2, 3}) {
    doc["parallelism"]["zero_stage"] = stage;
    const auto m = MemoryModel::per_npu(WorkloadLoader::from_json(doc, "g.json"), 8, 1, 192);
    EXPECT_DOUBLE_EQ(m.optimizer_bytes, base.optimizer_bytes / 8) << stage;
    EXPECT_DOUBLE_EQ(m.gradients_bytes, stage >= 2 ? base.gradients_bytes / 8 : base.gradients_bytes) << stage;
    EXPECT_DOUBLE_EQ(m.weights_bytes, stage >= 3 ? base.weights_bytes / 8 : base.weights_bytes) << stage;
    EXPECT_DOUBLE_EQ(m.activations_bytes, base.activations_bytes) << stage;
  }
}

TEST(MemoryModel, gpt3_175b_with_zero_3_over_128_replicas_matches_a_hand_calculation) {
  auto doc = gpt3();
  doc["parallelism"]["pp"] = 1;
  doc["parallelism"]["zero_stage"] = 3;
  const auto w = WorkloadLoader::from_json(doc, "g.json");
  // 1024 NPUs at tp 8: dp 128, 12 sequences each, one micro-batch of 1 at a time.
  const auto m = MemoryModel::per_npu(w, 128, 1, 12);
  // One stage holds all 96 blocks, the embedding and the final norm; tp splits them by 8 and
  // ZeRO-3 shards weights, gradients and optimizer state over the 128 replicas.
  const double h = 12288, s = 2048, V = 50257;
  const double all = 96 * (12 * h * h + 13 * h) + (V * h + s * h) + 2 * h;
  const double shard = all / 8 / 128;
  EXPECT_NEAR(m.weights_bytes, 2 * shard, 1.0);
  EXPECT_NEAR(m.gradients_bytes, 2 * shard, 1.0);
  EXPECT_NEAR(m.optimizer_bytes, 12 * shard, 1.0);
  // Full recompute keeps each block's input for the one micro-batch in flight, one block's working
  // set, the embedding output and the FP32 logits of the vocabulary shard.
  const double a = 96;
  const double activations = 96 * 2 * s * h + s * h * (10 + 24.0 / 8 + 5 * a * s / (8 * h)) + 2 * s * h + 4 * s * V / 8;
  EXPECT_NEAR(m.activations_bytes, activations, 1.0);
  std::printf("GPT-3 175B TP8 ZeRO-3 dp 128: %.3f GiB states + %.2f GiB activations\n",
              (m.weights_bytes + m.gradients_bytes + m.optimizer_bytes) / (1024.0 * 1024 * 1024),
              m.activations_bytes / (1024.0 * 1024 * 1024));
}

TEST(MemoryModel, recompute_and_sequence_parallelism_shrink_activations_and_gpipe_grows_them) {
  auto doc = gpt3();
  const auto activations = [&doc](const char* key, nlohmann::json value) {
    auto d = doc;
    d["parallelism"][key] = value;
    return MemoryModel::per_npu(WorkloadLoader::from_json(d, "g.json"), 8, 1, 192).activations_bytes;
  };
  const double full = activations("recompute", "full");
  const double selective = activations("recompute", "selective");
  const double none = activations("recompute", "none");
  EXPECT_LT(full, selective);
  EXPECT_LT(selective, none);
  auto sp = doc;
  sp["parallelism"]["recompute"] = "none";
  sp["parallelism"]["sequence_parallel"] = true;
  EXPECT_LT(MemoryModel::per_npu(WorkloadLoader::from_json(sp, "g.json"), 8, 1, 192).activations_bytes, none);
  // GPipe keeps every micro-batch of the step, 1F1B at most pp of them.
  EXPECT_GT(activations("schedule", "gpipe"), full * 10);
}

TEST(MemoryModel, gpt3_175b_data_parallel_only_is_refused_with_the_numbers) {
  const auto r = tcsim::test::run_cli({"run", "-w", tcsim::test::source_path("workloads/gpt3-175b.json"), "--set",
                                       "workload.parallelism.tp=1", "--set", "workload.parallelism.pp=1",
                                       "--set", "workload.global_batch=2048"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("GiB per NPU but Ascend 910 (A) has 32.00 GiB of HBM"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("optimizer"), std::string::npos) << r.err;
}

TEST(WorkloadPlans, impossible_plans_and_bad_hyper_parameters_name_the_reason) {
  const auto error = [](const nlohmann::json& doc, std::string* path) {
    return tcsim::test::input_error_text([&doc] { WorkloadLoader::from_json(doc, "w.json"); }, path);
  };
  std::string path;
  auto doc = gpt3();
  doc["parallelism"]["tp"] = 7;
  EXPECT_NE(error(doc, &path).find("does not divide the 96 attention heads"), std::string::npos);
  EXPECT_EQ(path, "/parallelism/tp");
  doc = gpt3();
  doc["parallelism"]["pp"] = 97;
  EXPECT_NE(error(doc, &path).find("only 96 layers"), std::string::npos);
  doc = gpt3();
  doc["parallelism"]["stage_layers"] = std::vector<int>(16, 5);
  EXPECT_NE(error(doc, &path).find("the stages hold 80 layers but the model has 96"), std::string::npos);
  EXPECT_EQ(path, "/parallelism/stage_layers");
  doc = gpt3();
  doc["parallelism"]["schedule"] = "interleaved";
  doc["parallelism"]["virtual_stages"] = 5;
  EXPECT_NE(error(doc, &path).find("80 chunks do not divide the 96 layers"), std::string::npos);
  EXPECT_EQ(path, "/parallelism/virtual_stages");
  doc = gpt3();
  doc["parallelism"]["zero_stage"] = 2;
  EXPECT_NE(error(doc, &path).find("cannot be combined with pipeline parallelism"), std::string::npos);
  doc = gpt3();
  doc["parallelism"]["order"] = {"tp", "dp", "tp"};
  EXPECT_NE(error(doc, &path).find("each once"), std::string::npos);
  EXPECT_EQ(path, "/parallelism/order");
  doc = gpt3();
  doc["parallelism"]["ep"] = 2;
  EXPECT_NE(error(doc, &path).find("mixture-of-experts"), std::string::npos);
  doc = gpt3();
  doc["parallelism"]["virtual_stages"] = 2;
  EXPECT_NE(error(doc, &path).find("interleaved"), std::string::npos);
  doc = gpt3();
  doc["model"]["zoo"] = "gpt3-175";
  EXPECT_NE(error(doc, &path).find("did you mean 'gpt3-175b'"), std::string::npos);
  doc = gpt3();
  doc["model"]["kv_heads"] = 7;
  EXPECT_EQ((error(doc, &path), path), "/model/kv_heads");
  doc = gpt3();
  doc["model"]["hiden"] = 1024;
  EXPECT_NE(error(doc, &path).find("did you mean 'hidden'"), std::string::npos);
  doc = gpt3();
  doc["epochs"] = 1;
  EXPECT_NE(error(doc, &path).find("either tokens or epochs"), std::string::npos);
}

TEST(WorkloadPlans, a_transformer_can_be_described_from_scratch_and_the_zoo_overridden) {
  auto doc = gpt3();
  doc["model"] = {{"kind", "transformer"}, {"layers", 2},  {"hidden", 256}, {"heads", 4},
                  {"ffn_hidden", 1024},    {"vocab", 1000}, {"seq_len", 128}};
  doc["parallelism"] = {{"tp", 1}, {"pp", 1}};
  const auto w = WorkloadLoader::from_json(doc, "w.json");
  // 2 x (12 h^2 + 13 h) + (V + s) h + final norm (2 h).
  EXPECT_DOUBLE_EQ(w.model.params(), 2 * (12.0 * 256 * 256 + 13 * 256) + (1000 + 128) * 256 + 2 * 256);
  doc = gpt3();
  doc["model"]["layers"] = 48;  // a half-depth GPT-3
  EXPECT_EQ(WorkloadLoader::from_json(doc, "w.json").transformer->layers, 48);
  // 300 B tokens over 146,484,375 sequences of 2048 tokens: one epoch.
  EXPECT_DOUBLE_EQ(WorkloadLoader::from_json(gpt3(), "w.json").epochs, 300e9 / (146484375.0 * 2048));
}
