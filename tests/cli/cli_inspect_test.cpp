// `tcsim inspect` end to end.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"

using tcsim::test::run_cli;

TEST(CliInspect, reference_topology_json_has_counts_bandwidths_and_bisection) {
  const auto r = run_cli({"inspect", tcsim::test::source_path("topologies/atlas900-1024.json"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["npus"], 1024);
  EXPECT_EQ(j["nodes"], 128);
  EXPECT_EQ(j["vertices"]["leaf switch"], 32);
  EXPECT_DOUBLE_EQ(j["per_npu_bytes_per_s"]["scale_out"].get<double>(), 12.5e9);
  EXPECT_NEAR(j["bisection_bytes_per_s"].get<double>(), 6.4e12, 1.0);
  EXPECT_EQ(j["diameter_hops"], 4);
  EXPECT_EQ(j["checks"], "ok");
}

TEST(CliInspect, failures_per_class_add_up_to_the_job_mtbf_of_a_job_on_every_npu) {
  const auto r = run_cli({"inspect", tcsim::test::source_path("topologies/atlas900-1024.json"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out)["reliability"];
  EXPECT_EQ(j["failures"], "rates");
  EXPECT_EQ(j["classes"]["npu"]["components"], 1024);
  EXPECT_EQ(j["classes"]["spine_switch"]["interrupting"], 0);  // 32 spines: one only degrades
  double rate_per_hour = 0;  // of the failures that stop a job on every NPU
  for (const auto& [name, c] : j["classes"].items()) {
    if (!c.contains("mtbf_hours")) continue;
    rate_per_hour += c["interrupting"].get<double>() / c["mtbf_hours"].get<double>();
    EXPECT_NEAR(c["failures_per_day"].get<double>(), c["components"].get<double>() * 24 / c["mtbf_hours"].get<double>(), 1e-9);
  }
  EXPECT_NEAR(j["job_mtbf_s"].get<double>() / 3600, 1 / rate_per_hour, 1e-6);
  const auto none = run_cli({"inspect", tcsim::test::source_path("topologies/atlas900-1024.json"), "--set",
                             R"(topology.reliability={"failures": "none"})"});
  EXPECT_NE(none.out.find("Failures: none"), std::string::npos) << none.out;
}

TEST(CliInspect, table_and_set_overrides) {
  const auto r = run_cli({"inspect", tcsim::test::source_path("topologies/atlas900-1024.json"), "--set",
                          "topology.nodes=20", "--set", "topology.fabric.oversubscription=2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("160 x Ascend 910"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2.00 : 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("leaf switches"), std::string::npos) << r.out;
}

TEST(CliInspect, a_nic_faster_than_its_switch_ports_is_shown_at_both_rates_and_warned_of) {
  const std::string topology = tcsim::test::source_path("topologies/atlas900-1024.json");
  const auto r = run_cli({"inspect", topology, "--set", "topology.node.nic.gbps=400"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("400 Gb/s per NPU, runs at 100 Gb/s"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("faster than the fabric's switch ports (100 Gb/s)"), std::string::npos) << r.err;
  const auto j = run_cli({"inspect", topology, "--set", "topology.node.nic.gbps=400", "--format", "json"});
  const auto kind = nlohmann::json::parse(j.out)["node_kinds"][0];
  EXPECT_DOUBLE_EQ(kind["nic_bytes_per_s"].get<double>(), 50e9);
  EXPECT_DOUBLE_EQ(kind["nic_line_rate_bytes_per_s"].get<double>(), 12.5e9);
  // As the reference file is, nothing is capped and nothing is said.
  const auto plain = run_cli({"inspect", topology});
  EXPECT_EQ(plain.out.find("runs at"), std::string::npos);
  EXPECT_EQ(plain.err.find("faster than"), std::string::npos) << plain.err;
}

TEST(CliInspect, bad_topology_exits_2_naming_file_and_path) {
  auto doc = tcsim::test::atlas_topology();
  doc["fabric"]["port_gbps"] = 0;
  const std::string path = tcsim::test::temp_file("zero-port.json", doc.dump());
  const auto r = run_cli({"inspect", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/fabric/port_gbps"), std::string::npos) << r.err;
}

TEST(CliInspect, workload_overrides_are_refused) {
  const auto r = run_cli({"inspect", tcsim::test::source_path("topologies/atlas900-1024.json"), "--set",
                          "workload.global_batch=1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("only topology.* keys"), std::string::npos) << r.err;
}

TEST(CliInspect, the_reference_resnet50_workload_runs_on_every_reference_topology) {
  for (const char* file : {"topologies/atlas900-1024.json", "topologies/dgx-a100-su.json", "topologies/dgx-a100-superpod.json",
                           "topologies/atlas900-a3-superpod.json", "topologies/supernode-cluster.json",
                           "topologies/dgx-h100-superpod.json", "topologies/torus-3d-example.json",
                           "topologies/atlas800-cluster.json", "topologies/dgx1-v100.json"}) {
    const std::string path = tcsim::test::source_path(file);
    const auto inspected = run_cli({"inspect", path, "--format", "json"});
    ASSERT_EQ(inspected.exit_code, 0) << file << inspected.err;
    const int npus = nlohmann::json::parse(inspected.out)["npus"].get<int>();
    const auto report = tcsim::test::run_json(
        {"-t", path, "--set", "workload.global_batch=" + std::to_string(npus * 32), "--set", "workload.epochs=1"});
    EXPECT_EQ(report["npus"], npus) << file;
    EXPECT_GT(report["run"]["time_to_train_s"].get<double>(), 0) << file;
    EXPECT_GE(report["step"]["time_s"].get<double>(), report["step"]["compute_s"].get<double>()) << file;
  }
}

TEST(CliInspect, reference_topologies_have_their_hand_computed_size_and_bisection) {
  struct Expected {
    const char* file;
    int npus;
    double scale_out_bytes_per_s;  // per NPU
    double bisection_bytes_per_s;  // by hand: N * B / 2 for the non-blocking fabrics
  };
  const Expected expected[] = {
      {"topologies/atlas900-1024.json", 1024, 12.5e9, 1024 * 12.5e9 / 2},
      {"topologies/dgx-a100-su.json", 160, 25e9, 160 * 25e9 / 2},
      {"topologies/dgx-a100-superpod.json", 1120, 25e9, 1120 * 25e9 / 2},
      {"topologies/supernode-cluster.json", 8448, 50e9, 8448 * 50e9 / 2},
      // 127 nodes: a balanced split must cut one node in half, which adds 4 GPUs' NVSwitch links
      // (450 GB/s each) and their PCIe paths through the host (504 Gb/s = 63 GB/s each).
      {"topologies/dgx-h100-superpod.json", 1016, 50e9, 1016 * 50e9 / 2 + 4 * (450e9 + 63e9)},
      // 4x4x8 torus of 400 Gb/s links: halving the 8-long dimension cuts 2 x 16 links.
      {"topologies/torus-3d-example.json", 1024, 25e9, 2 * 16 * 50e9},
      // 2:1, 5 nodes (40 NICs, 20 uplinks) per leaf: the halves split leaf 6 after 2 of its nodes,
      // so the cut is leaves 0-5's uplinks plus those 16 NPUs' NICs.
      {"topologies/atlas800-cluster.json", 512, 12.5e9, 6 * 20 * 12.5e9 + 16 * 12.5e9},
      // One DGX-1: GPUs 0-3 vs 4-7 are joined by 6 NVLinks (0-4 and 1-5 double, 2-6 and 3-7
      // single) of 25 GB/s, plus 4 PCIe 3.0 paths through the host and 4 NIC shares via the leaf.
      {"topologies/dgx1-v100.json", 8, 6.25e9, 6 * 25e9 + 4 * 15.75e9 + 4 * 6.25e9},
  };
  for (const auto& e : expected) {
    const auto r = run_cli({"inspect", tcsim::test::source_path(e.file), "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << e.file << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["npus"], e.npus) << e.file;
    EXPECT_DOUBLE_EQ(j["per_npu_bytes_per_s"]["scale_out"].get<double>(), e.scale_out_bytes_per_s) << e.file;
    EXPECT_NEAR(j["bisection_bytes_per_s"].get<double>(), e.bisection_bytes_per_s, 1.0) << e.file;
  }
}

TEST(CliGenerate, generated_file_runs_and_set_reaches_its_fields) {
  const std::string path = tcsim::test::temp_file("generated.json", "");
  const auto g = run_cli({"generate", "topology", "fat-tree", "--node", "atlas800", "--nodes", "16", "--switch-ports", "16",
                          "--out", path});
  ASSERT_EQ(g.exit_code, 0) << g.err;
  const auto report = tcsim::test::run_json(
      {"-t", path, "--set", "topology.node.nic.gbps=200", "--set", "workload.global_batch=4096", "--set", "workload.epochs=1"});
  EXPECT_EQ(report["npus"], 128);
}

TEST(CliGenerate, bad_kind_and_dims_exit_2) {
  EXPECT_EQ(run_cli({"generate", "topology", "ring"}).exit_code, 2);
  EXPECT_EQ(run_cli({"generate", "topology", "torus", "--dims", "4x0"}).exit_code, 2);
  EXPECT_EQ(run_cli({"generate", "topology"}).exit_code, 2);
  const auto list = run_cli({"generate", "topology", "--list-templates"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("cloudmatrix384"), std::string::npos);
}

TEST(CliCatalog, lists_every_kind_of_hardware_with_sources) {
  const auto r = tcsim::test::run_cli({"catalog", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* section : {"accelerators", "nics", "switches", "storage_devices", "cpus"}) {
    ASSERT_TRUE(j.contains(section)) << section;
    for (const auto& [key, entry] : j[section].items()) EXPECT_FALSE(entry["source"].get<std::string>().empty()) << key;
  }
  EXPECT_EQ(j["switches"]["qm8700"]["ports"], 40);
}

TEST(CliCatalog, a_bad_catalog_entry_in_a_topology_exits_2_with_its_path) {
  const auto path = tcsim::test::temp_file("bad-catalog.json", [] {
    auto doc = tcsim::test::atlas_topology();
    doc["catalog"] = {{"nics", {{"my-nic", {{"base", "connectx-6-hdr"}, {"gbps", -5}}}}}};
    return doc.dump();
  }());
  const auto r = tcsim::test::run_cli({"inspect", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/catalog/nics/my-nic/gbps"), std::string::npos) << r.err;
}

TEST(CliInspect, shows_node_kinds_and_power) {
  const auto r = tcsim::test::run_cli({"inspect", tcsim::test::source_path("topologies/dgx-a100-superpod.json"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["node_kinds"][0]["nic"], "connectx-6-hdr");
  EXPECT_EQ(j["node_kinds"][0]["cpu"], "epyc-7742");
  EXPECT_DOUBLE_EQ(j["power_w"]["npus"].get<double>(), 1120 * 400.0);
  EXPECT_DOUBLE_EQ(j["power_w"]["cpus"].get<double>(), 140 * 2 * 225.0);
  // Every QM8700 at 253 W: leaves + aggregation + cores, all known.
  EXPECT_EQ(j["power_w"]["switches_without_power"], 0);
  EXPECT_GT(j["power_w"]["switches"].get<double>(), 0);
}
