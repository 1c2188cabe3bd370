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
  EXPECT_NE(std::string(e.what()).find("positive"), std::string::npos);
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
  doc["fabric"].erase("port_gbps");
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
