// `tcsim validate` over the public rows of data/reference/: every row reported, errors computed
// from the measured and predicted figures, and the median and worst error within the limits of
// tests/validation/thresholds.json (which also records the issue's targets).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
#include "tcsim/scenario/JsonFile.hpp"

using tcsim::test::run_cli;

TEST(Validate, public_rows_within_the_repository_thresholds) {
  const std::string out = tcsim::test::temp_file("validation.json", "");
  const auto r = run_cli({"validate", "-q", "--format", "json", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = tcsim::scenario::read_json_file(out);
  const auto limits = tcsim::scenario::read_json_file(tcsim::test::source_path("tests/validation/thresholds.json"));

  // Every row of the reference files is listed, scored or with the reason it is not.
  const auto mlperf = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/mlperf-resnet50-public.csv"));
  const auto megatron = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/megatron-public.csv"));
  const auto llm = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/llm-public.csv"));
  ASSERT_EQ(j["rows"].size(), mlperf.rows() + megatron.rows() + llm.rows());
  const auto family_of = [](const std::string& dataset) {
    return dataset == "mlperf-resnet50" ? std::string("resnet50") : dataset == "ascend-llm" ? dataset : std::string("gpu-llm");
  };
  const auto is_exception = [&limits](const std::string& label) {
    for (const auto& [prefix, reason] : limits["exceptions"].items())
      if (label.rfind(prefix, 0) == 0) return true;
    return false;
  };
  std::map<std::string, std::vector<double>> all, counted;
  std::vector<double> errors;
  std::size_t exceptions_seen = 0;
  for (const auto& row : j["rows"]) {
    const std::string label = row["label"];
    if (!row.contains("predicted")) {
      EXPECT_TRUE(row.contains("status")) << row.dump();
      std::printf("%-70s %s\n", label.c_str(), row["status"].get<std::string>().c_str());
      continue;
    }
    const double measured = row["measured"].get<double>();
    const double predicted = row["predicted"].get<double>();
    EXPECT_GT(predicted, 0) << label;
    EXPECT_NEAR(row["error"].get<double>(), predicted / measured - 1, 1e-12);
    const double error = std::fabs(predicted / measured - 1);
    const std::string family = family_of(row["dataset"]);
    errors.push_back(error);
    all[family].push_back(error);
    if (is_exception(label)) {
      // An exception must still be one: a row that came within the limit leaves the list.
      ++exceptions_seen;
      EXPECT_GT(error, limits["families"][family]["worst_abs_error"]["limit"].get<double>())
          << label << " is within its family's limit now: take it off the exceptions in thresholds.json";
    } else {
      counted[family].push_back(error);
    }
    std::printf("%-70s measured %9.4g predicted %9.4g error %+6.1f%%%s\n", label.c_str(), measured, predicted,
                100 * (predicted / measured - 1), is_exception(label) ? " (exception, reason in thresholds.json)" : "");
  }
  EXPECT_EQ(exceptions_seen, limits["exceptions"].size()) << "an exception in thresholds.json names no scored row";
  // Every MLPerf row, every Megatron row that gives its model shape and every LLM row is scored.
  std::size_t shaped = 0;
  for (std::size_t i = 0; i < megatron.rows(); ++i) shaped += megatron.at(i, "hidden").empty() ? 0 : 1;
  EXPECT_EQ(errors.size(), mlperf.rows() + shaped + llm.rows());
  const auto median_of = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  };
  std::sort(errors.begin(), errors.end());
  EXPECT_NEAR(j["median_abs_error"].get<double>(), median_of(errors), 1e-12);
  EXPECT_NEAR(j["worst_abs_error"].get<double>(), errors.back(), 1e-12);

  for (const auto& [family, family_limits] : limits["families"].items()) {
    ASSERT_FALSE(all[family].empty()) << family;
    const double median = median_of(all[family]);
    const double worst = *std::max_element(counted[family].begin(), counted[family].end());
    EXPECT_NEAR(j["families"][family]["median_abs_error"].get<double>(), median, 1e-12) << family;
    std::printf("\n%-10s %2zu rows: median |error| %.1f%% (target %.0f%%, limit %.0f%%), worst without exceptions %.1f%% "
                "(target %.0f%%, limit %.0f%%)",
                family.c_str(), all[family].size(), 100 * median,
                100 * family_limits["median_abs_error"]["target"].get<double>(),
                100 * family_limits["median_abs_error"]["limit"].get<double>(), 100 * worst,
                100 * family_limits["worst_abs_error"]["target"].get<double>(),
                100 * family_limits["worst_abs_error"]["limit"].get<double>());
    EXPECT_LE(median, family_limits["median_abs_error"]["limit"].get<double>()) << family;
    EXPECT_LE(worst, family_limits["worst_abs_error"]["limit"].get<double>()) << family;
  }
  std::printf("\n");
}

TEST(Validate, csv_and_table_carry_the_same_rows) {
  const auto csv = run_cli({"validate", "-q", "--only", "mlperf-resnet50", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const auto table = tcsim::CsvTable::parse(csv.out, "validate.csv");
  const auto mlperf = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/mlperf-resnet50-public.csv"));
  ASSERT_EQ(table.rows(), mlperf.rows());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    EXPECT_NEAR(table.number(r, "measured"), 60 * mlperf.number(r, "ttt_minutes"), 1e-6);
    EXPECT_NEAR(table.number(r, "error"), table.number(r, "predicted") / table.number(r, "measured") - 1, 1e-6);
  }
}

TEST(Validate, rows_that_cannot_be_predicted_are_reported_and_fail_the_command) {
  // A source tree whose ResNet-50 workload is broken: every MLPerf row fails on bad input. The
  // report still lists each row with the reason, and the exit status says it is incomplete.
  namespace fs = std::filesystem;
  const fs::path root = fs::path(tcsim::test::temp_file("broken-root", "")).concat("-dir");
  fs::remove_all(root);
  fs::create_directories(root / "workloads");
  fs::copy(tcsim::test::source_path("data"), root / "data", fs::copy_options::recursive);
  fs::copy(tcsim::test::source_path("topologies"), root / "topologies", fs::copy_options::recursive);
  std::ofstream(root / "workloads" / "resnet50-mlperf.json") << R"({"schema": "tcsim.workload/1"})";
  const std::string out = tcsim::test::temp_file("broken-root.json", "");
  const auto r = run_cli({"validate", "-q", "--root", root.string(), "--only", "mlperf-resnet50", "--format", "json", "--out", out});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const auto rows = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/mlperf-resnet50-public.csv")).rows();
  EXPECT_NE(r.err.find(std::to_string(rows) + " of " + std::to_string(rows) + " rows could not be predicted"), std::string::npos)
      << r.err;
  const auto j = tcsim::scenario::read_json_file(out);
  ASSERT_EQ(j["rows"].size(), rows);
  for (const auto& row : j["rows"]) {
    EXPECT_EQ(row["status"].get<std::string>().rfind("failed: ", 0), 0u) << row.dump();
    EXPECT_NE(row["status"].get<std::string>().find("resnet50-mlperf.json"), std::string::npos) << row.dump();
  }

  // A malformed cell of the reference data stops the command before any row runs, naming it.
  const auto csv = root / "data" / "reference" / "mlperf-resnet50-public.csv";
  std::string text;
  {
    std::ifstream in(csv);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find(",1,8,8,1664,"), 12, ",1,0,8,1664,");  // accelerators_per_node 0: was a division by zero
  std::ofstream(csv) << text;
  const auto bad = run_cli({"validate", "-q", "--root", root.string(), "--only", "mlperf-resnet50"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("row 2, column 'accelerators_per_node': expected a whole number"), std::string::npos) << bad.err;
  fs::remove_all(root);
}
