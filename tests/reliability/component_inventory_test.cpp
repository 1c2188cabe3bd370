// Blast radius from the topology graph: what each failure stops or degrades.
#include <set>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/topology/NodeTemplates.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace {

using tcsim::topology::ComponentClass;
using tcsim::topology::TopologyGraph;

struct Built {
  tcsim::topology::TopologySpec spec;
  TopologyGraph graph;
  tcsim::reliability::ComponentInventory inventory;
  Built(const nlohmann::json& doc, int job_npus)
      : spec(tcsim::topology::TopologyLoader::from_json(doc, "t.json")),
        graph(TopologyGraph::from_spec(spec)),
        inventory(graph, spec, job_npus < 0 ? spec.npus() : job_npus) {}
};

/** Nodes with at least one NIC on `leaf`, read off the graph. */
std::set<int> nodes_below(const TopologyGraph& graph, TopologyGraph::VertexId leaf) {
  const auto& g = graph.graph();
  std::set<int> nodes;
  for (auto [it, end] = boost::out_edges(leaf, g); it != end; ++it) {
    if (g[*it].kind != TopologyGraph::LinkKind::nic) continue;
    const auto other = boost::source(*it, g) == leaf ? boost::target(*it, g) : boost::source(*it, g);
    nodes.insert(g[other].node);
  }
  return nodes;
}

}  // namespace

TEST(ComponentInventory, a_leaf_switch_stops_exactly_the_nodes_below_it_plain_and_rail_optimised) {
  for (bool rails : {false, true}) {
    auto doc = tcsim::test::atlas_topology();
    doc["nodes"] = 24;
    doc["fabric"]["rails"] = rails;
    doc["fabric"]["leaf_ports"] = 16;
    doc["fabric"]["spine_ports"] = 64;
    const Built b(doc, -1);
    const auto& g = b.graph.graph();
    std::size_t leaf = 0;
    for (auto [it, end] = boost::vertices(g); it != end; ++it) {
      if (g[*it].kind != TopologyGraph::VertexKind::leaf_switch) continue;
      std::set<int> stopped;
      for (int s : b.inventory.effect(ComponentClass::leaf_switch, leaf).servers) stopped.insert(b.inventory.node_of_server(s));
      EXPECT_EQ(stopped, nodes_below(b.graph, *it)) << g[*it].name << (rails ? " (rails)" : "");
      EXPECT_EQ(b.inventory.name(ComponentClass::leaf_switch, leaf), g[*it].name);
      ++leaf;
    }
    EXPECT_EQ(leaf, b.inventory.count(ComponentClass::leaf_switch));
  }
}

TEST(ComponentInventory, a_spine_only_degrades_every_leafs_uplinks_when_there_are_others) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 16;
  const Built b(doc, -1);
  ASSERT_GT(b.inventory.count(ComponentClass::spine_switch), 1u);
  const auto effect = b.inventory.effect(ComponentClass::spine_switch, 0);
  EXPECT_TRUE(effect.servers.empty());
  std::set<std::string> bundles;
  for (const auto& loss : effect.link_losses) {
    bundles.insert(loss.link);
    EXPECT_EQ(loss.kind, "leaf uplinks");
    EXPECT_DOUBLE_EQ(loss.lost_bytes_per_s * b.inventory.count(ComponentClass::spine_switch), loss.healthy_bytes_per_s);
    EXPECT_TRUE(loss.used_by_job);
  }
  EXPECT_EQ(bundles.size(), b.graph.count(TopologyGraph::VertexKind::leaf_switch));
  EXPECT_FALSE(b.inventory.interrupts_job(ComponentClass::spine_switch, 0));
  EXPECT_TRUE(b.inventory.interrupts_job(ComponentClass::leaf_switch, 0));
}

TEST(ComponentInventory, a_single_spine_cuts_the_fabric_and_stops_a_job_across_leaves) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 8;
  doc["fabric"]["leaf_ports"] = 16;  // 8 NICs down, 8 up: 1 node per leaf, uplinks to 8 spines
  const Built several(doc, -1);
  EXPECT_FALSE(several.inventory.interrupts_job(ComponentClass::spine_switch, 0));
  doc["fabric"]["leaf_ports"] = 64;
  doc["fabric"]["oversubscription"] = 62;  // 62 ports down (7 nodes), a single uplink per leaf: one spine, two leaves
  const Built one(doc, -1);
  ASSERT_EQ(one.inventory.count(ComponentClass::spine_switch), 1u);
  EXPECT_TRUE(one.inventory.interrupts_job(ComponentClass::spine_switch, 0));
  // A job inside one leaf does not cross the spine.
  const Built inside(doc, 56);
  EXPECT_FALSE(inside.inventory.interrupts_job(ComponentClass::spine_switch, 0));
}

TEST(ComponentInventory, counts_cables_by_physical_link_and_names_them_for_traces) {
  const Built b(tcsim::test::fat_tree_topology(16, 1), -1);
  std::size_t cables = 0;
  const auto& g = b.graph.graph();
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto k = g[*it].kind;
    if (k == TopologyGraph::LinkKind::nic || k == TopologyGraph::LinkKind::uplink || k == TopologyGraph::LinkKind::core_uplink)
      cables += static_cast<std::size_t>(g[*it].parallel);
  }
  EXPECT_EQ(b.inventory.count(ComponentClass::link), cables);
  EXPECT_EQ(b.inventory.count(ComponentClass::npu), 128u);
  EXPECT_EQ(b.inventory.count(ComponentClass::host), 16u);
  EXPECT_EQ(b.inventory.count(ComponentClass::core_switch), b.graph.count(TopologyGraph::VertexKind::core_switch));
  for (ComponentClass c : tcsim::topology::component_classes()) {
    for (std::size_t i = 0; i < b.inventory.count(c); i += 7) {
      const auto found = b.inventory.find(b.inventory.name(c, i));
      ASSERT_TRUE(found) << b.inventory.name(c, i);
      EXPECT_EQ(found->first, c);
      EXPECT_EQ(found->second, i);
    }
  }
  // An aggregation switch degrades its pod's leaves and the pod's uplinks to the cores.
  const auto agg = b.inventory.effect(ComponentClass::spine_switch, 0);
  std::set<std::string> kinds;
  for (const auto& loss : agg.link_losses) kinds.insert(loss.kind);
  EXPECT_EQ(kinds, (std::set<std::string>{"leaf uplinks", "pod uplinks"}));
}

TEST(ComponentInventory, a_supernode_fails_by_server_and_loses_one_scale_up_plane_at_a_time) {
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/supernode-cluster.json"));
  doc["nodes"] = 2;
  const Built b(doc, -1);
  EXPECT_EQ(b.inventory.servers(), 96);
  EXPECT_EQ(b.inventory.count(ComponentClass::host), 96u);
  EXPECT_EQ(b.inventory.count(ComponentClass::scale_up_switch), 14u);
  const auto host = b.inventory.effect(ComponentClass::host, 50);
  ASSERT_EQ(host.servers.size(), 1u);
  EXPECT_EQ(b.inventory.npus_of_server(50), 8);
  EXPECT_EQ(b.inventory.node_of_server(50), 1);
  EXPECT_EQ(b.inventory.server_of_npu(384 + 17), 50);
  const auto plane = b.inventory.effect(ComponentClass::scale_up_switch, 3);
  EXPECT_TRUE(plane.servers.empty());
  ASSERT_EQ(plane.link_losses.size(), 384u);
  EXPECT_DOUBLE_EQ(plane.link_losses[0].lost_bytes_per_s * 7, plane.link_losses[0].healthy_bytes_per_s);
  EXPECT_FALSE(b.inventory.interrupts_job(ComponentClass::scale_up_switch, 3));
  EXPECT_EQ(b.inventory.name(ComponentClass::scale_up_switch, 3), "n0.switch.plane3");
  EXPECT_EQ(b.inventory.name(ComponentClass::host, 50), "n1.server2");
}

TEST(ComponentInventory, off_the_scale_out_fabric_matters_only_to_a_job_across_nodes) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 4;
  const Built one_node(doc, 8);
  EXPECT_FALSE(one_node.inventory.interrupts_job(ComponentClass::nic, 3));
  EXPECT_FALSE(one_node.inventory.interrupts_job(ComponentClass::leaf_switch, 0));
  EXPECT_TRUE(one_node.inventory.interrupts_job(ComponentClass::npu, 3));
  const Built two_nodes(doc, 16);
  EXPECT_TRUE(two_nodes.inventory.interrupts_job(ComponentClass::nic, 3));
  EXPECT_FALSE(two_nodes.inventory.interrupts_job(ComponentClass::npu, 20));  // an idle server
}
