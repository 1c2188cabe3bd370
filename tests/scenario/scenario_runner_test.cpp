#include <gtest/gtest.h>

#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"

using tcsim::scenario::ScenarioInput;
using tcsim::scenario::ScenarioRunner;

TEST(ScenarioRunner, default_scenario_is_the_atlas900_resnet50_pair) {
  const auto input = ScenarioInput::load(std::nullopt, std::nullopt, {}, 1);
  EXPECT_TRUE(input.is_builtin_default);
  const auto report = ScenarioRunner::run(input);
  EXPECT_EQ(report.topology, "atlas900-1024");
  EXPECT_EQ(report.workload, "resnet50-mlperf");
  EXPECT_EQ(report.npus, 1024);
  EXPECT_EQ(report.job_npus, 1024);
  EXPECT_EQ(report.dp, 1024);
  EXPECT_DOUBLE_EQ(report.batch_per_npu, 32);
  EXPECT_EQ(report.run.steps, 2190);  // ceil(56 * 1281167 / 32768)
  ASSERT_TRUE(report.reference.has_value());
  EXPECT_DOUBLE_EQ(report.reference->time_to_train_s, 59.8);
  // Time-to-train is the sum of its parts.
  EXPECT_NEAR(report.run.time_to_train_s,
              report.run.train_s + report.run.eval_s + report.run.data_load_s + report.run.checkpoint_s +
                  report.run.lost_work_s + report.run.restart_s,
              1e-9 * report.run.time_to_train_s);
  EXPECT_NEAR(report.run.train_s, report.run.steps * report.step.time_s, 1e-9 * report.run.train_s);
  EXPECT_DOUBLE_EQ(report.step.bytes_sent, report.step.bytes_received);
}

TEST(ScenarioRunner, plan_too_big_for_hbm_reports_required_and_available_memory) {
  // 4 NPUs with batch 2048 each: activations alone exceed 32 GiB.
  const auto input = ScenarioInput::load(std::nullopt, std::nullopt,
                                         {"topology.nodes=1", "topology.node.npus=4", "workload.global_batch=8192"}, 1);
  try {
    ScenarioRunner::run(input);
    FAIL() << "expected an InputError";
  } catch (const tcsim::InputError& e) {
    const std::string text = e.what();
    EXPECT_EQ(e.json_path(), "/global_batch");
    EXPECT_NE(text.find("GiB per NPU"), std::string::npos) << text;
    EXPECT_NE(text.find("32.00 GiB of HBM"), std::string::npos) << text;
  }
}

TEST(ScenarioRunner, dp_larger_than_the_cluster_is_refused) {
  const auto input = ScenarioInput::load(std::nullopt, std::nullopt, {"topology.nodes=2", "workload.parallelism.dp=32"}, 1);
  try {
    ScenarioRunner::run(input);
    FAIL() << "expected an InputError";
  } catch (const tcsim::InputError& e) {
    EXPECT_EQ(e.json_path(), "/parallelism/dp");
  }
}

TEST(ScenarioRunner, partial_data_parallel_group_uses_only_its_ranks) {
  const auto input =
      ScenarioInput::load(std::nullopt, std::nullopt, {"topology.nodes=4", "workload.parallelism.dp=16", "workload.global_batch=512"}, 1);
  const auto report = ScenarioRunner::run(input);
  EXPECT_EQ(report.npus, 32);
  EXPECT_EQ(report.job_npus, 16);
  EXPECT_EQ(report.dp, 16);
  EXPECT_DOUBLE_EQ(report.batch_per_npu, 32);
}

TEST(ScenarioRunner, no_validation_set_means_no_evaluations) {
  const auto input = ScenarioInput::load(std::nullopt, std::nullopt,
                                         {"topology.nodes=2", "workload.global_batch=512", "workload.dataset.eval_samples=0"}, 1);
  const auto report = ScenarioRunner::run(input);
  EXPECT_EQ(report.run.evaluations, 0);
  EXPECT_DOUBLE_EQ(report.run.eval_s, 0.0);
}

TEST(ScenarioRunner, one_npu_runs_at_the_calibrated_single_device_rate) {
  // Calibration: 2115 images/s at batch 256 (data/reference/resnet50-single-device.csv).
  const auto input = ScenarioInput::load(
      std::nullopt, std::nullopt,
      {"topology.nodes=1", "topology.node.npus=1", "topology.node.intra.group_size=1", "workload.global_batch=256"}, 1);
  const auto report = ScenarioRunner::run(input);
  EXPECT_DOUBLE_EQ(report.step.exposed_comm_s, 0.0);
  EXPECT_EQ(report.step.flows, 0u);
  EXPECT_NEAR(256.0 / report.step.time_s, 2115.0, 2115.0 * 1e-3);
}
