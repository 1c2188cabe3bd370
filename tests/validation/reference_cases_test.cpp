// How the MLPerf rows become scenarios: each NVIDIA submission runs with the kernel fusion of the
// network, the optimizer and the all-reduce grouping its config file or result log names
// (data/reference/mlperf-resnet50-networks.csv); the data file itself is checked, so a typo there
// cannot silently leave a row on the workload's defaults.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/StepPlan.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/validation/ReferenceCases.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

namespace {
const tcsim::CsvTable& mlperf() {
  static const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/mlperf-resnet50-public.csv"));
  return table;
}
const tcsim::CsvTable& networks() {
  static const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/mlperf-resnet50-networks.csv"));
  return table;
}
bool is_mxnet(std::size_t row) {
  std::string framework = mlperf().at(row, "framework");
  std::transform(framework.begin(), framework.end(), framework.begin(), ::tolower);
  return framework.find("mxnet") != std::string::npos;
}
/** The value of `key`'s override in `overrides`, or "" if there is none. */
std::string override_value(const std::vector<std::string>& overrides, const std::string& key) {
  for (const auto& o : overrides)
    if (o.rfind(key + "=", 0) == 0) return o.substr(key.size() + 1);
  return "";
}
/** The networks row of MLPerf row `r`, or -1. */
long networks_row(std::size_t r) {
  for (std::size_t n = 0; n < networks().rows(); ++n)
    if (networks().at(n, "round") == mlperf().at(r, "round") && networks().at(n, "system") == mlperf().at(r, "system"))
      return static_cast<long>(n);
  return -1;
}
}  // namespace

TEST(ReferenceCases, every_network_row_names_a_submission_its_software_and_its_evidence) {
  for (std::size_t n = 0; n < networks().rows(); ++n) {
    const std::string what = networks().at(n, "round") + " " + networks().at(n, "system");
    int matches = 0;
    for (std::size_t r = 0; r < mlperf().rows(); ++r)
      matches += mlperf().at(r, "round") == networks().at(n, "round") && mlperf().at(r, "system") == networks().at(n, "system");
    EXPECT_EQ(matches, 1) << what;
    EXPECT_TRUE(tcsim::workload::ResNetBuilder::fusion_named(networks().at(n, "fusion")).has_value()) << what;
    const std::string optimizer = networks().at(n, "optimizer");
    EXPECT_TRUE(optimizer == "lars" || optimizer == "sgd_momentum") << what << ": " << optimizer;
    const double groups = networks().number(n, "allreduce_groups");
    EXPECT_TRUE(groups >= 1 && groups == static_cast<int>(groups)) << what << ": " << groups;
    // config: the submission's own config file; log: its result log (network and optimizer).
    const std::string evidence = networks().at(n, "evidence");
    EXPECT_TRUE(evidence == "config" || evidence == "log") << what << ": " << evidence;
    EXPECT_FALSE(networks().at(n, "source").empty()) << what;
  }
}

TEST(ReferenceCases, mxnet_submissions_run_their_software_and_the_others_the_defaults) {
  const auto cases = tcsim::validation::ReferenceCases::load(tcsim::test::source_path(""));
  ASSERT_GE(cases.size(), mlperf().rows());
  for (std::size_t r = 0; r < mlperf().rows(); ++r) {
    const auto& c = cases[r];
    if (!is_mxnet(r)) {
      // MindSpore: the calibration's own stack, the workload's defaults.
      EXPECT_EQ(override_value(c.overrides, "workload.model.fusion"), "") << c.label;
      EXPECT_EQ(override_value(c.overrides, "workload.optimizer"), "") << c.label;
      EXPECT_EQ(override_value(c.overrides, "workload.communication.bucket_mib"), "") << c.label;
      continue;
    }
    const long n = networks_row(r);
    ASSERT_GE(n, 0) << c.label << ": no entry in mlperf-resnet50-networks.csv";
    EXPECT_EQ(override_value(c.overrides, "workload.model.fusion"), networks().at(n, "fusion")) << c.label;
    EXPECT_EQ(override_value(c.overrides, "workload.optimizer"), networks().at(n, "optimizer")) << c.label;
    EXPECT_NE(c.note.find(networks().at(n, "network")), std::string::npos) << c.note;
  }
}

TEST(ReferenceCases, the_bucket_size_makes_as_many_all_reduces_as_the_submission_has_groups) {
  // One group: a single all-reduce after the backward pass; 20 groups: all-reduces overlapping it.
  const auto cases = tcsim::validation::ReferenceCases::load(tcsim::test::source_path(""));
  const auto model = tcsim::workload::ResNetBuilder::resnet50();
  const tcsim::engine::ComputeModel compute(*tcsim::hw::DeviceCatalog::builtin().find("a100-sxm4-80gb"));
  int checked_one = 0, checked_many = 0;
  for (std::size_t r = 0; r < mlperf().rows(); ++r) {
    const long n = networks_row(r);
    if (n < 0) continue;
    const int groups = static_cast<int>(networks().number(n, "allreduce_groups"));
    const double bucket_mib = std::stod(override_value(cases[r].overrides, "workload.communication.bucket_mib"));
    const auto plan = tcsim::engine::StepPlan::data_parallel(model, compute, 64, bucket_mib * 1024 * 1024, "lars", {{0}}, 0);
    if (groups == 1) {
      EXPECT_EQ(plan.bucket_bytes.size(), 1u) << cases[r].label;
      ++checked_one;
    } else {
      // Buckets of at least gradient / groups close at layer boundaries (a layer is not split), so
      // large late layers make fewer, larger buckets: several all-reduces, never more than groups.
      EXPECT_GT(plan.bucket_bytes.size(), 1u) << cases[r].label;
      EXPECT_LE(plan.bucket_bytes.size(), static_cast<std::size_t>(groups)) << cases[r].label;
      ++checked_many;
    }
  }
  EXPECT_GT(checked_one, 0);
  EXPECT_GT(checked_many, 0);
}

TEST(ReferenceCases, every_llm_row_has_a_plan_that_fills_its_accelerators_a_known_metric_and_a_source) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/llm-public.csv"));
  const auto cases = tcsim::validation::ReferenceCases::load(tcsim::test::source_path(""));
  std::size_t llm_cases = 0;
  for (const auto& c : cases) llm_cases += c.dataset == "gpu-llm" || c.dataset == "ascend-llm";
  EXPECT_EQ(llm_cases, table.rows());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const std::string id = table.at(r, "id");
    const int accelerators = table.positive_int(r, "accelerators");
    const int model_parallel = table.positive_int(r, "tp") * table.positive_int(r, "pp");
    EXPECT_EQ(accelerators % model_parallel, 0) << id;
    const int dp = accelerators / model_parallel;
    EXPECT_EQ(table.positive_int(r, "global_batch") % (dp * table.positive_int(r, "micro_batch")), 0) << id;
    const std::string family = table.at(r, "family");
    EXPECT_TRUE(family == "gpu-llm" || family == "ascend-llm") << id;
    const std::string metric = table.at(r, "metric");
    EXPECT_TRUE(metric == "step_time_s" || metric == "tflops_per_device" || metric == "model_tflops_per_device" ||
                metric == "tokens_per_s_per_device")
        << id << " " << metric;
    EXPECT_FALSE(table.at(r, "source").empty()) << id;
    EXPECT_FALSE(table.at(r, "evidence").empty()) << id;
  }
}
