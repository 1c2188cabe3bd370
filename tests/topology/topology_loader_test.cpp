#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

using tcsim::InputError;
using tcsim::topology::TopologyLoader;

namespace {
InputError load_error(const nlohmann::json& doc) {
  try {
    TopologyLoader::from_json(doc, "topo.json");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return InputError("", "", "");
}
}  // namespace

TEST(TopologyLoader, atlas900_reference_has_1024_npus_in_32_leaves) {
  const auto spec = TopologyLoader::from_json(tcsim::test::atlas_topology(), "atlas.json");
  EXPECT_EQ(spec.npus(), 1024);
  EXPECT_EQ(spec.node.npu.key, "ascend910");
  EXPECT_DOUBLE_EQ(spec.node.npu.peak_fp16_flops_per_s, 256e12);
  EXPECT_DOUBLE_EQ(spec.node.nic_bandwidth_bytes_per_s, 100e9 / 8);
  // 64-port leaves, non-blocking: 32 downlinks (4 nodes of 8 NICs) and 32 uplinks.
  EXPECT_EQ(spec.fabric.nodes_per_leaf, 4);
  EXPECT_EQ(spec.fabric.downlinks_per_leaf, 32);
  EXPECT_EQ(spec.fabric.uplinks_per_leaf, 32);
  EXPECT_EQ(spec.fabric.leaves, 32);
  EXPECT_EQ(spec.fabric.spines, 32);
}

TEST(TopologyLoader, oversubscription_two_to_one_halves_uplinks) {
  auto doc = tcsim::test::atlas_topology();
  doc["fabric"]["oversubscription"] = 2;
  const auto spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_EQ(spec.fabric.downlinks_per_leaf, 40);  // 5 nodes of 8 within 64 * 2/3 = 42 ports
  EXPECT_EQ(spec.fabric.uplinks_per_leaf, 20);
}

TEST(TopologyLoader, negative_bandwidth_is_rejected_with_path) {
  auto doc = tcsim::test::atlas_topology();
  doc["node"]["nic"]["gbps"] = -100;
  const auto e = load_error(doc);
  EXPECT_EQ(e.file(), "topo.json");
  EXPECT_EQ(e.json_path(), "/node/nic/gbps");
  EXPECT_NE(std::string(e.what()).find("expected a bandwidth from 1e-06 to 1e+09 Gb/s, got -100"), std::string::npos);
}

TEST(TopologyLoader, unknown_device_suggests_catalog_entry) {
  auto doc = tcsim::test::atlas_topology();
  doc["node"]["npu"] = "ascend901";
  const auto e = load_error(doc);
  EXPECT_EQ(e.json_path(), "/node/npu");
  EXPECT_NE(std::string(e.what()).find("did you mean 'ascend910'"), std::string::npos) << e.what();
}

TEST(TopologyLoader, missing_field_is_named) {
  auto doc = tcsim::test::atlas_topology();
  doc["fabric"].erase("switch");  // without a switch model, the port speed must be given
  EXPECT_EQ(load_error(doc).json_path(), "/fabric/port_gbps");
}

TEST(TopologyLoader, wrong_type_is_named) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = "128";
  const auto e = load_error(doc);
  EXPECT_EQ(e.json_path(), "/nodes");
  EXPECT_NE(std::string(e.what()).find("expected an integer"), std::string::npos);
}

TEST(TopologyLoader, wrong_schema_is_rejected) {
  auto doc = tcsim::test::atlas_topology();
  doc["schema"] = "tcsim.workload/1";
  EXPECT_EQ(load_error(doc).json_path(), "/schema");
}

TEST(TopologyLoader, group_size_must_divide_node) {
  auto doc = tcsim::test::atlas_topology();
  doc["node"]["intra"]["group_size"] = 3;
  EXPECT_EQ(load_error(doc).json_path(), "/node/intra/group_size");
}

TEST(TopologyLoader, too_many_leaves_for_two_tiers_is_explained) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 4 * 65;  // 65 leaves, spines have 64 ports
  const auto e = load_error(doc);
  EXPECT_EQ(e.json_path(), "/fabric/spine_ports");
  EXPECT_NE(std::string(e.what()).find("65 leaves"), std::string::npos) << e.what();
}

TEST(TopologyLoader, leaf_too_small_for_one_node) {
  auto doc = tcsim::test::atlas_topology();
  doc["fabric"]["leaf_ports"] = 8;
  EXPECT_EQ(load_error(doc).json_path(), "/fabric/leaf_ports");
}

TEST(TopologyLoader, rail_optimised_layout_has_one_leaf_per_rail_per_unit) {
  auto doc = tcsim::test::atlas_topology();
  doc["fabric"]["rails"] = true;
  const auto spec = TopologyLoader::from_json(doc, "t.json");
  // 32 downlinks per 64-port leaf: a scalable unit of 32 nodes, 8 rail switches per unit.
  EXPECT_EQ(spec.fabric.nodes_per_leaf, 32);
  EXPECT_EQ(spec.fabric.downlinks_per_leaf, 32);
  EXPECT_EQ(spec.fabric.leaves, 4 * 8);
  EXPECT_EQ(spec.npus(), 1024);
}

TEST(TopologyLoader, a_fabric_is_sized_for_the_nodes_it_has) {
  // Three CloudMatrix384 supernodes (384 NICs each) on 64-port rail leaves: a unit of 3 nodes
  // fills a leaf's 32 downlinks with 10 rails, so 39 leaves at 1:1, not 384 leaves of 3 NICs
  // and 32 uplinks each (0.09 : 1).
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/supernode-cluster.json"));
  doc["nodes"] = 3;
  auto spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_EQ(spec.fabric.nodes_per_leaf, 3);
  EXPECT_EQ(spec.fabric.rails_per_leaf, 10);
  EXPECT_EQ(spec.fabric.leaves, 39);
  EXPECT_EQ(spec.fabric.downlinks_per_leaf, 30);
  EXPECT_EQ(spec.fabric.uplinks_per_leaf, 30);
  EXPECT_EQ(spec.fabric.leaf_of(2, 383, 384), 38);  // the last NIC of the last node: the last leaf
  EXPECT_EQ(spec.fabric.leaf_of(0, 9, 384), 0);
  EXPECT_EQ(spec.fabric.leaf_of(1, 10, 384), 1);
  // The reference 22: one rail per leaf, 22 NICs and 22 uplinks each.
  doc["nodes"] = 22;
  spec = TopologyLoader::from_json(doc, "t.json");
  EXPECT_EQ(spec.fabric.rails_per_leaf, 1);
  EXPECT_EQ(spec.fabric.leaves, 384);
  EXPECT_EQ(spec.fabric.uplinks_per_leaf, 22);
  // Plain leaves: two Atlas 800 nodes share one leaf sized for two, not for four.
  auto atlas = tcsim::test::atlas_topology();
  atlas["nodes"] = 2;
  spec = TopologyLoader::from_json(atlas, "t.json");
  EXPECT_EQ(spec.fabric.nodes_per_leaf, 2);
  EXPECT_EQ(spec.fabric.uplinks_per_leaf, 16);
}

TEST(TopologyLoader, rails_must_be_a_boolean) {
  auto doc = tcsim::test::atlas_topology();
  doc["fabric"]["rails"] = "yes";
  EXPECT_EQ(load_error(doc).json_path(), "/fabric/rails");
}

TEST(TopologyLoader, switched_node_reads_its_switch_link) {
  const auto spec = TopologyLoader::from_json(
      tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/dgx-a100-su.json")), "dgx.json");
  EXPECT_EQ(spec.node.intra, tcsim::topology::NodeTemplate::Intra::switched);
  EXPECT_DOUBLE_EQ(spec.node.switch_link_bandwidth_bytes_per_s, 2400e9 / 8);
  EXPECT_EQ(spec.node.npu.key, "a100-sxm4-80gb");
  EXPECT_TRUE(spec.fabric.rails);
  EXPECT_EQ(spec.fabric.nodes_per_leaf, 20);
  EXPECT_EQ(spec.fabric.leaves, 8);
}

TEST(TopologyLoader, switched_node_rejects_hccs_keys) {
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/dgx-a100-su.json"));
  doc["node"]["intra"]["group_size"] = 4;
  const auto e = load_error(doc);
  EXPECT_EQ(e.json_path(), "/node/intra/group_size");
}

TEST(TopologyLoader, fat_tree_layout_from_the_recipe) {
  const auto spec = TopologyLoader::from_json(tcsim::test::fat_tree_topology(80, 1), "ft.json");
  const auto& f = spec.fabric;
  EXPECT_EQ(f.tiers, tcsim::topology::FabricSpec::Tiers::three);
  EXPECT_EQ(f.nodes_per_leaf, 1);     // 8 downlinks of a 16-port leaf: one node's 8 NICs
  EXPECT_EQ(f.leaves, 80);
  EXPECT_EQ(f.aggs_per_pod, 8);       // one per leaf uplink
  EXPECT_EQ(f.leaves_per_pod, 8);     // 8 of a 16-port aggregation switch's ports go down
  EXPECT_EQ(f.agg_uplinks, 8);
  EXPECT_EQ(f.pods, 10);
  EXPECT_EQ(f.cores_per_group, 8);  // 10 pods x 1 link each fits a 16-port core; 2 each would not
  EXPECT_EQ(f.cores, 64);
  const auto blocking = TopologyLoader::from_json(tcsim::test::fat_tree_topology(80, 2), "ft.json").fabric;
  EXPECT_EQ(blocking.leaves_per_pod, 10);
  EXPECT_EQ(blocking.agg_uplinks, 5);
  EXPECT_EQ(blocking.pods, 8);
  EXPECT_EQ(blocking.cores_per_group, 3);  // 5 uplinks as 2+2+1 parallel links: 8 pods x 2 = 16 ports
  EXPECT_EQ(blocking.cores, 24);
}

TEST(TopologyLoader, fat_tree_errors_name_the_fabric_field) {
  auto doc = tcsim::test::fat_tree_topology(80, 1);
  doc["fabric"]["core_ports"] = 8;  // 10 pods
  EXPECT_EQ(load_error(doc).json_path(), "/fabric/core_ports");
  doc = tcsim::test::fat_tree_topology(80, 1);
  doc["fabric"]["spine_ports"] = 64;  // a leaf-spine key
  const auto e = load_error(doc);
  EXPECT_EQ(e.json_path(), "/fabric/spine_ports");
  doc = tcsim::test::fat_tree_topology(80, 1);
  doc["fabric"]["agg_oversubscription"] = 0.5;
  EXPECT_EQ(load_error(doc).json_path(), "/fabric/agg_oversubscription");
  doc = tcsim::test::fat_tree_topology(80, 1);
  doc["fabric"]["kind"] = "fattree";
  EXPECT_NE(std::string(load_error(doc).what()).find("did you mean 'fat_tree'"), std::string::npos);
}

TEST(TopologyLoader, torus_dims_must_multiply_to_the_node_count) {
  auto doc = tcsim::test::torus_topology({4, 4, 4});
  EXPECT_EQ(TopologyLoader::from_json(doc, "t.json").fabric.torus_dims.size(), 3u);
  doc["nodes"] = 60;
  const auto e = load_error(doc);
  EXPECT_EQ(e.json_path(), "/nodes");
  EXPECT_NE(std::string(e.what()).find("has 64 nodes, not 60"), std::string::npos) << e.what();
  doc = tcsim::test::torus_topology({2, 2, 2});
  doc["fabric"]["dims"] = nlohmann::json::array({2, 2, 2, 2});
  doc["nodes"] = 16;
  EXPECT_EQ(load_error(doc).json_path(), "/fabric/dims");
  // Three int dims whose product overflows 64 bits are not mistaken for the node count.
  doc = tcsim::test::torus_topology({2, 2, 2});
  doc["fabric"]["dims"] = nlohmann::json::array({2147483647, 2147483647, 2147483647});
  EXPECT_EQ(load_error(doc).json_path(), "/nodes");
  doc = tcsim::test::torus_topology({2, 2, 2});
  doc["fabric"]["link_gpbs"] = 1;
  EXPECT_NE(std::string(load_error(doc).what()).find("did you mean 'link_gbps'"), std::string::npos);
}

TEST(TopologyLoader, nvlink_pairs_are_checked) {
  const auto dgx1 = tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/dgx1-v100.json"));
  const auto spec = TopologyLoader::from_json(dgx1, "dgx1.json");
  EXPECT_EQ(spec.node.peer_links.size(), 16u);
  auto doc = dgx1;
  doc["node"]["intra"]["pairs"][0] = nlohmann::json::array({0, 8, 1});
  EXPECT_EQ(load_error(doc).json_path(), "/node/intra/pairs/0/1");
  doc = dgx1;
  doc["node"]["intra"]["pairs"][0] = nlohmann::json::array({2, 2, 1});
  EXPECT_EQ(load_error(doc).json_path(), "/node/intra/pairs/0");
  doc = dgx1;
  doc["node"]["intra"]["pairs"][1] = nlohmann::json::array({1, 0, 1});  // 0-1 again
  EXPECT_NE(std::string(load_error(doc).what()).find("listed twice"), std::string::npos);
}

TEST(TopologyLoader, dragonfly_needs_a_global_link_per_pair_of_groups) {
  EXPECT_EQ(TopologyLoader::from_json(tcsim::test::dragonfly_topology(5, 400), "df.json").fabric.leaves, 10);
  // 2 routers x 2 global ports reach 4 other groups, not 5.
  EXPECT_EQ(load_error(tcsim::test::dragonfly_topology(6, 400)).json_path(), "/fabric/groups");
  auto doc = tcsim::test::dragonfly_topology(4, 400);
  doc["nodes"] = 9;
  EXPECT_EQ(load_error(doc).json_path(), "/nodes");
}

TEST(TopologyLoader, explicit_fabric_names_and_attachments_are_checked) {
  const auto spec = TopologyLoader::from_json(tcsim::test::explicit_line_topology(), "ex.json");
  EXPECT_EQ(spec.fabric.switches.size(), 3u);
  EXPECT_EQ(spec.fabric.nic_switch.at(3).at(7), 2);
  auto doc = tcsim::test::explicit_line_topology();
  doc["fabric"]["attach"][3] = "s7";
  const auto unknown = load_error(doc);
  EXPECT_EQ(unknown.json_path(), "/fabric/attach/3");
  EXPECT_NE(std::string(unknown.what()).find("unknown switch 's7'"), std::string::npos);
  doc = tcsim::test::explicit_line_topology();
  doc["fabric"]["switches"][2]["name"] = "s0";
  EXPECT_NE(std::string(load_error(doc).what()).find("used twice"), std::string::npos);
  doc = tcsim::test::explicit_line_topology();
  doc["nodes"] = 5;
  EXPECT_EQ(load_error(doc).json_path(), "/nodes");
  doc = tcsim::test::explicit_line_topology();
  doc["fabric"]["attach"][0] = nlohmann::json::array({"s0", "s1"});  // 2 names for 8 NICs
  EXPECT_EQ(load_error(doc).json_path(), "/fabric/attach/0");
  // One name per NIC is accepted (rails by hand).
  doc = tcsim::test::explicit_line_topology();
  doc["fabric"]["attach"][0] = nlohmann::json::array({"s0", "s1", "s0", "s1", "s0", "s1", "s0", "s1"});
  EXPECT_EQ(TopologyLoader::from_json(doc, "ex.json").fabric.nic_switch.at(0).at(1), 1);
}
