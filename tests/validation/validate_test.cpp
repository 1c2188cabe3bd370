// `tcsim validate` over the public rows of data/reference/: every row reported, errors computed
// from the measured and predicted figures, and the median and worst error within the limits of
// tests/validation/thresholds.json (which also records the issue's targets).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

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

  // Every row of both reference files is listed, scored or with the reason it is not.
  const auto mlperf = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/mlperf-resnet50-public.csv"));
  const auto megatron = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/megatron-public.csv"));
  ASSERT_EQ(j["rows"].size(), mlperf.rows() + megatron.rows());
  std::vector<double> errors;
  for (const auto& row : j["rows"]) {
    if (!row.contains("predicted")) {
      EXPECT_TRUE(row.contains("status")) << row.dump();
      std::printf("%-70s %s\n", row["label"].get<std::string>().c_str(), row["status"].get<std::string>().c_str());
      continue;
    }
    const double measured = row["measured"].get<double>();
    const double predicted = row["predicted"].get<double>();
    EXPECT_GT(predicted, 0) << row["label"];
    EXPECT_NEAR(row["error"].get<double>(), predicted / measured - 1, 1e-12);
    errors.push_back(std::fabs(predicted / measured - 1));
    std::printf("%-70s measured %9.1f predicted %9.1f error %+6.1f%%\n", row["label"].get<std::string>().c_str(), measured,
                predicted, 100 * (predicted / measured - 1));
  }
  // Every MLPerf row and every Megatron row that gives its model shape (the A100 ones) is scored.
  std::size_t shaped = 0;
  for (std::size_t r = 0; r < megatron.rows(); ++r) shaped += megatron.at(r, "hidden").empty() ? 0 : 1;
  EXPECT_GE(errors.size(), mlperf.rows() + shaped);
  std::sort(errors.begin(), errors.end());
  const std::size_t n = errors.size();
  const double median = n % 2 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
  EXPECT_NEAR(j["median_abs_error"].get<double>(), median, 1e-12);
  EXPECT_NEAR(j["worst_abs_error"].get<double>(), errors.back(), 1e-12);

  const double median_target = limits["median_abs_error"]["target"].get<double>();
  const double worst_target = limits["worst_abs_error"]["target"].get<double>();
  std::printf("\n%zu rows scored: median |error| %.1f%% (target %.0f%%: %s), worst %.1f%% (target %.0f%%: %s)\n", n,
              100 * median, 100 * median_target, median <= median_target ? "met" : "NOT met", 100 * errors.back(),
              100 * worst_target, errors.back() <= worst_target ? "met" : "NOT met");
  EXPECT_LE(median, limits["median_abs_error"]["limit"].get<double>());
  EXPECT_LE(errors.back(), limits["worst_abs_error"]["limit"].get<double>());
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
