// End-to-end runs of the tcsim executable.
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/scenario/JsonFile.hpp"

using tcsim::test::run_cli;
using tcsim::test::run_json;

TEST(CliRun, default_run_prints_time_to_train_beside_huawei_59_8_s) {
  const auto r = run_cli({"run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("time to train"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("59.8 s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("atlas900-1024"), std::string::npos);
  EXPECT_EQ(r.out.find("(the job runs on"), std::string::npos) << "every NPU runs the default job";
  // Its energy: the NPUs by activity, none outside the job.
  EXPECT_NE(r.out.find("energy to train"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NPUs outside the job    0.0 kWh"), std::string::npos) << r.out;
}

TEST(CliRun, a_job_smaller_than_the_cluster_says_how_many_npus_sit_idle) {
  const auto r = run_cli({"run", "--set", "topology.nodes=4", "--set", "workload.parallelism.dp=16", "--set",
                          "workload.global_batch=512"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("32 x Ascend 910 (A) (the job runs on 16; 16 idle)"), std::string::npos) << r.out;
}

TEST(CliRun, json_report_has_the_contract_fields) {
  const auto j = run_json({});
  for (const char* key : {"tcsim_version", "topology", "workload", "npus", "seed", "step", "run", "energy", "sim"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["npus"], 1024);
  EXPECT_EQ(j["job_npus"], 1024);
  for (const char* key : {"time_s", "compute_s", "exposed_comm_s", "bubble_s"}) EXPECT_TRUE(j["step"].contains(key)) << key;
  for (const char* key : {"steps", "epochs", "time_to_train_s", "eval_s", "data_load_s", "checkpoint_s", "failures",
                          "lost_work_s", "restart_s", "goodput"}) {
    EXPECT_TRUE(j["run"].contains(key)) << key;
  }
  for (const char* key : {"wall_s", "flows", "events"}) EXPECT_TRUE(j["sim"].contains(key)) << key;
  EXPECT_GT(j["run"]["time_to_train_s"].get<double>(), 0);
  EXPECT_GT(j["step"]["time_s"].get<double>(), 0);
}

TEST(CliRun, same_seed_gives_byte_identical_report_apart_from_sim) {
  auto strip = [](const std::string& text) {
    auto j = nlohmann::ordered_json::parse(text);
    j.erase("sim");
    return j.dump(2);
  };
  const auto a = run_cli({"run", "--format", "json", "--seed", "7"});
  const auto b = run_cli({"run", "--format", "json", "--seed", "7"});
  ASSERT_EQ(a.exit_code, 0);
  ASSERT_EQ(b.exit_code, 0);
  EXPECT_EQ(strip(a.out), strip(b.out));
  // And the raw text differs at most inside "sim".
  EXPECT_EQ(a.out.substr(0, a.out.find("\"sim\"")), b.out.substr(0, b.out.find("\"sim\"")));
}

TEST(CliRun, halving_roce_bandwidth_never_speeds_up_a_step) {
  const std::vector<std::string> base = {"--set", "topology.nodes=16", "--set", "workload.global_batch=4096"};
  double previous = 0;
  for (const char* gbps : {"400", "200", "100", "50", "25"}) {
    auto args = base;
    args.insert(args.end(), {"--set", std::string("topology.node.nic.gbps=") + gbps, "--set",
                             std::string("topology.fabric.port_gbps=") + gbps});
    const auto j = run_json(args);
    const double step = j["step"]["time_s"].get<double>();
    std::printf("RoCE %s Gb/s: step %.6f s\n", gbps, step);
    EXPECT_GE(step, previous * (1 - 1e-12)) << gbps << " Gb/s";
    previous = step;
  }
}

TEST(CliRun, out_file_is_written_whole_and_stdout_stays_empty) {
  const std::string path = tcsim::test::temp_file("report.json", "old content");
  const auto r = run_cli({"run", "--format", "json", "--out", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["npus"], 1024);
}

TEST(CliRun, csv_format_has_a_header_and_one_row) {
  const auto r = run_cli({"run", "--format", "csv", "--set", "topology.nodes=4", "--set", "workload.global_batch=1024"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
  EXPECT_EQ(r.out.rfind("id,topology_file,workload_file,overrides,seed", 0), 0u);
}

TEST(CliRun, explicit_files_equal_the_built_in_default) {
  auto strip = [](const std::string& text) {
    auto j = nlohmann::ordered_json::parse(text);
    j.erase("sim");
    j.erase("reference");
    return j.dump();
  };
  const auto builtin = run_cli({"run", "--format", "json"});
  const auto files = run_cli({"run", "--format", "json", "-t", tcsim::test::source_path("topologies/atlas900-1024.json"),
                              "-w", tcsim::test::source_path("workloads/resnet50-mlperf.json")});
  ASSERT_EQ(files.exit_code, 0) << files.err;
  EXPECT_EQ(strip(builtin.out), strip(files.out));
}

TEST(CliRun, detailed_collectives_agree_with_fast_within_3_percent) {
  // Data parallel (bucketed all-reduces) on 256 NPUs, and a hybrid plan (tensor all-reduces,
  // pipeline sends, overlapped data-parallel gradient reduction) on 128 with rings forced, whose
  // detailed form differs from the fast one.
  auto gpt3 = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/gpt3-175b.json"));
  gpt3["parallelism"]["collectives"] = {{"tp", "ring"}, {"dp", "ring"}};
  const std::string rings = tcsim::test::temp_file("gpt3-rings.json", gpt3.dump());
  const std::vector<std::vector<std::string>> scenarios = {
      {"--set", "topology.nodes=32", "--set", "workload.global_batch=8192"},
      {"-w", rings, "--set", "topology.nodes=16", "--set", "workload.model.layers=16", "--set",
       "workload.parallelism.pp=4", "--set", "workload.global_batch=64"},
  };
  for (const auto& args : scenarios) {
    const auto fast = run_json(args);
    // Detailed and with every flow simulated: the fast run's shortcuts (groups worked out from
    // their routes, replayed calls) are cross-checked too.
    auto detailed_args = args;
    detailed_args.push_back("--detailed");
    detailed_args.push_back("--no-replay");
    detailed_args.push_back("--simulate-uncontended");
    const auto detailed = run_json(detailed_args);
    const double f = fast["step"]["time_s"].get<double>();
    const double d = detailed["step"]["time_s"].get<double>();
    std::printf("%s: fast %.6f s (%zu flows), detailed %.6f s (%zu flows), %+.2f%%\n",
                fast["workload"].get<std::string>().c_str(), f, fast["sim"]["flows"].get<std::size_t>(), d,
                detailed["sim"]["flows"].get<std::size_t>(), 100 * (d / f - 1));
    EXPECT_EQ(detailed["step"]["collective_fidelity"], "detailed");
    EXPECT_GT(detailed["sim"]["flows"].get<std::size_t>(), fast["sim"]["flows"].get<std::size_t>());
    EXPECT_NEAR(d / f, 1.0, 0.03);
  }
}

TEST(CliRun, rail_optimised_fabric_beats_a_two_to_one_one_for_data_parallel_all_reduce) {
  // 512 NPUs (64 Atlas 800 nodes) on 2:1 oversubscribed leaves, with and without rails. With
  // halving-doubling every rank exchanges with the same local index on other nodes: on rails
  // that traffic stays on its rail switch, without rails it crosses the halved uplinks.
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/resnet50-mlperf.json"));
  doc["parallelism"]["collectives"] = {{"dp", "halving_doubling"}};
  const std::string hd = tcsim::test::temp_file("resnet-hd.json", doc.dump());
  auto busy = [](const std::string& workload, const char* rails, const char* oversubscription) {
    std::vector<std::string> args = {"--set", "topology.nodes=64", "--set", "workload.global_batch=16384", "--set",
                                     std::string("topology.fabric.rails=") + rails, "--set",
                                     std::string("topology.fabric.oversubscription=") + oversubscription};
    if (!workload.empty()) args.insert(args.end(), {"-w", workload});
    const auto j = run_json(args);
    return std::make_pair(j["step"]["comm_busy_s"].get<double>(), j["step"]["time_s"].get<double>());
  };
  const auto plain = busy(hd, "false", "2");
  const auto rails = busy(hd, "true", "2");
  const auto full = busy(hd, "false", "1");
  std::printf("halving-doubling all-reduce in flight: 2:1 %.3f ms, 2:1 rail-optimised %.3f ms, 1:1 %.3f ms\n",
              1e3 * plain.first, 1e3 * rails.first, 1e3 * full.first);
  EXPECT_LT(rails.first, plain.first * 0.95);
  EXPECT_LT(rails.second, plain.second);
  EXPECT_LE(full.first, plain.first);
  // With the automatic choice, rails never make a step slower.
  EXPECT_LE(busy("", "true", "2").second, busy("", "false", "2").second * (1 + 1e-12));
}

TEST(CliRun, overlapped_gradient_reduction_hides_data_parallel_time_and_never_slows_a_step) {
  // GPT-3's shape at 16 layers, PP 4 interleaved (2 chunks per stage), dp 4 over 128 NPUs: each
  // chunk's gradients are reduced bucket by bucket during its last backward pass.
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/gpt3-175b.json"));
  doc["model"] = {{"zoo", "gpt3-175b"}, {"layers", 16}};
  doc["parallelism"]["pp"] = 4;
  doc["parallelism"]["schedule"] = "interleaved";
  doc["parallelism"]["virtual_stages"] = 2;
  doc["global_batch"] = 64;
  auto step = [&doc](bool overlap) {
    doc["communication"]["overlap_grad_reduce"] = overlap;
    const auto path = tcsim::test::temp_file(overlap ? "overlap.json" : "no-overlap.json", doc.dump());
    return run_json({"-w", path, "--set", "topology.nodes=16"})["step"];
  };
  const auto with = step(true);
  const auto without = step(false);
  const double dp_with = with["last_stage_breakdown"]["dp_comm_s"].get<double>();
  const double dp_without = without["last_stage_breakdown"]["dp_comm_s"].get<double>();
  std::printf("exposed gradient reduction: %.3f s overlapped, %.3f s after the passes; step %.4f s vs %.4f s\n", dp_with,
              dp_without, with["time_s"].get<double>(), without["time_s"].get<double>());
  EXPECT_LT(dp_with, dp_without);
  EXPECT_LE(with["time_s"].get<double>(), without["time_s"].get<double>() * (1 + 1e-9));
  // The same bytes go on the wire either way.
  EXPECT_NEAR(with["allreduce_bytes_per_npu"].get<double>(), without["allreduce_bytes_per_npu"].get<double>(),
              1e-6 * without["allreduce_bytes_per_npu"].get<double>());
}

TEST(CliRun, tensor_parallelism_inside_a_full_mesh_server_uses_the_mesh_and_all_its_links) {
  // GPT-3 175B, TP 8 inside the 8-NPU full-mesh servers of ascend-server-cluster: the automatic
  // choice is HCCL's Mesh, which sends on a rank's 7 HCCS links at once; forcing a ring makes the
  // tensor-parallel all-reduces use one link at a time, about 7 times slower.
  const std::vector<std::string> base = {"-t", tcsim::test::source_path("topologies/ascend-server-cluster.json"), "-w",
                                         tcsim::test::source_path("workloads/gpt3-175b.json"), "--set",
                                         "topology.nodes=16", "--set", "workload.model.layers=16", "--set",
                                         "workload.parallelism.pp=2", "--set", "workload.global_batch=64", "--set",
                                         "topology.reliability={\"failures\": \"none\"}"};
  const auto chosen = run_json(base);
  std::map<std::string, std::string> algorithm;
  for (const auto& use : chosen["step"]["collectives"]) algorithm[use["group"].get<std::string>()] = use["algorithm"];
  EXPECT_EQ(algorithm["tp"], "mesh");
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/gpt3-175b.json"));
  doc["parallelism"]["collectives"] = {{"tp", "ring"}};
  auto forced_args = base;
  forced_args[3] = tcsim::test::temp_file("gpt3-tp-ring.json", doc.dump());
  const auto ring = run_json(forced_args);
  const auto tp_s = [](const nlohmann::json& j) { return j["step"]["last_stage_breakdown"]["tp_comm_s"].get<double>(); };
  std::printf("tensor-parallel comm of the last stage: mesh %.3f s, ring %.3f s (%.2fx)\n", tp_s(chosen), tp_s(ring),
              tp_s(ring) / tp_s(chosen));
  EXPECT_GT(tp_s(ring) / tp_s(chosen), 5.0);
  EXPECT_LT(chosen["step"]["time_s"].get<double>(), ring["step"]["time_s"].get<double>());
}

TEST(CliRun, best_selection_is_never_slower_than_any_forced_algorithm_and_says_what_won) {
  // Reference topologies and workloads at small sizes: ResNet-50 data parallel on the 2:1
  // cluster and on one supernode, GPT-3's shape with TP 8 on full-mesh servers. For every
  // collective the step runs, forcing any algorithm that can run is never faster than `best`.
  const std::string none = R"(topology.reliability={"failures": "none"})";
  struct Case {
    std::string name;
    std::vector<std::string> args;
  };
  const std::vector<Case> cases = {
      {"resnet50 on 12 atlas800-cluster nodes",
       {"-t", tcsim::test::source_path("topologies/atlas800-cluster.json"), "--set", "topology.nodes=12", "--set",
        "workload.global_batch=3072", "--set", none}},
      {"resnet50 on one supernode",
       {"-t", tcsim::test::source_path("topologies/supernode-cluster.json"), "--set", "topology.nodes=1", "--set",
        "workload.global_batch=12288", "--set", none}},
      {"gpt3 shape on 12 full-mesh servers",
       {"-t", tcsim::test::source_path("topologies/ascend-server-cluster.json"), "-w",
        tcsim::test::source_path("workloads/gpt3-175b.json"), "--set", "topology.nodes=12", "--set",
        "workload.model.layers=8", "--set", "workload.parallelism.pp=2", "--set", "workload.global_batch=48", "--set", none}},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.insert(args.end(), {"--set", "workload.communication.algorithm_selection=best"});
    const auto best = run_json(args);
    const double best_s = best["step"]["time_s"].get<double>();
    const auto library = run_json(c.args);
    EXPECT_LE(best_s, library["step"]["time_s"].get<double>() * (1 + 1e-9)) << c.name;
    for (const auto& use : best["step"]["collectives"]) {
      EXPECT_EQ(use["selection"], "best") << c.name;
      EXPECT_FALSE(use.contains("library"));
      const std::string group = use["group"];
      const std::string operation = use["operation"];
      int tried = 0;
      for (const auto& algorithm : tcsim::collective::algorithm_names()) {
        auto forced = args;
        forced.insert(forced.end(), {"--set", "workload.parallelism.collectives={\"" + group + "\": {\"" + operation +
                                                  "\": \"" + algorithm + "\"}}"});
        const auto r = run_cli([&] {
          std::vector<std::string> full = {"run", "--format", "json"};
          full.insert(full.end(), forced.begin(), forced.end());
          return full;
        }());
        if (r.exit_code == 2) continue;  // the algorithm cannot run this group, or this operation
        ASSERT_EQ(r.exit_code, 0) << r.err;
        ++tried;
        const double t = nlohmann::json::parse(r.out)["step"]["time_s"].get<double>();
        EXPECT_LE(best_s, t * (1 + 1e-9)) << c.name << ": " << group << " " << operation << " forced to " << algorithm
                                          << " is faster than best's " << use["algorithm"];
      }
      EXPECT_GE(tried, 2) << c.name << " " << group;
      std::printf("%s: %s %s best %s (%d algorithms can run it), step %.6f s against the library's %.6f s\n", c.name.c_str(),
                  group.c_str(), operation.c_str(), use["algorithm"].get<std::string>().c_str(), tried, best_s,
                  library["step"]["time_s"].get<double>());
    }
  }
}

TEST(CliRun, library_selection_names_the_library_and_follows_its_rule) {
  // The Atlas 900's 128 servers of the first Ascend 910: HCCL's H-D_R across servers (a power of
  // two); 48 of them: Ring. DGX nodes: NCCL.
  const auto atlas = run_json({});
  EXPECT_EQ(atlas["step"]["collectives"][0]["library"], "hccl_910");
  EXPECT_EQ(atlas["step"]["collectives"][0]["selection"], "library");
  EXPECT_EQ(atlas["step"]["collectives"][0]["algorithm"], "hierarchical_halving_doubling");
  const auto atlas48 = run_json({"--set", "topology.nodes=48", "--set", "workload.global_batch=12288"});
  EXPECT_EQ(atlas48["step"]["collectives"][0]["algorithm"], "hierarchical_ring");
  const auto dgx = run_json({"-t", tcsim::test::source_path("topologies/dgx-a100-su.json")});
  EXPECT_EQ(dgx["step"]["collectives"][0]["library"], "nccl");
  const std::string nccl_pick = dgx["step"]["collectives"][0]["algorithm"];
  EXPECT_TRUE(nccl_pick == "ring" || nccl_pick == "hierarchical_ring" || nccl_pick == "double_binary_tree") << nccl_pick;
}

TEST(CliRun, the_same_chip_as_a_supernode_as_a3_servers_and_as_mesh_servers) {
  // 384 Ascend 910C: one CloudMatrix384, 48 Atlas 800T A3 servers (the same Unified Bus
  // bandwidth per NPU inside 8) and 48 servers with an HCCS full mesh of 240 Gb/s links. With
  // TP 8 inside a server the A3 servers' tensor-parallel time is the supernode's; their step is
  // longer because the data-parallel traffic leaves the server over RoCE, where the supernode
  // keeps it on the bus; the mesh servers' tensor parallelism is slower by what their links lack.
  const std::string none = R"(topology.reliability={"failures": "none"})";
  const std::vector<std::string> gpt3 = {"-w", tcsim::test::source_path("workloads/gpt3-175b.json"), "--set",
                                         "workload.model.layers=8", "--set", "workload.parallelism.pp=2", "--set",
                                         "workload.global_batch=96", "--set", none};
  auto step = [&](std::vector<std::string> args) {
    args.insert(args.end(), gpt3.begin(), gpt3.end());
    return run_json(args)["step"];
  };
  const auto supernode = step({"-t", tcsim::test::source_path("topologies/supernode-cluster.json"), "--set", "topology.nodes=1"});
  const auto a3 = step({"-t", tcsim::test::source_path("topologies/ascend-server-cluster.json"), "--set", "topology.nodes=48",
                        "--set", R"(topology.node={"template": "atlas800t-a3", "host": {"cpu": "kunpeng-920-48c", "cpu_sockets": 4, "dram_gib": 1024, "nvme_drives": 2, "nvme_model": "nvme-gen4-3.84tb", "frontend_gbps": 400, "frontend_latency_s": 2e-6}})"});
  const auto mesh = step({"-t", tcsim::test::source_path("topologies/ascend-server-cluster.json"), "--set", "topology.nodes=48"});
  const auto tp = [](const nlohmann::json& s) { return s["last_stage_breakdown"]["tp_comm_s"].get<double>(); };
  std::printf("384 x 910C, GPT-3 shape: supernode %.4f s (TP %.4f s), A3 servers %.4f s (TP %.4f s), mesh servers %.4f s "
              "(TP %.4f s)\n",
              supernode["time_s"].get<double>(), tp(supernode), a3["time_s"].get<double>(), tp(a3),
              mesh["time_s"].get<double>(), tp(mesh));
  EXPECT_NEAR(tp(a3), tp(supernode), 1e-9 * tp(supernode));  // the same switch bandwidth and latency inside 8 NPUs
  EXPECT_GT(a3["time_s"].get<double>(), supernode["time_s"].get<double>());
  EXPECT_GT(tp(mesh), 1.5 * tp(a3));
  EXPECT_GT(mesh["time_s"].get<double>(), a3["time_s"].get<double>());
}

TEST(CliRun, energy_follows_power_not_time_and_pue_scales_it_exactly) {
  const std::vector<std::string> base = {"--set", "topology.nodes=4", "--set", "workload.global_batch=1024"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return run_json(args);
  };
  const auto plain = with({});
  const double it_j = plain["energy"]["it_j"].get<double>();
  EXPECT_DOUBLE_EQ(plain["energy"]["facility_j"].get<double>(), it_j);  // PUE 1 by default
  // Twice the busy power: the same time to train, more energy.
  const auto hot = with({"--set", R"(topology.catalog={"accelerators": {"ascend910": {"base": "ascend910", "tdp_w": 700}}})"});
  EXPECT_DOUBLE_EQ(hot["run"]["time_to_train_s"].get<double>(), plain["run"]["time_to_train_s"].get<double>());
  EXPECT_GT(hot["energy"]["it_j"].get<double>(), it_j);
  // A PUE of 1.25 scales the facility's energy and nothing else.
  const auto cooled = with({"--set", "topology.facility={\"pue\": 1.25}"});
  EXPECT_DOUBLE_EQ(cooled["energy"]["it_j"].get<double>(), it_j);
  EXPECT_NEAR(cooled["energy"]["facility_j"].get<double>(), 1.25 * it_j, 1e-9 * it_j);
  // A faster fabric never costs more energy to train at the same power levels.
  const auto slow = with({"--set", "topology.node.nic.gbps=25"});
  EXPECT_GE(slow["energy"]["facility_j"].get<double>(), it_j);
  // The parts add up.
  const auto& e = plain["energy"];
  EXPECT_NEAR(e["npus_computing_j"].get<double>() + e["npus_communicating_j"].get<double>() + e["npus_stopped_j"].get<double>() +
                  e["other_npus_idle_j"].get<double>() + e["hosts_j"].get<double>() + e["nics_j"].get<double>() +
                  e["switches_j"].get<double>(),
              it_j, 1e-9 * it_j);
}
