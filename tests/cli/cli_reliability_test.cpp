// tcsim run with failures, checkpoints and replicas: determinism, blast radius, storage contention,
// honest reports and input errors, through the real executable.
#include <fstream>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"

using tcsim::test::run_cli;
using tcsim::test::run_json;
using tcsim::test::source_path;

namespace {

/**
 * ResNet-50 on 16 of 20 Atlas 800 nodes (4 spares) for about 7 hours, failing 200 times as often
 * as the defaults.
 */
std::vector<std::string> long_resnet(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "--set", "topology.nodes=20", "--set", "workload.parallelism.dp=128", "--set", "workload.epochs=5000", "--set",
      R"(topology.reliability={"rate_scale": 200})",
      "--set", R"(workload.checkpoint={"tiers": [{"tier": "nvme", "every_steps": 500}, {"tier": "parallel_fs", "every": "young_daly"}]})"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

nlohmann::json without_sim(nlohmann::json report) {
  report.erase("sim");
  return report;
}

double sum_of_parts(const nlohmann::json& run) {
  double sum = 0;
  for (const char* key : {"train_s", "eval_s", "checkpoint_s", "lost_work_s", "restart_s", "repair_wait_s"})
    sum += run[key].get<double>();
  if (!run["data_load_s"].is_null()) sum += run["data_load_s"].get<double>();
  return sum;
}

}  // namespace

TEST(CliReliability, same_seed_same_report_other_seeds_other_failures_and_jobs_change_nothing) {
  const auto a = run_json(long_resnet({"--replicas", "6"}));
  const auto b = run_json(long_resnet({"--replicas", "6", "--jobs", "2"}));
  const auto c = run_json(long_resnet({"--replicas", "6", "--seed", "2"}));
  EXPECT_EQ(without_sim(a).dump(), without_sim(b).dump());
  EXPECT_GT(a["monte_carlo"]["interruptions"]["mean"].get<double>(), 0);
  EXPECT_NE(a["run"]["time_to_train_s"], c["run"]["time_to_train_s"]);
  EXPECT_NE(a["monte_carlo"]["time_to_train_s"]["mean"], c["monte_carlo"]["time_to_train_s"]["mean"]);
  EXPECT_EQ(a["monte_carlo"]["replicas"], 6);
  const auto& ttt = a["monte_carlo"]["time_to_train_s"];
  EXPECT_LE(ttt["ci95"][0].get<double>(), ttt["mean"].get<double>());
  EXPECT_LE(ttt["p50"].get<double>(), ttt["p99"].get<double>());
  EXPECT_NEAR(sum_of_parts(a["run"]), a["run"]["time_to_train_s"].get<double>(), 1e-6 * a["run"]["time_to_train_s"].get<double>());
}

TEST(CliReliability, a_spine_failure_never_stops_the_job_and_its_step_is_no_faster) {
  // 16 Atlas 800 on the 2:1 leaf-spine, all-reducing by halving-doubling, whose far phases load
  // the uplinks past their capacity: a spine takes its share of every leaf's uplinks away and
  // the step is simulated again.
  const std::string trace = tcsim::test::temp_file("spine.csv", "time_s,component\n10,spine0\n");
  const std::vector<std::string> base = {"-t", source_path("topologies/atlas800-cluster.json"), "--set", "topology.nodes=16",
                                         "--set", "workload.global_batch=4096", "--set",
                                         R"(workload.parallelism.collectives={"dp": "halving_doubling"})"};
  auto failing = base;
  failing.insert(failing.end(), {"--set", R"(topology.reliability={"failures": "trace", "trace": ")" + trace + "\"}"});
  auto healthy = base;
  healthy.insert(healthy.end(), {"--set", R"(topology.reliability={"failures": "none"})"});
  const auto failed = run_json(failing);
  const auto clean = run_json(healthy);
  EXPECT_EQ(failed["run"]["failures"], 1);
  EXPECT_EQ(failed["run"]["failures_by_class"]["spine_switch"], 1);
  EXPECT_EQ(failed["run"]["interruptions"], 0);
  EXPECT_GT(failed["run"]["degraded_s"].get<double>(), 0);
  EXPECT_GE(failed["sim"]["step_resimulations"].get<int>(), 1);
  EXPECT_GE(failed["run"]["time_to_train_s"].get<double>(), clean["run"]["time_to_train_s"].get<double>());
}

TEST(CliReliability, a_fabric_loss_the_step_has_room_for_is_priced_without_simulating_and_agrees_with_simulating_it) {
  // The non-blocking Atlas 900 with hierarchical rings: a spine's share of the uplinks is more
  // than the data-parallel step ever puts on them (a ring crosses each leaf boundary once).
  // Priced from the step's link demand, or (with --simulate-uncontended, where the engine bounds
  // nothing) simulated again: the same run.
  const std::string trace = tcsim::test::temp_file("spine-nb.csv", "time_s,component\n5,spine3\n");
  std::vector<std::string> args = {"--set", "topology.nodes=16", "--set", "workload.global_batch=4096", "--set",
                                   R"(topology.reliability={"failures": "trace", "trace": ")" + trace + "\"}", "--set",
                                   R"(workload.parallelism.collectives={"dp": "hierarchical_ring"})"};
  const auto priced = run_json(args);
  args.push_back("--simulate-uncontended");
  const auto simulated = run_json(args);
  EXPECT_EQ(priced["sim"]["step_resimulations"], 0);
  EXPECT_EQ(simulated["sim"]["step_resimulations"], 1);
  EXPECT_GT(priced["run"]["degraded_s"].get<double>(), 0);
  EXPECT_NEAR(priced["run"]["time_to_train_s"].get<double>(), simulated["run"]["time_to_train_s"].get<double>(),
              1e-9 * simulated["run"]["time_to_train_s"].get<double>());
}

TEST(CliReliability, storage_on_the_compute_fabric_slows_a_step_beside_a_checkpoint_copy) {
  // GPT-3's shape on 16 nodes of the 2:1 cluster; checkpoints copied to the file system in the background.
  const auto run = [](const char* network) {
    return run_json({"-t", source_path("topologies/atlas800-cluster.json"), "-w", source_path("workloads/gpt3-175b.json"), "--set",
                     "topology.nodes=16", "--set", "workload.model.layers=16", "--set", "workload.parallelism.pp=4", "--set",
                     "workload.global_batch=64", "--set", std::string("topology.storage.network=") + network, "--set",
                     R"(topology.reliability={"failures": "none"})", "--set",
                     R"(workload.checkpoint={"mode": "async", "tiers": [{"tier": "parallel_fs", "every_steps": 10}]})"});
  };
  const auto shared = run("shared");
  const auto dedicated = run("dedicated");
  const auto& tier_shared = shared["reliability"]["checkpoint"]["tiers"][0];
  const auto& tier_dedicated = dedicated["reliability"]["checkpoint"]["tiers"][0];
  EXPECT_GT(tier_shared["step_slowdown"].get<double>(), 0);
  EXPECT_EQ(tier_dedicated["step_slowdown"].get<double>(), 0);
  EXPECT_GT(shared["run"]["checkpoint_s"].get<double>(), dedicated["run"]["checkpoint_s"].get<double>());
}

TEST(CliReliability, a_peer_memory_restore_is_five_times_faster_than_the_file_system_on_the_supernode_cluster) {
  const auto report = run_json({"-t", source_path("topologies/supernode-cluster.json"), "-w", source_path("workloads/llama3-70b-long.json"),
                                "--set", R"(topology.reliability={"failures": "none"})"});
  double peer = 0, pfs = 0;
  for (const auto& tier : report["reliability"]["checkpoint"]["tiers"]) {
    if (tier["tier"] == "peer_dram") peer = tier["restore_s"].get<double>();
    if (tier["tier"] == "parallel_fs") pfs = tier["restore_s"].get<double>();
  }
  ASSERT_GT(peer, 0);
  EXPECT_GE(pfs, 5 * peer);
}

TEST(CliReliability, data_loading_is_null_when_the_workload_does_not_describe_it) {
  const auto described = run_json({"--set", "topology.nodes=16"});
  EXPECT_TRUE(described["run"]["data_load_s"].is_number());
  EXPECT_EQ(described["reliability"]["data_loading"]["location"], "nvme");
  const auto silent = run_json({"--set", "topology.nodes=16", "--set", R"(workload.dataset={"name": "imagenet-1k", "train_samples": 1281167, "eval_samples": 50000})"});
  EXPECT_TRUE(silent["run"]["data_load_s"].is_null());
  EXPECT_EQ(silent["run"]["not_modelled"], nlohmann::json::array({"data_load_s"}));
  const auto table = run_cli({"run", "--set", "topology.nodes=16", "--set",
                              R"(workload.dataset={"name": "imagenet-1k", "train_samples": 1281167, "eval_samples": 50000})"});
  EXPECT_NE(table.out.find("not modelled"), std::string::npos) << table.out;
}

TEST(CliReliability, bad_reliability_input_is_a_named_error) {
  const auto expect_error = [](const std::vector<std::string>& args, const std::string& where) {
    std::vector<std::string> all = {"run"};
    all.insert(all.end(), args.begin(), args.end());
    const auto r = run_cli(all);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
  };
  const std::string trace = tcsim::test::temp_file("bad.csv", "time_s,component\n5,n999.npu0\n");
  expect_error({"--set", std::string(R"(topology.reliability={"failures": "trace", "trace": ")") + trace + "\"}"},
               "at /reliability/trace: row 2");
  expect_error({"--set", R"(workload.checkpoint={"tiers": [{"tier": "peer_dram", "every_steps": 5}]})", "--set",
                "topology.storage.network=dedicated", "--set", R"(topology.storage={"network": "dedicated"})"},
               "at /checkpoint/tiers/0/tier");
  expect_error({"--set", R"(workload.checkpoint={"tiers": [{"tier": "tape", "every_steps": 5}]})"}, "at /checkpoint/tiers/0/tier");
  expect_error({"--set", R"(topology.reliability={"spares": {"servers": 3}})"}, "at /reliability/spares/servers");
  expect_error({"--set", R"(topology.reliability={"classes": {"gpu": {"mtbf_hours": 5}}})"}, "did you mean");
  expect_error({"--set", R"(topology.reliability={"classes": {"npu": {"mtbf_hours": -1}}})"}, "/reliability/classes/npu/mtbf_hours");
  expect_error({"--set", R"(topology.reliability={"classes": {"npu": {"distribution": "weibull", "shape": 0}}})"},
               "/reliability/classes/npu/shape");
  expect_error({"--replicas", "0"}, "--replicas");
  expect_error({"--replicas", "100001"}, "--replicas");
}

TEST(CliReliability, runs_too_long_to_simulate_are_bounded_and_unreadable_traces_refused) {
  // A checkpoint every step of a billion-step run: refused before simulating, at the tier.
  auto r = run_cli({"run", "--set", "topology.nodes=8", "--set", "workload.epochs=1e7", "--set", "workload.dataset.eval_samples=0",
                    "--set", R"(topology.reliability={"failures": "none"})", "--set",
                    R"(workload.checkpoint={"tiers": [{"tier": "host_dram", "every_steps": 1}]})"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("at /checkpoint/tiers/0"), std::string::npos) << r.err;
  // No validation set and a run of billions of steps: no evaluation points are built.
  r = run_cli({"run", "--set", "topology.nodes=8", "--set", "workload.dataset.eval_samples=0", "--set", "workload.epochs=1e9",
               "--set", R"(topology.reliability={"failures": "none"})", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Processes crashing every few seconds on a long run without checkpoints: it gives up after
  // its event budget and says so.
  const auto storm = run_json({"--set", "topology.nodes=8", "--set", "workload.epochs=1e6", "--set",
                               "workload.evaluation.every_epochs=1000", "--set",
                               R"(topology.reliability={"classes": {"software": {"scale": 1e6}}})"});
  EXPECT_FALSE(storm["run"]["finished"].get<bool>());
  EXPECT_EQ(storm["run"]["gave_up_at"], "event_limit");
  // A trace that is not a regular file, or no file at all.
  for (const char* trace : {"/dev/zero", ""}) {
    r = run_cli({"run", "--set", std::string(R"(topology.reliability={"failures": "trace", "trace": ")") + trace + "\"}"});
    EXPECT_EQ(r.exit_code, 2) << trace << ": " << r.err;
    EXPECT_NE(r.err.find("at /reliability/trace"), std::string::npos) << r.err;
  }
  const std::string bad_row = tcsim::test::temp_file("bad-row.csv", "time_s,component\nabc,n1.npu3\n");
  r = run_cli({"run", "--set", R"(topology.reliability={"failures": "trace", "trace": ")" + bad_row + "\"}"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at /reliability/trace: in the trace"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("row 2"), std::string::npos) << r.err;
  // No close name: how components are named, not thousands of names.
  const std::string unknown = tcsim::test::temp_file("unknown.csv", "time_s,component\n5,XYZ\n");
  r = run_cli({"run", "--set", R"(topology.reliability={"failures": "trace", "trace": ")" + unknown + "\"}"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("named like 'n0.npu0' (npu)"), std::string::npos) << r.err;
  EXPECT_LT(r.err.size(), 2000u);
  // A number beyond a double in a file: bad input, as through --set.
  const std::string file = tcsim::test::temp_file("huge.json", R"({"schema": "tcsim.topology/1", "name": "x", "nodes": 1e999})");
  r = run_cli({"run", "-t", file});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST(CliReliability, a_file_system_with_no_server_left_stops_a_job_that_reads_from_it_until_one_is_repaired) {
  std::string rows = "time_s,component\n";
  for (int s = 0; s < 8; ++s) rows += "10,pfs" + std::to_string(s) + "\n";
  rows += "10,pfs0\n";  // already failed: counted once
  const std::string trace = tcsim::test::temp_file("all-pfs.csv", rows);
  const auto report = run_json({"--set", "topology.nodes=16", "--set", "workload.global_batch=4096", "--set",
                                "workload.dataset.location=parallel_fs", "--set",
                                R"(topology.reliability={"failures": "trace", "trace": ")" + trace + "\"}", "--replicas", "3"});
  EXPECT_EQ(report["run"]["failures"], 8);
  EXPECT_EQ(report["run"]["interruptions"], 1);
  // Storage servers are repaired in 24 hours; the job waits from the end of its detection.
  EXPECT_NEAR(report["run"]["repair_wait_s"].get<double>(), 24 * 3600.0 - 60, 1e-6);
  // Without drawn failures every replica is the same run.
  EXPECT_EQ(report["monte_carlo"]["time_to_train_s"]["p50"], report["run"]["time_to_train_s"]);
}
