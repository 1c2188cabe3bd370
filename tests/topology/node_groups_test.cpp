// Node templates by name, catalog models in topology files, heterogeneous node groups.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

using tcsim::topology::TopologyLoader;

namespace {
constexpr double kGbps = 1e9 / 8;

/** Two Atlas 800 (8 x 910) and two Atlas 800T A2 (8 x 910B) on one 64-port switch. */
nlohmann::json mixed_topology() {
  nlohmann::json doc = tcsim::test::atlas_topology();
  doc["name"] = "test-mixed";
  doc.erase("node");
  doc["nodes"] = {{{"count", 2}, {"node", "atlas800"}}, {{"count", 2}, {"node", "atlas800t-a2"}}};
  doc["fabric"] = {{"kind", "explicit"},
                   {"port_gbps", 200},
                   {"switches", {{{"name", "s0"}, {"ports", 64}, {"latency_s", 1e-6}}}},
                   {"attach", {"s0", "s0", "s0", "s0"}}};
  return doc;
}

std::string load_error(const nlohmann::json& doc, std::string* path = nullptr) {
  return tcsim::test::input_error_text([&doc] { TopologyLoader::from_json(doc, "t.json"); }, path);
}
}  // namespace

TEST(NodeTemplatesInFiles, a_node_may_name_a_template_and_change_fields) {
  auto doc = tcsim::test::atlas_topology();
  doc["node"] = "dgx-a100";
  doc["fabric"].erase("switch");
  doc["fabric"]["port_gbps"] = 200;
  doc["fabric"]["switch_latency_s"] = 1e-6;
  auto spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_EQ(spec.node.template_name, "dgx-a100");
  EXPECT_EQ(spec.node.npu.key, "a100-sxm4-80gb");
  EXPECT_EQ(spec.node.host.cpu.key, "epyc-7742");
  EXPECT_EQ(spec.node.host.cpu_sockets, 2);
  // DRAM bandwidth defaults to the CPUs' peak: 2 sockets x 8 channels x DDR4-3200 x 8 bytes.
  EXPECT_DOUBLE_EQ(spec.node.host.dram_bandwidth_bytes_per_s, 2 * 8 * 3200e6 * 8);
  EXPECT_DOUBLE_EQ(spec.node.host.nvme_read_bytes_per_s, 7000e6);
  // The accelerator variant is one field away.
  doc["node"] = {{"template", "dgx-a100"}, {"npu", "a100-sxm4-40gb"}};
  spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_EQ(spec.node.npu.key, "a100-sxm4-40gb");
  EXPECT_EQ(spec.node.npus_per_node, 8);
  doc["node"] = "dgx-a10";
  std::string path;
  EXPECT_NE(load_error(doc, &path).find("did you mean 'dgx-a100'"), std::string::npos);
  EXPECT_EQ(path, "/node");
}

TEST(NodeTemplatesInFiles, a_pcie_attached_nic_runs_at_the_slower_of_port_and_slot) {
  auto doc = tcsim::test::atlas_topology();
  doc["node"]["nic"] = {{"model", "connectx-7-ndr"}};
  doc["fabric"]["port_gbps"] = 400;
  EXPECT_DOUBLE_EQ(TopologyLoader::from_json(doc, "t.json").node.nic_bandwidth_bytes_per_s, 400 * kGbps);
  doc["node"]["nic"]["pcie_gbps"] = 252;  // NDR in a PCIe Gen4 slot
  EXPECT_DOUBLE_EQ(TopologyLoader::from_json(doc, "t.json").node.nic_bandwidth_bytes_per_s, 252 * kGbps);
  doc["node"]["nic"] = {{"model", "connectx-9"}};
  EXPECT_NE(load_error(doc).find("unknown NIC 'connectx-9'"), std::string::npos);
}

TEST(NodeTemplatesInFiles, a_switch_model_supplies_the_tier_defaults_and_fields_win) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 4;
  doc["fabric"] = {{"kind", "leaf_spine"}, {"switch", "qm8700"}};
  doc["node"]["nic"] = {{"model", "connectx-6-hdr"}};
  auto spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_EQ(spec.fabric.leaf_ports, 40);
  EXPECT_DOUBLE_EQ(spec.fabric.port_bandwidth_bytes_per_s, 200 * kGbps);
  EXPECT_DOUBLE_EQ(spec.fabric.switch_latency_s, 1.3e-7);
  EXPECT_DOUBLE_EQ(spec.fabric.oversubscription, 1.0);
  doc["nodes"] = 16;
  doc["fabric"]["leaf_ports"] = 64;
  spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_EQ(spec.fabric.leaf_ports, 64);
  EXPECT_EQ(spec.fabric.spine_ports, 40);
  // Every switch of the fabric at the model's typical power.
  const auto a = tcsim::topology::TopologyAnalysis::analyse(tcsim::topology::TopologyGraph::from_spec(spec));
  EXPECT_EQ(a.switches_without_power, 0u);
  EXPECT_DOUBLE_EQ(a.switch_power_w, 253.0 * (spec.fabric.leaves + spec.fabric.spines));
  EXPECT_DOUBLE_EQ(a.npu_power_w, 16 * 8 * 350.0);
}

TEST(NodeTemplatesInFiles, a_file_can_add_hardware_to_its_catalog) {
  auto doc = tcsim::test::atlas_topology();
  doc["catalog"] = {{"accelerators", {{"ascend910-next", {{"base", "ascend910"}, {"peak_fp16_tflops", 512}}}}},
                    {"switches", {{"big-leaf", {{"base", "ce8850-64cq"}, {"ports", 128}}}}}};
  doc["node"]["npu"] = "ascend910-next";
  doc["fabric"]["switch"] = "big-leaf";
  doc["fabric"].erase("leaf_ports");
  const auto spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_DOUBLE_EQ(spec.node.npu.peak_fp16_flops_per_s, 512e12);
  EXPECT_FALSE(spec.node.npu.calibrated);
  EXPECT_EQ(spec.fabric.leaf_ports, 128);
  EXPECT_EQ(spec.fabric.nodes_per_leaf, 8);  // 64 downlinks of 128 ports
}

TEST(NodeGroups, a_heterogeneous_cluster_counts_each_group_and_wires_its_own_nodes) {
  const auto spec = TopologyLoader::from_json(mixed_topology(), "t.json");
  ASSERT_TRUE(spec.heterogeneous());
  EXPECT_EQ(spec.nodes, 4);
  EXPECT_EQ(spec.npus(), 32);
  EXPECT_EQ(spec.node_template(1).npu.key, "ascend910");
  EXPECT_EQ(spec.node_template(2).npu.key, "ascend910b");
  const auto graph = tcsim::topology::TopologyGraph::from_spec(spec);
  graph.check("t.json");
  // Atlas 800: two full-mesh groups of 4 (12 HCCS links); 800T A2: one group of 8 (28 links).
  EXPECT_EQ(graph.count(tcsim::topology::TopologyGraph::LinkKind::peer), 2u * 12 + 2u * 28);
  const auto a = tcsim::topology::TopologyAnalysis::analyse(graph);
  EXPECT_DOUBLE_EQ(a.npu_scale_out_bytes_per_s, 200 * kGbps);  // the 910B's NIC, the largest
  EXPECT_DOUBLE_EQ(a.total_scale_out_bytes_per_s, 16 * 100 * kGbps + 16 * 200 * kGbps);
  EXPECT_DOUBLE_EQ(a.npu_power_w, 16 * 350.0 + 16 * 400.0);
}

TEST(NodeGroups, recipes_refuse_groups_of_different_sizes_and_node_cannot_be_both) {
  auto doc = mixed_topology();
  doc["nodes"][1]["node"] = "cloudmatrix384";
  doc["fabric"] = tcsim::test::atlas_topology()["fabric"];
  std::string path;
  EXPECT_NE(load_error(doc, &path).find("explicit"), std::string::npos);
  // Same size, different parts: a recipe lays them out.
  doc = mixed_topology();
  doc["fabric"] = tcsim::test::atlas_topology()["fabric"];
  EXPECT_EQ(TopologyLoader::from_json(doc, "t.json").npus(), 32);
  doc["node"] = "atlas800";
  EXPECT_NE(load_error(doc, &path).find("replaces \"node\""), std::string::npos);
  EXPECT_EQ(path, "/node");
}

TEST(NodeGroups, a_mixed_cluster_steps_at_the_pace_of_its_slowest_accelerator) {
  const auto mixed_path = tcsim::test::temp_file("mixed.json", mixed_topology().dump());
  const std::vector<std::string> small = {"--set", "workload.global_batch=1024"};
  auto args = std::vector<std::string>{"-t", mixed_path};
  args.insert(args.end(), small.begin(), small.end());
  const auto mixed = tcsim::test::run_json(args);
  EXPECT_NE(mixed["device"].get<std::string>().find("Ascend 910 (A) + Ascend 910B2"), std::string::npos) << mixed["device"];
  EXPECT_FALSE(mixed["device_calibrated"].get<bool>());  // the 910B borrows its efficiency

  // The same fabric with only one kind of node: the 910 cluster computes slower than the 910B one.
  auto only = [&](const char* node) {
    auto doc = mixed_topology();
    doc["nodes"] = {{{"count", 4}, {"node", node}}};
    args = {"-t", tcsim::test::temp_file(std::string(node) + ".json", doc.dump())};
    args.insert(args.end(), small.begin(), small.end());
    return tcsim::test::run_json(args);
  };
  const auto slow = only("atlas800");
  const auto fast = only("atlas800t-a2");
  ASSERT_GT(slow["step"]["compute_s"].get<double>(), fast["step"]["compute_s"].get<double>());
  // Every all-reduce waits for the slowest rank: the mixed step computes like the slow cluster.
  EXPECT_DOUBLE_EQ(mixed["step"]["compute_s"].get<double>(), slow["step"]["compute_s"].get<double>());
  EXPECT_GE(mixed["step"]["time_s"].get<double>(), fast["step"]["time_s"].get<double>());
  EXPECT_GE(mixed["step"]["time_s"].get<double>(), mixed["step"]["compute_s"].get<double>());
}
