#include <set>

#include <gtest/gtest.h>

#include "tcsim/results/MetricCatalog.hpp"
#include "tcsim/results/ResultRow.hpp"

namespace {
tcsim::report::Report a_report(bool replicas) {
  tcsim::report::Report r;
  r.topology = "t";
  r.workload = "w";
  r.device = "Ascend 910 (A)";
  r.device_calibration = "a measurement";
  r.npus = 64;
  r.job_npus = 32;
  r.dp = 4;
  r.tp = 8;
  r.global_batch = 512;
  r.tokens_per_sample = 2048;
  r.model_flops_per_step = 1e15;
  r.job_peak_flops_per_s = 32 * 256e12;
  r.step.time_s = 0.5;
  r.step.compute_s = 0.4;
  r.run.time_to_train_s = 3600;
  r.run.goodput = 0.9;
  if (replicas) {
    tcsim::engine::MonteCarloSummary m;
    m.replicas = 4;
    m.time_to_train_s.mean = 3700;
    m.time_to_train_s.ci95_low = 3650;
    m.time_to_train_s.ci95_high = 3750;
    m.goodput.mean = 0.88;
    r.monte_carlo = m;
  }
  return r;
}
}  // namespace

TEST(ResultRow, survives_a_json_round_trip) {
  for (const bool replicas : {false, true}) {
    const auto row = tcsim::results::ResultRow::of(a_report(replicas), "d1", "t.json", "w.json", {"topology.nodes=8"},
                                                   replicas ? 4 : 1);
    const auto back = tcsim::results::ResultRow::from_json(row.to_json());
    EXPECT_EQ(back.to_json().dump(), row.to_json().dump());
    EXPECT_EQ(back.values, row.values);
    EXPECT_EQ(back.plan(), "dp 4 x tp 8 x pp 1");
  }
}

TEST(ResultRow, figures_follow_from_the_report_and_unmodelled_ones_are_absent) {
  const auto row = tcsim::results::ResultRow::of(a_report(false), "d1", "", "", {}, 1);
  EXPECT_DOUBLE_EQ(row.values.at("samples_per_s"), 1024);
  EXPECT_DOUBLE_EQ(row.values.at("tokens_per_s"), 1024 * 2048.0);
  // Model FLOPs per second over the job's peak.
  EXPECT_DOUBLE_EQ(row.values.at("mfu"), 1e15 / 0.5 / (32 * 256e12));
  EXPECT_EQ(row.values.count("goodput_ci95_low"), 0u);  // one replica: no interval
  // With replicas, run figures are the replicas' means.
  const auto mc = tcsim::results::ResultRow::of(a_report(true), "d1", "", "", {}, 4);
  EXPECT_DOUBLE_EQ(mc.values.at("time_to_train_s"), 3700);
  EXPECT_DOUBLE_EQ(mc.values.at("time_to_train_ci95_low_s"), 3650);
  EXPECT_DOUBLE_EQ(mc.values.at("goodput"), 0.88);
}

TEST(MetricCatalog, names_are_unique_and_every_metric_is_documented_with_a_unit) {
  std::set<std::string> names;
  for (const auto& m : tcsim::results::MetricCatalog::all()) {
    EXPECT_TRUE(names.insert(m.name).second) << m.name;
    EXPECT_FALSE(m.unit.empty()) << m.name;
    EXPECT_NE(m.value, nullptr) << m.name;
    EXPECT_GE(m.significant_digits, 1) << m.name;
  }
  EXPECT_EQ(tcsim::results::MetricCatalog::format(*tcsim::results::MetricCatalog::find("step_time_s"), 0.0187209876),
            "0.01872");
}
