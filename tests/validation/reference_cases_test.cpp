// How the MLPerf rows become scenarios: each NVIDIA submission runs with the kernel fusion of the
// network its config file names (data/reference/mlperf-resnet50-networks.csv); the data file
// itself is checked, so a typo there cannot silently leave a row on the default fusion.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
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
}  // namespace

TEST(ReferenceCases, every_network_row_names_a_submission_a_fusion_and_its_evidence) {
  for (std::size_t n = 0; n < networks().rows(); ++n) {
    const std::string what = networks().at(n, "round") + " " + networks().at(n, "system");
    int matches = 0;
    for (std::size_t r = 0; r < mlperf().rows(); ++r)
      matches += mlperf().at(r, "round") == networks().at(n, "round") && mlperf().at(r, "system") == networks().at(n, "system");
    EXPECT_EQ(matches, 1) << what;
    EXPECT_TRUE(tcsim::workload::ResNetBuilder::fusion_named(networks().at(n, "fusion")).has_value()) << what;
    const std::string evidence = networks().at(n, "evidence");
    EXPECT_TRUE(evidence == "config" || evidence == "assumed") << what << ": " << evidence;
    EXPECT_FALSE(networks().at(n, "source").empty()) << what;
  }
}

TEST(ReferenceCases, mxnet_submissions_run_their_networks_fusion_and_the_others_the_default) {
  const auto cases = tcsim::validation::ReferenceCases::load(tcsim::test::source_path(""));
  ASSERT_GE(cases.size(), mlperf().rows());
  for (std::size_t r = 0; r < mlperf().rows(); ++r) {
    const auto& overrides = cases[r].overrides;
    const auto fusion = std::find_if(overrides.begin(), overrides.end(),
                                     [](const std::string& o) { return o.rfind("workload.model.fusion=", 0) == 0; });
    if (!is_mxnet(r)) {
      EXPECT_EQ(fusion, overrides.end()) << cases[r].label;  // MindSpore: the calibration's own stack
      continue;
    }
    ASSERT_NE(fusion, overrides.end()) << cases[r].label << ": no entry in mlperf-resnet50-networks.csv";
    for (std::size_t n = 0; n < networks().rows(); ++n) {
      if (networks().at(n, "round") == mlperf().at(r, "round") && networks().at(n, "system") == mlperf().at(r, "system")) {
        EXPECT_EQ(*fusion, "workload.model.fusion=" + networks().at(n, "fusion")) << cases[r].label;
        EXPECT_NE(cases[r].note.find(networks().at(n, "network")), std::string::npos) << cases[r].note;
      }
    }
  }
}
