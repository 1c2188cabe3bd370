// `tcsim workload` (plans on topologies, the step graph) and `tcsim generate workload`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "support/CliRunner.hpp"

using tcsim::test::run_cli;
using tcsim::test::source_path;

namespace {

/** The reference topology each reference workload is meant for. */
const std::map<std::string, std::string>& reference_topology() {
  static const std::map<std::string, std::string> pairs = {
      {"resnet50-mlperf", "atlas900-1024"},         {"bert-large", "atlas900-1024"},
      {"gpt3-175b", "atlas900-1024"},               {"llama3-70b", "dgx-a100-superpod"},
      {"llama3-405b", "dgx-a100-superpod"},         {"deepseek-v3-moe", "atlas900-a3-superpod"},
      {"llama3-70b-long", "supernode-cluster"},
  };
  return pairs;
}

nlohmann::json workload_json(const std::string& workload, const std::string& topology,
                             const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"workload", source_path("workloads/" + workload + ".json"), "-t",
                                   source_path("topologies/" + topology + ".json"), "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << workload << ": " << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

}  // namespace

TEST(CliWorkload, every_reference_workload_passes_on_its_reference_topology) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("workloads"))) {
    const std::string name = entry.path().stem().string();
    const auto found = reference_topology().find(name);
    ASSERT_NE(found, reference_topology().end()) << "workloads/" << name << ".json has no reference topology in this test";
    const auto j = workload_json(name, found->second);
    ASSERT_FALSE(j.is_discarded()) << name;
    const double memory_gib = j["memory_per_npu_gib"].get<double>();
    std::printf("%-18s on %-22s dp %3d tp %d pp %2d ep %2d: %6.2f of %6.2f GiB, %.3g FLOPs per step\n", name.c_str(),
                found->second.c_str(), j["parallelism"]["dp"].get<int>(), j["parallelism"]["tp"].get<int>(),
                j["parallelism"]["pp"].get<int>(), j["parallelism"]["ep"].get<int>(), memory_gib,
                j["memory"]["hbm_gib"].get<double>(), j["flops_per_step"].get<double>());
    EXPECT_LE(memory_gib, j["memory"]["hbm_gib"].get<double>()) << name;
    EXPECT_GT(j["flops_per_step"].get<double>(), 0) << name;
    EXPECT_GE(j["flops_per_step"].get<double>(), j["model_flops_per_step"].get<double>()) << name;
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(reference_topology().size()));
}

TEST(CliWorkload, flops_per_step_of_gpt3_175b_match_narayanans_formula_with_full_recompute) {
  const auto j = workload_json("gpt3-175b", "atlas900-1024");
  const double B = 1536, s = 2048, l = 96, h = 12288, V = 50257;
  const double formula = 96 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h));
  const double error = j["flops_per_step"].get<double>() / formula - 1;
  std::printf("GPT-3 175B step FLOPs: %.4g predicted, %.4g by the formula (%+.2f%%)\n", j["flops_per_step"].get<double>(),
              formula, 100 * error);
  EXPECT_LT(std::abs(error), 0.02);
}

TEST(CliWorkload, a_checkpoint_is_the_weights_and_adam_state_spread_over_every_rank) {
  const auto j = workload_json("gpt3-175b", "atlas900-1024");
  // 16-bit weights (2), FP32 master weights and two moments (12) per parameter.
  EXPECT_NEAR(j["checkpoint_bytes_per_npu"].get<double>(),
              j["params"].get<double>() * 14 / j["parallelism"]["npus"].get<double>(), 1e-6);
}

TEST(CliWorkload, collectives_are_reported_by_group_with_the_counts_the_plan_implies) {
  const auto j = workload_json("gpt3-175b", "atlas900-1024");
  std::map<std::string, nlohmann::json> by_group;
  for (const auto& g : j["collectives"]) by_group[g["group"].get<std::string>()] = g;
  ASSERT_TRUE(by_group.count("tp") && by_group.count("pp") && by_group.count("dp"));
  // Stage 0: 6 blocks x (2 forward + 4 backward with full recompute) + 1 embedding all-reduce, per micro-batch.
  EXPECT_EQ(by_group["tp"]["operations_per_step"], (6 * 6 + 1) * 192);
  EXPECT_EQ(by_group["tp"]["nodes"], 1);  // tensor groups stay inside a node
  // A middle stage sends an activation and a gradient per micro-batch.
  EXPECT_EQ(by_group["pp"]["operations_per_step"], 2 * 192);
  EXPECT_DOUBLE_EQ(by_group["pp"]["bytes_per_rank_per_step"].get<double>(), 2 * 192 * 2.0 * 2048 * 12288 / 8);
  EXPECT_EQ(by_group["dp"]["ranks"], 8);
  EXPECT_EQ(j["placement"]["tp_group_nodes"], 1);
  EXPECT_EQ(j["placement"]["pipeline_nodes"], 16);
}

TEST(CliWorkload, emit_writes_every_pass_of_every_stage_in_schedule_order) {
  const std::string out = tcsim::test::temp_file("graph.json", "");
  std::filesystem::remove(out);
  workload_json("llama3-70b", "dgx-a100-superpod", {"--emit", out});
  std::ifstream in(out);
  const auto graph = nlohmann::json::parse(in, nullptr, false);
  ASSERT_FALSE(graph.is_discarded());
  EXPECT_EQ(graph["schema"], "tcsim.step_graph/1");
  ASSERT_EQ(graph["stages"].size(), 4u);
  int layers = 0;
  for (const auto& stage : graph["stages"]) {
    // 64 micro-batches through 5 chunks, forward and backward.
    EXPECT_EQ(stage["ops"].size(), 2u * 64 * 5);
    EXPECT_EQ(stage["groups"]["tp"].size(), 8u);
    for (const auto& chunk : stage["chunks"]) {
      for (const auto& name : chunk["layers"]) layers += name.get<std::string>().find(".norm1") != std::string::npos;
    }
  }
  EXPECT_EQ(layers, 80);  // every block placed once
  // The first pass of stage 0 is a forward of micro-batch 0 through chunk 0, sent on to stage 1.
  const auto& first = graph["stages"][0]["ops"][0];
  EXPECT_EQ(first["pass"], "forward");
  EXPECT_EQ(first["send"]["to_stage"], 1);
}

TEST(CliWorkload, plans_that_do_not_fit_or_cannot_be_placed_exit_2_with_the_reason) {
  auto r = run_cli({"workload", source_path("workloads/gpt3-175b.json"), "--set", "workload.parallelism.pp=2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("GiB per NPU but Ascend 910 (A) has 32.00 GiB of HBM"), std::string::npos) << r.err;
  // The default topology (the Atlas 900) has the 512 NPUs llama3-70b asks for, but 32 GiB is too little
  // for the activations of interleaved stage 0, and the error points at the batch.
  r = run_cli({"workload", source_path("workloads/llama3-70b.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at /global_batch: the plan needs 34.52 GiB per NPU"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("on pipeline stage 0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shard the model (tp, pp, ZeRO)"), std::string::npos) << r.err;
  // ResNet-50 runs data parallel only: the advice is what it accepts, and it works.
  r = run_cli({"workload", source_path("workloads/resnet50-mlperf.json"), "--set", "workload.global_batch=1048576"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at /global_batch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("parallelism.micro_batch"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("tp, pp"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("pipeline stage"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli({"workload", source_path("workloads/resnet50-mlperf.json"), "--set", "workload.global_batch=1048576",
                     "--set", "workload.parallelism.micro_batch=256"})
                .exit_code,
            0);
  r = run_cli({"workload", source_path("workloads/gpt3-175b.json"), "--set", "workload.parallelism.dp=9"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the plan needs 1152 NPUs"), std::string::npos) << r.err;
}

TEST(CliGenerateWorkload, writes_a_file_that_tcsim_workload_accepts) {
  const std::string file = tcsim::test::temp_file("generated.json", "");
  auto r = run_cli({"generate", "workload", "llama3-8b", "--tp", "8", "--pp", "2", "--dp", "32", "--global-batch", "512", "--out", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_cli({"workload", file, "--format", "json", "-t", source_path("topologies/dgx-a100-superpod.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parallelism"]["tp"], 8);
  EXPECT_EQ(j["parallelism"]["pp"], 2);
  EXPECT_EQ(j["parallelism"]["recompute"], "full");  // the default with pipelines
}

TEST(CliGenerateWorkload, unknown_models_and_impossible_plans_exit_2) {
  auto r = run_cli({"generate", "workload", "llama3-7b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean"), std::string::npos) << r.err;
  r = run_cli({"generate", "workload", "gpt3-175b", "--tp", "7"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does not divide the 96 attention heads"), std::string::npos) << r.err;
}

TEST(CliGenerateWorkload, an_option_the_model_family_ignores_or_a_non_finite_amount_is_named) {
  // Found by fuzzing: --epochs on a language model and --recompute on ResNet-50 were ignored,
  // and --tokens nan became -2^63 training samples. ResNet-50's plan options go to the workload
  // loader, which names the JSON path.
  const auto expect_error = [](std::vector<std::string> args, const std::string& text) {
    const auto r = run_cli(std::move(args));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
  };
  expect_error({"generate", "workload", "gpt3-175b", "--epochs", "3"}, "--epochs: applies to image models only");
  expect_error({"generate", "workload", "resnet50", "--recompute", "full"},
               "at /parallelism/recompute: activation recompute is modelled for transformer blocks only");
  expect_error({"generate", "workload", "resnet50", "--tokens", "5"}, "--tokens: applies to language models only");
  expect_error({"generate", "workload", "gpt3-175b", "--tokens", "nan"}, "--tokens: expected a finite number > 0, got nan");
  expect_error({"generate", "workload", "resnet50", "--epochs", "inf"}, "--epochs: expected a finite number > 0, got inf");
  expect_error({"generate", "workload", "gpt3-175b", "--tokens", "1e300"}, "more than 9e18 sequences");
  // Gradient accumulation and ZeRO do apply to ResNet-50, and are written.
  const auto r = run_cli({"generate", "workload", "resnet50", "--micro-batch", "2", "--zero-stage", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["parallelism"]["micro_batch"], 2);
  EXPECT_EQ(doc["parallelism"]["zero_stage"], 1);
}
