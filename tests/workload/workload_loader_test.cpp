#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

using tcsim::InputError;
using tcsim::workload::WorkloadLoader;

namespace {
nlohmann::json reference() { return tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/resnet50-mlperf.json")); }

std::string error_path(const nlohmann::json& doc) {
  try {
    WorkloadLoader::from_json(doc, "w.json");
  } catch (const InputError& e) {
    return e.json_path();
  }
  return "<no error>";
}
}  // namespace

TEST(WorkloadLoader, reference_resnet50_workload_loads) {
  const auto w = WorkloadLoader::from_json(reference(), "w.json");
  EXPECT_EQ(w.name, "resnet50-mlperf");
  EXPECT_EQ(w.train_samples, 1281167);
  EXPECT_EQ(w.eval_samples, 50000);
  EXPECT_EQ(w.global_batch, 32768);
  EXPECT_FALSE(w.dp.has_value());  // null: all NPUs
  EXPECT_DOUBLE_EQ(w.model.params(), 25'557'032.0);
}

TEST(WorkloadLoader, unknown_model_is_rejected) {
  auto doc = reference();
  doc["model"]["zoo"] = "resnet5O";
  EXPECT_EQ(error_path(doc), "/model/zoo");
}

TEST(WorkloadLoader, tensor_parallel_is_refused_until_implemented) {
  auto doc = reference();
  doc["parallelism"]["tp"] = 8;
  EXPECT_EQ(error_path(doc), "/parallelism/tp");
}

TEST(WorkloadLoader, transformer_only_settings_on_resnet50_are_refused_not_ignored) {
  // ResNet-50 runs on the data-parallel engine: these used to be accepted and had no effect.
  for (const auto& [key, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"recompute", "full"}, {"sequence_parallel", true}, {"schedule", "gpipe"}}) {
    auto doc = reference();
    doc["parallelism"][key] = value;
    EXPECT_EQ(error_path(doc), "/parallelism/" + key);
  }
  // Gradient accumulation and ZeRO do apply to it.
  auto doc = reference();
  doc["parallelism"]["micro_batch"] = 8;
  doc["parallelism"]["zero_stage"] = 1;
  doc["parallelism"]["recompute"] = "none";
  EXPECT_EQ(error_path(doc), "<no error>");
}

TEST(WorkloadLoader, masked_lm_predictions_must_fit_in_the_sequence) {
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/bert-large.json"));
  doc["model"]["masked_lm_predictions"] = 20;
  doc["model"]["seq_len"] = 128;
  EXPECT_EQ(error_path(doc), "<no error>");
  doc["model"]["masked_lm_predictions"] = 129;
  EXPECT_EQ(error_path(doc), "/model/masked_lm_predictions");
  doc["model"]["masked_lm_predictions"] = -1;
  EXPECT_EQ(error_path(doc), "/model/masked_lm_predictions");
  doc["model"] = {{"zoo", "gpt3-1.3b"}, {"masked_lm_predictions", 20}};
  EXPECT_EQ(error_path(doc), "/model/masked_lm_predictions");
}

TEST(WorkloadLoader, a_span_head_replaces_the_masked_lm_head) {
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/bert-large.json"));
  doc["model"]["head"] = "span";
  doc["model"]["seq_len"] = 384;
  EXPECT_EQ(error_path(doc), "<no error>");  // the zoo's 80 masked positions are dropped with the head
  doc["model"]["masked_lm_predictions"] = 20;
  EXPECT_EQ(error_path(doc), "/model/masked_lm_predictions");
  doc["model"].erase("masked_lm_predictions");
  doc["model"]["head"] = "squad";
  EXPECT_EQ(error_path(doc), "/model/head");
}

TEST(WorkloadLoader, bad_values_are_named) {
  auto doc = reference();
  doc["global_batch"] = 0;
  EXPECT_EQ(error_path(doc), "/global_batch");
  doc = reference();
  doc["epochs"] = "many";
  EXPECT_EQ(error_path(doc), "/epochs");
  doc = reference();
  doc["optimizer"] = "adagrad";
  EXPECT_EQ(error_path(doc), "/optimizer");
  doc = reference();
  doc["dataset"].erase("train_samples");
  EXPECT_EQ(error_path(doc), "/dataset/train_samples");
  doc = reference();
  doc["parallelism"]["pp"] = 4294967296LL;  // 2^32: 0 once narrowed to an int
  EXPECT_EQ(error_path(doc), "/parallelism/pp");
}

TEST(WorkloadLoader, a_run_too_long_to_simulate_is_an_error_not_a_hang) {
  auto doc = reference();
  doc["epochs"] = 1e20;  // 3.9e21 steps: more than a double counts exactly
  EXPECT_EQ(error_path(doc), "/epochs");
  doc["epochs"] = 1e9;  // 3.9e13 steps is fine, but not 2.5e8 evaluations every 4 epochs
  EXPECT_EQ(error_path(doc), "/evaluation/every_epochs");
  doc["dataset"]["eval_samples"] = 0;  // nothing to evaluate: a long run is one simulated block
  EXPECT_EQ(error_path(doc), "<no error>");

  doc = reference();
  doc["evaluation"]["every_epochs"] = 1e-300;  // merged into one evaluation per step: 2190 of them
  EXPECT_EQ(error_path(doc), "<no error>");
  doc["epochs"] = 1e5;  // one per step is now 3.9e6 evaluations
  EXPECT_EQ(error_path(doc), "/evaluation/every_epochs");
  doc["evaluation"].erase("every_epochs");  // the default cadence (4 epochs) is named by the run length
  doc["epochs"] = 1e7;
  EXPECT_EQ(error_path(doc), "/epochs");
}

TEST(WorkloadLoader, resnet_fusion_is_named_and_checked) {
  auto doc = reference();
  doc["model"]["fusion"] = "conv_bn";
  const auto fused = WorkloadLoader::from_json(doc, "w.json");
  const auto plain = WorkloadLoader::from_json(reference(), "w.json");
  EXPECT_DOUBLE_EQ(fused.model.params(), plain.model.params());
  EXPECT_LT(fused.model.layers().size(), plain.model.layers().size());  // the residual adds are fused away
  doc["model"]["fusion"] = "conv_bm";
  EXPECT_EQ(error_path(doc), "/model/fusion");
  try {
    WorkloadLoader::from_json(doc, "w.json");
    ADD_FAILURE() << "a misspelt fusion was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'conv_bn'"), std::string::npos) << e.what();
  }
  doc["model"]["fusion"] = 3;
  EXPECT_EQ(error_path(doc), "/model/fusion");
}
