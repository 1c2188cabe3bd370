#include <gtest/gtest.h>

#include "support/TestPlatforms.hpp"
#include "tcsim/topology/TopologyAnalysis.hpp"
#include "support/CliRunner.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

using tcsim::topology::TopologyAnalysis;
using tcsim::topology::TopologyGraph;

namespace {
TopologyAnalysis analyse(const nlohmann::json& doc) {
  return TopologyAnalysis::analyse(TopologyGraph::from_spec(tcsim::topology::TopologyLoader::from_json(doc, "t")));
}
constexpr double kRoce = 100e9 / 8;  // bytes/s per NPU
}  // namespace

TEST(TopologyAnalysis, atlas900_per_npu_bandwidth_diameter_and_bisection) {
  const auto a = analyse(tcsim::test::atlas_topology());
  EXPECT_EQ(a.npus, 1024u);
  EXPECT_EQ(a.nodes, 128u);
  EXPECT_DOUBLE_EQ(a.npu_scale_out_bytes_per_s, kRoce);
  EXPECT_DOUBLE_EQ(a.npu_peer_bytes_per_s, 3 * 240e9 / 8);  // three peers in a group of 4
  EXPECT_DOUBLE_EQ(a.npu_pcie_bytes_per_s, 252e9 / 8);
  EXPECT_DOUBLE_EQ(a.leaf_oversubscription, 1.0);
  EXPECT_EQ(a.diameter_hops, 4);  // NIC, leaf-spine, spine-leaf, NIC
  // Non-blocking fat tree of N hosts at B each: N*B/2.
  EXPECT_NEAR(a.bisection_bytes_per_s, 1024 * kRoce / 2, 1.0);
}

TEST(TopologyAnalysis, two_to_one_oversubscription_halves_bisection) {
  // 20 nodes: 4 leaves of 5 nodes at 2:1, or 5 leaves of 4 nodes at 1:1; 160 NPUs either way.
  auto blocking = tcsim::test::atlas_topology();
  blocking["nodes"] = 20;
  blocking["fabric"]["oversubscription"] = 2;
  auto open = blocking;
  open["fabric"]["oversubscription"] = 1;
  const auto a2 = analyse(blocking);
  const auto a1 = analyse(open);
  EXPECT_DOUBLE_EQ(a2.leaf_oversubscription, 2.0);
  EXPECT_NEAR(a1.bisection_bytes_per_s, 160 * kRoce / 2, 1.0);
  EXPECT_NEAR(a2.bisection_bytes_per_s, a1.bisection_bytes_per_s / 2, 1.0);
}

TEST(TopologyAnalysis, single_node_diameter_goes_through_the_host) {
  const auto a = analyse(tcsim::test::small_topology(1, 8, 4));
  EXPECT_EQ(a.diameter_hops, 2);  // NPU -> PCIe -> host -> PCIe -> NPU in the other group
  EXPECT_EQ(a.leaf_oversubscription, 0.0);
}

TEST(TopologyAnalysis, more_bandwidth_never_shrinks_the_bisection) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 16;
  double previous = 0;
  for (double gbps : {25.0, 50.0, 100.0, 200.0}) {
    doc["node"]["nic"]["gbps"] = gbps;
    doc["fabric"]["port_gbps"] = gbps;
    const double bisection = analyse(doc).bisection_bytes_per_s;
    EXPECT_GT(bisection, previous);
    previous = bisection;
  }
}

TEST(TopologyAnalysis, rail_optimised_fabric_has_the_same_bisection_and_diameter) {
  auto doc = tcsim::test::atlas_topology();
  doc["fabric"]["rails"] = true;
  const auto a = analyse(doc);
  EXPECT_EQ(a.vertices_by_kind.at("leaf switch"), 32u);
  EXPECT_EQ(a.diameter_hops, 4);
  EXPECT_NEAR(a.bisection_bytes_per_s, 1024 * kRoce / 2, 1.0);
}

TEST(TopologyAnalysis, dgx_a100_unit_has_nvswitch_and_hdr_figures) {
  const auto a = analyse(tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/dgx-a100-su.json")));
  EXPECT_EQ(a.npus, 160u);
  EXPECT_EQ(a.vertices_by_kind.at("node switch"), 20u);
  EXPECT_DOUBLE_EQ(a.npu_scale_up_bytes_per_s, 300e9);   // NVLink3: 600 GB/s both ways
  EXPECT_DOUBLE_EQ(a.npu_scale_out_bytes_per_s, 25e9);   // HDR 200 Gb/s
  EXPECT_DOUBLE_EQ(a.npu_peer_bytes_per_s, 0.0);
  EXPECT_EQ(a.diameter_hops, 4);
  EXPECT_NEAR(a.bisection_bytes_per_s, 160 * 25e9 / 2, 1.0);
}

TEST(TopologyAnalysis, fat_tree_bisection_halves_at_two_to_one_aggregation) {
  const auto open = analyse(tcsim::test::fat_tree_topology(80, 1));
  const auto blocking = analyse(tcsim::test::fat_tree_topology(80, 2));
  EXPECT_EQ(open.npus, 640u);
  EXPECT_EQ(open.diameter_hops, 6);  // NIC, leaf-agg, agg-core, core-agg, agg-leaf, NIC
  EXPECT_DOUBLE_EQ(open.aggregation_oversubscription, 1.0);
  EXPECT_DOUBLE_EQ(blocking.aggregation_oversubscription, 2.0);
  EXPECT_NEAR(open.bisection_bytes_per_s, 640 * kRoce / 2, 1.0);
  EXPECT_NEAR(blocking.bisection_bytes_per_s, open.bisection_bytes_per_s / 2, 1.0);
}

TEST(TopologyAnalysis, torus_diameter_and_bisection_by_hand) {
  constexpr double kLink = 400e9 / 8;
  // 4x4x4: 2+2+2 router hops plus the two NICs; cutting one dimension in half cuts 2 x 16 links.
  const auto cube = analyse(tcsim::test::torus_topology({4, 4, 4}));
  EXPECT_EQ(cube.vertices_by_kind.at("torus router"), 64u);
  EXPECT_EQ(cube.links_by_kind.at("torus"), 64u * 3);
  EXPECT_EQ(cube.diameter_hops, 8);
  EXPECT_NEAR(cube.bisection_bytes_per_s, 2 * 16 * kLink, 1.0);
  // 8x8 2D torus: 4+4 hops; cutting the second dimension cuts 2 x 8 links.
  const auto square = analyse(tcsim::test::torus_topology({8, 8}));
  EXPECT_EQ(square.diameter_hops, 10);
  EXPECT_NEAR(square.bisection_bytes_per_s, 2 * 8 * kLink, 1.0);
}

TEST(TopologyAnalysis, dragonfly_counts_diameter_and_bisection_by_hand) {
  const auto a = analyse(tcsim::test::dragonfly_topology(4, 400));
  EXPECT_EQ(a.vertices_by_kind.at("dragonfly router"), 8u);
  EXPECT_EQ(a.links_by_kind.at("global"), 6u);  // one per pair of 4 groups
  EXPECT_EQ(a.links_by_kind.at("local"), 4u);   // one per group of 2 routers
  EXPECT_EQ(a.diameter_hops, 5);                // NIC, local, global, local, NIC
  // Groups {0,1} vs {2,3}: 4 global links of 400 Gb/s cross; the NICs (32 x 400 Gb/s) do not bind.
  EXPECT_NEAR(a.bisection_bytes_per_s, 4 * 50e9, 1.0);
}

TEST(TopologyAnalysis, explicit_fabric_bisection_is_its_narrowest_trunk_by_hand) {
  const auto a = analyse(tcsim::test::explicit_line_topology());
  EXPECT_EQ(a.links_by_kind.at("trunk"), 2u);
  EXPECT_EQ(a.diameter_hops, 4);  // NIC, s0-s1, s1-s2, NIC
  // Nodes 0-1 (on s0) against nodes 2-3: the s0-s1 trunk, 2 x 400 Gb/s.
  EXPECT_NEAR(a.bisection_bytes_per_s, 2 * 400e9 / 8, 1.0);
}

TEST(TopologyAnalysis, explicit_fabric_with_a_stranded_switch_is_named) {
  auto doc = tcsim::test::explicit_line_topology();
  doc["fabric"]["trunks"].erase(1);  // s2 loses its only trunk
  const auto spec = tcsim::topology::TopologyLoader::from_json(doc, "ex.json");
  try {
    TopologyGraph::from_spec(spec).check("ex.json");
    FAIL() << "expected an error";
  } catch (const tcsim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("disconnected"), std::string::npos) << e.what();
  }
}
