// tcsim compare: one workload on several designs, or several workloads on one, side by side.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/results/ResultTable.hpp"

using tcsim::test::run_cli;
using tcsim::test::source_path;

namespace {
/** ResNet-50 on 32 NPUs of the non-blocking Atlas 900 and of the 2:1 Atlas 800 cluster. */
std::vector<std::string> two_designs(std::vector<std::string> extra) {
  std::vector<std::string> args = {"compare",
                                   "-w",
                                   source_path("workloads/resnet50-mlperf.json"),
                                   source_path("topologies/atlas900-1024.json"),
                                   source_path("topologies/atlas800-cluster.json"),
                                   "--set",
                                   "topology.nodes=4",
                                   "--set",
                                   "workload.global_batch=1024"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}
}  // namespace

TEST(CliCompare, prints_every_design_and_each_figure_against_the_first) {
  const auto r = run_cli(two_designs({}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("atlas900-1024"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("atlas800-cluster"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("step_time_s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x\n"), std::string::npos) << "no ratio column: " << r.out;
}

TEST(CliCompare, json_has_one_entry_per_design_with_its_figures_and_ratios) {
  const auto r = run_cli(two_designs({"--format", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "tcsim.compare/1");
  ASSERT_EQ(j["designs"].size(), 2u);
  for (const auto& d : j["designs"]) {
    EXPECT_EQ(d["design"]["npus"], 32);
    EXPECT_GT(d["metrics"]["step_time_s"].get<double>(), 0);
    EXPECT_GT(d["metrics"]["time_to_train_s"].get<double>(), 0);
  }
  // The first design is the yardstick; the second's ratio is its figure over the first's.
  EXPECT_DOUBLE_EQ(j["designs"][0]["ratios"]["step_time_s"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["designs"][1]["ratios"]["step_time_s"].get<double>(),
                   j["designs"][1]["metrics"]["step_time_s"].get<double>() /
                       j["designs"][0]["metrics"]["step_time_s"].get<double>());
  // Same accelerator and calibration: nothing confounds the comparison.
  EXPECT_TRUE(j["warnings"].empty()) << j["warnings"].dump();
}

TEST(CliCompare, csv_has_the_columns_of_run_and_a_row_per_design) {
  const auto compare = run_cli(two_designs({"--format", "csv"}));
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  const auto run = run_cli({"run", "--format", "csv", "--set", "topology.nodes=4", "--set", "workload.global_batch=1024"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string header = tcsim::results::ResultTable::csv_header() + "\n";
  EXPECT_EQ(compare.out.rfind(header, 0), 0u) << compare.out;
  EXPECT_EQ(run.out.rfind(header, 0), 0u) << run.out;
  EXPECT_EQ(std::count(compare.out.begin(), compare.out.end(), '\n'), 3);
  // Values carry the precision of their model, not 17 digits.
  EXPECT_EQ(compare.out.find("0000000"), std::string::npos) << compare.out;
}

TEST(CliCompare, set_each_changes_one_design_only) {
  const auto r = run_cli(two_designs({"--format", "json", "--set-each", "2:topology.node.nic.gbps=25"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["designs"][0]["inputs"]["overrides"].size(), 2u);
  ASSERT_EQ(j["designs"][1]["inputs"]["overrides"].size(), 3u);
  EXPECT_EQ(j["designs"][1]["inputs"]["overrides"][2], "topology.node.nic.gbps=25");
  // A quarter of the NIC bandwidth: a slower step on the second design, never a faster one.
  EXPECT_GT(j["designs"][1]["ratios"]["step_time_s"].get<double>(), 1.0);
}

TEST(CliCompare, different_accelerators_are_flagged_as_a_confounded_comparison) {
  const auto r = run_cli(two_designs({"--format", "json", "--set-each", "2:topology.node.npu=ascend910b"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["warnings"].empty());
  EXPECT_NE(j["warnings"][0].get<std::string>().find("different accelerators"), std::string::npos) << j["warnings"].dump();
}

TEST(CliCompare, bad_input_is_refused_before_anything_runs) {
  auto r = run_cli(two_designs({"--set-each", "3:topology.nodes=8"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("there are 2 designs"), std::string::npos) << r.err;
  r = run_cli(two_designs({"--set-each", "topology.nodes=8"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("I:KEY=VALUE"), std::string::npos) << r.err;
  r = run_cli({"compare", "-w", source_path("workloads/resnet50-mlperf.json"), source_path("topologies/atlas900-1024.json"),
               "/nonexistent/cluster.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/cluster.json"), std::string::npos) << r.err;
  // A misspelt key in one design's override names the key and the nearest valid one.
  r = run_cli(two_designs({"--set-each", "1:topology.nodez=8"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nodes"), std::string::npos) << r.err;
  // Neither or both of -t and -w.
  r = run_cli({"compare", source_path("topologies/atlas900-1024.json"), source_path("topologies/atlas800-cluster.json")});
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli({"compare", "-w", source_path("workloads/resnet50-mlperf.json"), source_path("topologies/atlas900-1024.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at least two"), std::string::npos) << r.err;
}
