// The run's timeline (RunSimulator) with fixed prices: conservation of time, analytic expectations
// of failures and checkpoints (Monte Carlo within its confidence interval), recovery paths.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "support/TestPlatforms.hpp"
#include "tcsim/engine/MonteCarloSummary.hpp"
#include "tcsim/engine/RunSimulator.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace {

using tcsim::engine::IoCosts;
using tcsim::engine::RunResult;
using tcsim::engine::RunSetup;
using tcsim::topology::ComponentClass;
using tcsim::workload::StorageTier;
constexpr double kInf = std::numeric_limits<double>::infinity();

/** Fixed prices: a step time (degraded steps 20% slower), checkpoint costs per tier, one link per hop. */
class FixedCosts : public tcsim::engine::RunCosts {
public:
  double step = 1.0;
  IoCosts costs;
  double step_s(const tcsim::engine::StepCondition& c) override {
    return c.degraded.empty() && c.displacement_hops == 0 ? step : 1.2 * step;
  }
  const IoCosts& io(int) override { return costs; }
  int hops(int a, int b) override { return a == b ? 0 : 4; }
};

/** A cluster of `nodes` 8-NPU servers on the Atlas 900 fabric; the job uses `job_nodes` of them. */
struct Cluster {
  tcsim::topology::TopologySpec spec;
  tcsim::topology::TopologyGraph graph;
  tcsim::reliability::ComponentInventory inventory;
  Cluster(int nodes, int job_nodes)
      : spec(tcsim::topology::TopologyLoader::from_json(tcsim::test::small_topology(nodes, 8, 4), "t.json")),
        graph(tcsim::topology::TopologyGraph::from_spec(spec)),
        inventory(graph, spec, job_nodes * 8) {}
};

/** Every class that never fails, but for `c` whose components each fail every `mtbf_s`. */
tcsim::topology::ReliabilitySpec only(ComponentClass c, double mtbf_s) {
  auto spec = tcsim::topology::ReliabilitySpec::defaults();
  for (auto& r : spec.classes) r.mtbf_s = kInf;
  spec.of(c).mtbf_s = mtbf_s;
  return spec;
}

double sum_of_parts(const RunResult& r) {
  return r.train_s + r.eval_s + r.data_load_s + r.checkpoint_s + r.lost_work_s + r.restart_s + r.repair_wait_s;
}

}  // namespace

TEST(RunSimulator, without_failures_the_run_is_its_steps_evaluations_and_checkpoints) {
  Cluster cluster(4, 4);
  FixedCosts costs;
  costs.costs.of(StorageTier::parallel_fs).blocking_s = 3.0;
  RunSetup setup;
  setup.plan.steps = 1000;
  setup.plan.eval_after_step = {500, 1000};
  setup.plan.eval_s = 7.0;
  setup.checkpoints = {{StorageTier::parallel_fs, 100, 0}};
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.give_up_after_s = 1e9;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate({});
  EXPECT_EQ(r.checkpoints, 9);  // at 100, 200, ..., 900: none after the last step
  EXPECT_DOUBLE_EQ(r.time_to_train_s, 1000 * 1.0 + 2 * 7.0 + 9 * 3.0);
  EXPECT_DOUBLE_EQ(r.train_s, 1000.0);
  EXPECT_DOUBLE_EQ(r.checkpoint_s, 27.0);
  EXPECT_EQ(r.evaluations, 2);
  EXPECT_EQ(r.interruptions, 0);
  EXPECT_DOUBLE_EQ(r.goodput, 1.0 - 27.0 / r.time_to_train_s);
}

TEST(RunSimulator, a_cadence_in_seconds_checkpoints_at_the_first_step_boundary_after_it) {
  Cluster cluster(4, 4);
  FixedCosts costs;
  costs.step = 0.7;
  costs.costs.of(StorageTier::host_dram).blocking_s = 0.5;
  RunSetup setup;
  setup.plan.steps = 100;
  setup.checkpoints = {{StorageTier::host_dram, 0, 10.0}};
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.give_up_after_s = 1e9;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate({});
  // At the first step boundary at least 10 s after the last checkpoint started: step 15
  // (10.5 s), then every 14 steps, since the 0.5 s write counts towards the next 10 s.
  EXPECT_EQ(r.checkpoints, 7);  // steps 15, 29, 43, 57, 71, 85, 99
  EXPECT_NEAR(r.time_to_train_s, 100 * 0.7 + 7 * 0.5, 1e-9);
}

TEST(RunSimulator, the_breakdown_adds_up_to_time_to_train_whatever_fails) {
  Cluster cluster(12, 8);  // four spare servers
  FixedCosts costs;
  for (StorageTier t : {StorageTier::host_dram, StorageTier::peer_dram, StorageTier::parallel_fs}) {
    costs.costs.of(t).blocking_s = 2.0;
    costs.costs.of(t).background_s = 15.0;
    costs.costs.of(t).step_slowdown = 0.1;
    costs.costs.of(t).restore_s = 5.0;
  }
  costs.costs.read_cold_s = 1.5;
  costs.costs.read_warm_s = 0.1;
  for (bool async : {false, true}) {
    RunSetup setup;
    setup.plan.steps = 20000;
    setup.plan.eval_after_step = {5000, 10000, 15000, 20000};
    setup.plan.eval_s = 30;
    setup.asynchronous_checkpoints = async;
    setup.data_loading = true;
    setup.warm_after_step = 3000;
    setup.checkpoints = {{StorageTier::host_dram, 50, 0}, {StorageTier::peer_dram, 0, 400.0}, {StorageTier::parallel_fs, 0, 3000.0}};
    auto rates = tcsim::topology::ReliabilitySpec::defaults();
    for (auto& c : rates.classes) {  // time runs 2000 times faster: about a failure an hour on this small cluster
      c.mtbf_s /= 2000;
      c.mttr_s /= 2000;
    }
    setup.reliability = rates;
    setup.spare_servers = 2;
    setup.give_up_after_s = 1e9;
    const tcsim::engine::RunSimulator simulator(setup, cluster.inventory, costs);
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
      const RunResult r = simulator.simulate(tcsim::reliability::FailureProcess(cluster.inventory, rates, seed));
      ASSERT_TRUE(r.finished);
      EXPECT_GT(r.failures, 0);
      EXPECT_NEAR(sum_of_parts(r), r.time_to_train_s, 1e-9 * r.time_to_train_s) << "seed " << seed << " async " << async;
      EXPECT_GE(r.lost_work_s, 0);
      EXPECT_GE(r.train_s, 20000 * 1.0 - 1e-6);  // every step counted once, at least at the healthy pace
      EXPECT_EQ(r.evaluations, 4);
    }
  }
}

TEST(RunSimulator, monte_carlo_waste_agrees_with_the_first_order_expectation) {
  // Exponential interruptions (processes crash, nothing to replace) at a job MTBF of M, a fixed
  // checkpoint cost C every k steps, a fixed restart R. First order: a failure strikes uniformly
  // in a cycle of c = k + C seconds and loses c/2; the up time U = W + n C + N c/2 exposes
  // N = U / M failures, each followed by R: waste = T - W = n C + N (c/2 + R).
  Cluster cluster(4, 4);
  const int processes = 32;
  const double m_s = 10000.0;
  FixedCosts costs;
  const double c_s = 6.0;
  costs.costs.of(StorageTier::parallel_fs).blocking_s = c_s;
  costs.costs.of(StorageTier::parallel_fs).restore_s = 5.0;
  RunSetup setup;
  setup.plan.steps = 200000;
  const std::int64_t k = 60;
  setup.checkpoints = {{StorageTier::parallel_fs, k, 0}};
  setup.reliability = only(ComponentClass::software, m_s * processes);
  setup.reliability.detection_s = 10;
  setup.reliability.process_restart_s = 15;
  setup.give_up_after_s = 1e12;
  const double r_s = 10 + 15 + 5.0;
  const double w_s = 200000.0;
  const double n_checkpoints = std::floor((200000 - 1) / static_cast<double>(k));
  const double cycle_s = k + c_s;
  const double up_s = (w_s + n_checkpoints * c_s) / (1 - cycle_s / 2 / m_s);
  const double expected_waste_s = n_checkpoints * c_s + up_s / m_s * (cycle_s / 2 + r_s);

  const tcsim::engine::RunSimulator simulator(setup, cluster.inventory, costs);
  std::vector<double> waste;
  for (std::uint64_t seed = 1; seed <= 800; ++seed) {
    const RunResult r = simulator.simulate(tcsim::reliability::FailureProcess(cluster.inventory, setup.reliability, seed));
    waste.push_back(r.time_to_train_s - w_s);
  }
  const auto stats = tcsim::engine::SampleStatistics::of(waste);
  EXPECT_GE(expected_waste_s, stats.ci95_low) << "mean " << stats.mean << " expected " << expected_waste_s;
  EXPECT_LE(expected_waste_s, stats.ci95_high) << "mean " << stats.mean << " expected " << expected_waste_s;
  // The confidence interval is tight enough to mean something: within 1% of the waste.
  EXPECT_LT(stats.ci95_high - stats.ci95_low, 0.02 * expected_waste_s);
}

TEST(RunSimulator, the_probability_of_no_interruption_is_exp_minus_t_over_m) {
  Cluster cluster(4, 4);
  FixedCosts costs;
  RunSetup setup;
  setup.plan.steps = 5000;
  const double m_s = 7000.0;  // P = exp(-5000 / 7000) = 0.49
  setup.reliability = only(ComponentClass::software, m_s * 32);
  setup.checkpoints = {};
  setup.give_up_after_s = 1e12;
  const tcsim::engine::RunSimulator simulator(setup, cluster.inventory, costs);
  std::vector<RunResult> runs;
  for (std::uint64_t seed = 1; seed <= 2000; ++seed)
    runs.push_back(simulator.simulate(tcsim::reliability::FailureProcess(cluster.inventory, setup.reliability, seed)));
  const auto summary = tcsim::engine::MonteCarloSummary::of(runs);
  const double expected = std::exp(-5000.0 / m_s);
  EXPECT_GE(expected, summary.p_no_interruption_low);
  EXPECT_LE(expected, summary.p_no_interruption_high);
}

TEST(RunSimulator, a_failed_server_is_replaced_by_a_spare_while_there_is_one_then_the_job_waits_for_repair) {
  Cluster cluster(6, 4);  // two idle servers, both spares
  FixedCosts costs;
  RunSetup setup;
  setup.plan.steps = 20000;
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.reliability.of(ComponentClass::host).mttr_s = 5000;
  setup.spare_servers = 2;
  setup.give_up_after_s = 1e7;
  const std::vector<tcsim::reliability::Failure> hosts = {
      {1000, ComponentClass::host, 0}, {2000, ComponentClass::host, 1}, {3000, ComponentClass::host, 2}};
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate(tcsim::reliability::FailureProcess(hosts));
  EXPECT_EQ(r.interruptions, 3);
  EXPECT_EQ(r.replacements, 3);
  // The third finds no spare: it waits for host 0, repaired at 6,000 s, from the end of its detection.
  EXPECT_NEAR(r.repair_wait_s, 6000 - (3000 + setup.reliability.detection_s), 1e-9);
  EXPECT_DOUBLE_EQ(r.restart_s, 3 * (setup.reliability.detection_s + setup.reliability.restart_s));
  EXPECT_GT(r.degraded_s, 0);  // moved servers run the step 20% slower here
  EXPECT_NEAR(r.time_to_train_s,
              r.train_s + r.lost_work_s + r.restart_s + r.repair_wait_s, 1e-6);
  // Without repairs the third never finds a server.
  setup.reliability.of(ComponentClass::host).mttr_s = 1e9;
  const RunResult stuck =
      tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate(tcsim::reliability::FailureProcess(hosts));
  EXPECT_FALSE(stuck.finished);
  EXPECT_EQ(stuck.replacements, 2);
}

TEST(RunSimulator, without_a_spare_the_job_waits_for_the_repair) {
  Cluster cluster(4, 4);
  FixedCosts costs;
  RunSetup setup;
  setup.plan.steps = 100000;
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.reliability.of(ComponentClass::npu).mttr_s = 3600;
  setup.spare_servers = 0;
  setup.give_up_after_s = 1e9;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs)
                          .simulate(tcsim::reliability::FailureProcess(
                              {{1000, ComponentClass::npu, 5}, {10000, ComponentClass::npu, 30}}));
  EXPECT_EQ(r.interruptions, 2);
  EXPECT_EQ(r.replacements, 0);
  // Detection overlaps the repair: each interruption waits the repair time less detection.
  EXPECT_NEAR(r.repair_wait_s, 2 * (3600 - setup.reliability.detection_s), 1e-9);
  EXPECT_NEAR(r.lost_work_s, 1000 + (10000 - (1000 + 3600 + setup.reliability.restart_s)), 1e-6);
}

TEST(RunSimulator, a_hardware_failure_loses_the_node_local_checkpoint_and_restores_from_the_file_system) {
  Cluster cluster(6, 4);
  FixedCosts costs;
  costs.costs.of(StorageTier::host_dram).blocking_s = 0.1;
  costs.costs.of(StorageTier::host_dram).restore_s = 1;
  costs.costs.of(StorageTier::parallel_fs).blocking_s = 5;
  costs.costs.of(StorageTier::parallel_fs).restore_s = 50;
  RunSetup setup;
  setup.plan.steps = 10000;
  setup.checkpoints = {{StorageTier::host_dram, 10, 0}, {StorageTier::parallel_fs, 1000, 0}};
  setup.spare_servers = 2;
  setup.give_up_after_s = 1e9;
  // A host dies at 2,500 s: the last PFS checkpoint is at step 2000, the last DRAM one at 2490.
  const std::size_t host = 1;
  tcsim::reliability::FailureProcess trace({{2505.0, ComponentClass::host, host}});
  setup.reliability = only(ComponentClass::npu, kInf);
  const RunResult hardware = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate(trace);
  EXPECT_EQ(hardware.interruptions, 1);
  EXPECT_NEAR(hardware.restart_s, setup.reliability.detection_s + setup.reliability.restart_s + 50, 1e-9);
  // A process crash keeps every node's memory: back to the DRAM checkpoint, restored in 1 s.
  tcsim::reliability::FailureProcess crash({{2505.0, ComponentClass::software, 3}});
  const RunResult software = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate(crash);
  EXPECT_NEAR(software.restart_s, setup.reliability.detection_s + setup.reliability.process_restart_s + 1, 1e-9);
  EXPECT_LT(software.lost_work_s, 20);
  EXPECT_GT(hardware.lost_work_s, 400);
}

TEST(RunSimulator, an_asynchronous_copy_that_ends_as_the_next_checkpoint_starts_still_counts) {
  // Steps of 1 s, a checkpoint every 10 steps whose background copy takes exactly 10 s: each copy
  // ends at the next checkpoint's boundary. A crash at 1,005 s goes back to step 990, whose copy
  // ended at 1,000 s, not to the start.
  Cluster cluster(4, 4);
  FixedCosts costs;
  costs.costs.of(StorageTier::parallel_fs).background_s = 10.0;
  costs.costs.of(StorageTier::parallel_fs).restore_s = 3.0;
  RunSetup setup;
  setup.plan.steps = 2000;
  setup.asynchronous_checkpoints = true;
  setup.checkpoints = {{StorageTier::parallel_fs, 10, 0}};
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.give_up_after_s = 1e9;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs)
                          .simulate(tcsim::reliability::FailureProcess({{1005.0, ComponentClass::software, 0}}));
  EXPECT_EQ(r.interruptions, 1);
  EXPECT_NEAR(r.lost_work_s, 1005 - 990, 1e-9);
  EXPECT_NEAR(r.time_to_train_s, 2000 + 15 + setup.reliability.detection_s + setup.reliability.process_restart_s + 3.0, 1e-6);
}

TEST(RunSimulator, a_step_whose_pace_changes_midway_keeps_the_share_it_has_done) {
  // Steps of 1 s, 50% slower while a 5.5 s copy runs from 10 s: three steps and two thirds of a
  // fourth at 1.5 s; every step still counts 1 s of training, the rest is checkpoint overhead.
  Cluster cluster(4, 4);
  FixedCosts costs;
  costs.costs.of(StorageTier::parallel_fs).background_s = 5.5;
  costs.costs.of(StorageTier::parallel_fs).step_slowdown = 0.5;
  RunSetup setup;
  setup.plan.steps = 20;
  setup.asynchronous_checkpoints = true;
  setup.checkpoints = {{StorageTier::parallel_fs, 10, 0}};
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.give_up_after_s = 1e9;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate({});
  EXPECT_NEAR(r.train_s, 20, 1e-9);
  EXPECT_NEAR(r.checkpoint_s, 5.5 / 3, 1e-9);
  EXPECT_NEAR(r.time_to_train_s, 20 + 5.5 / 3, 1e-9);
}

TEST(RunSimulator, the_page_cache_serves_from_its_first_step_whatever_the_checkpoints) {
  // A cold step reads 3 s of samples (2 s exposed behind a 1 s step), a warm one nothing exposed.
  Cluster cluster(4, 4);
  FixedCosts costs;
  costs.costs.read_cold_s = 3.0;
  costs.costs.read_warm_s = 0.1;
  costs.costs.of(StorageTier::host_dram).blocking_s = 0.0;
  RunSetup setup;
  setup.plan.steps = 1000;
  setup.data_loading = true;
  setup.warm_after_step = 100;
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.give_up_after_s = 1e9;
  for (std::int64_t every : {0, 250}) {
    setup.checkpoints.clear();
    if (every > 0) setup.checkpoints = {{StorageTier::host_dram, every, 0}};
    const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate({});
    EXPECT_NEAR(r.data_load_s, 100 * 2.0, 1e-9) << "checkpoints every " << every;
    EXPECT_NEAR(r.time_to_train_s, 1000 + 200, 1e-9);
  }
}

TEST(RunSimulator, an_evaluation_cut_by_a_crash_runs_again_after_the_restore) {
  // Evaluations after steps 99 and 100 (10 s each), a checkpoint at step 99 (taken before its
  // evaluation), a crash during that evaluation: both evaluations still run.
  Cluster cluster(4, 4);
  FixedCosts costs;
  costs.costs.of(StorageTier::host_dram).blocking_s = 1.0;
  RunSetup setup;
  setup.plan.steps = 100;
  setup.plan.eval_after_step = {99, 100};
  setup.plan.eval_s = 10;
  setup.checkpoints = {{StorageTier::host_dram, 99, 0}};
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.give_up_after_s = 1e9;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs)
                          .simulate(tcsim::reliability::FailureProcess({{105.0, ComponentClass::software, 0}}));
  EXPECT_EQ(r.evaluations, 2);
  EXPECT_NEAR(r.eval_s, 20, 1e-9);
  EXPECT_NEAR(r.lost_work_s, 5, 1e-9);  // the part of the first evaluation the crash cut
}

TEST(RunSimulator, a_hardware_failure_while_a_crash_is_detected_makes_the_restart_a_full_one) {
  Cluster cluster(6, 4);
  FixedCosts costs;
  RunSetup setup;
  setup.plan.steps = 5000;
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.spare_servers = 2;
  setup.give_up_after_s = 1e9;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs)
                          .simulate(tcsim::reliability::FailureProcess(
                              {{1000.0, ComponentClass::software, 0}, {1010.0, ComponentClass::host, 1}}));
  EXPECT_EQ(r.interruptions, 1);
  EXPECT_EQ(r.replacements, 1);
  EXPECT_NEAR(r.restart_s, setup.reliability.detection_s + setup.reliability.restart_s, 1e-9);
}

TEST(RunSimulator, a_run_that_gives_up_during_an_evaluation_stops_there_and_says_how_far_it_got) {
  Cluster cluster(4, 4);
  FixedCosts costs;
  RunSetup setup;
  setup.plan.steps = 100;
  setup.plan.eval_after_step = {40, 100};
  setup.plan.eval_s = 100;
  setup.reliability = only(ComponentClass::npu, kInf);
  setup.give_up_after_s = 50;
  const RunResult r = tcsim::engine::RunSimulator(setup, cluster.inventory, costs).simulate({});
  EXPECT_FALSE(r.finished);
  EXPECT_EQ(r.steps, 100);
  EXPECT_EQ(r.steps_done, 40);
  EXPECT_DOUBLE_EQ(r.time_to_train_s, 50);
  EXPECT_NEAR(sum_of_parts(r), 50, 1e-9);
}
