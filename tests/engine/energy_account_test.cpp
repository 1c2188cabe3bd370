#include <gtest/gtest.h>

#include "tcsim/engine/EnergyAccount.hpp"

using tcsim::engine::EnergyAccount;
using tcsim::engine::PowerModel;
using tcsim::engine::RunResult;

namespace {
RunResult a_run() {
  RunResult run;
  run.train_s = 1000;
  run.eval_s = 50;
  run.data_load_s = 20;
  run.checkpoint_s = 30;
  run.lost_work_s = 40;
  run.restart_s = 60;
  run.repair_wait_s = 100;
  run.time_to_train_s = 1000 + 50 + 20 + 30 + 40 + 60 + 100;
  return run;
}
}  // namespace

TEST(EnergyAccount, every_second_of_every_job_npu_is_counted_once) {
  // With 1 W in every state, each state's joules are its NPU-seconds: they add up to the run.
  PowerModel p;
  p.job_npus = 8;
  p.job_busy_w = p.job_communicating_w = p.job_idle_w = 8;
  const RunResult run = a_run();
  const auto e = EnergyAccount::of(p, run, 0.7);
  EXPECT_NEAR(e.npus_computing_j + e.npus_communicating_j + e.npus_stopped_j, 8 * run.time_to_train_s, 1e-9);
  EXPECT_NEAR(e.npus_computing_j, 8 * 0.7 * (1000 + 40 + 50), 1e-9);
  EXPECT_NEAR(e.npus_stopped_j, 8 * (30 + 60 + 100), 1e-9);
  EXPECT_DOUBLE_EQ(e.it_j, e.npus_computing_j + e.npus_communicating_j + e.npus_stopped_j);
}

TEST(EnergyAccount, an_idle_cluster_draws_its_idle_power_for_the_time) {
  PowerModel p;
  p.other_npus = 1024;
  p.other_idle_w = 1024 * 57.0;
  RunResult run;
  run.time_to_train_s = 3600;
  run.repair_wait_s = 3600;
  const auto e = EnergyAccount::of(p, run, 0.9);
  EXPECT_DOUBLE_EQ(e.it_j, 1024 * 57.0 * 3600);
  EXPECT_DOUBLE_EQ(e.average_w, 1024 * 57.0);
}

TEST(EnergyAccount, busier_npus_or_a_larger_pue_cost_more_and_pue_scales_exactly) {
  PowerModel p;
  p.job_npus = 16;
  p.job_busy_w = 16 * 400.0;
  p.job_communicating_w = 16 * 220.0;
  p.job_idle_w = 16 * 57.0;
  p.hosts_w = 2 * 450.0;
  p.switches_w = 900;
  const RunResult run = a_run();
  const auto base = EnergyAccount::of(p, run, 0.8);
  PowerModel hot = p;
  hot.job_busy_w *= 2;
  EXPECT_GT(EnergyAccount::of(hot, run, 0.8).it_j, base.it_j);
  // More of each step computing (the same step length) draws more.
  EXPECT_GT(EnergyAccount::of(p, run, 0.9).it_j, base.it_j);
  PowerModel facility = p;
  facility.pue = 1.3;
  const auto f = EnergyAccount::of(facility, run, 0.8);
  EXPECT_DOUBLE_EQ(f.it_j, base.it_j);
  EXPECT_DOUBLE_EQ(f.facility_j, 1.3 * base.facility_j);
  EXPECT_DOUBLE_EQ(f.peak_w, 1.3 * base.peak_w);
  EXPECT_GE(base.peak_w, base.average_w);
}
