#include <gtest/gtest.h>

#include "support/TestPlatforms.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

using tcsim::topology::TopologyGraph;
using Kind = TopologyGraph::VertexKind;
using Link = TopologyGraph::LinkKind;

TEST(TopologyGraph, atlas900_counts_match_the_recipe) {
  const auto spec = tcsim::topology::TopologyLoader::from_json(tcsim::test::atlas_topology(), "t");
  const auto graph = TopologyGraph::from_spec(spec);
  EXPECT_EQ(graph.npu_count(), 1024u);
  EXPECT_EQ(graph.count(Kind::host), 128u);
  EXPECT_EQ(graph.count(Kind::leaf_switch), 32u);
  EXPECT_EQ(graph.count(Kind::spine_switch), 32u);
  // Two full-mesh groups of 4 per node: 2 * C(4,2) = 12 HCCS links.
  EXPECT_EQ(graph.count(Link::peer), 128u * 12);
  EXPECT_EQ(graph.count(Link::pcie), 1024u);
  EXPECT_EQ(graph.count(Link::nic), 1024u);
  EXPECT_EQ(graph.count(Link::uplink), 32u * 32);
  EXPECT_NO_THROW(graph.check("t"));
}

TEST(TopologyGraph, disconnected_graph_names_the_stranded_part) {
  TopologyGraph::Graph g;
  const auto a = boost::add_vertex(TopologyGraph::Vertex{Kind::npu, "n0.npu0", 0, 0, 0, 1}, g);
  const auto b = boost::add_vertex(TopologyGraph::Vertex{Kind::leaf_switch, "leaf0", -1, -1, 0, 0}, g);
  boost::add_vertex(TopologyGraph::Vertex{Kind::npu, "n1.npu0", 1, 0, 0, 1}, g);
  boost::add_edge(a, b, TopologyGraph::Edge{Link::nic, "n0.npu0.nic", 1e9, 0}, g);
  try {
    TopologyGraph(g).check("broken.json");
    FAIL() << "expected an error";
  } catch (const tcsim::InputError& e) {
    EXPECT_EQ(e.file(), "broken.json");
    EXPECT_NE(std::string(e.what()).find("disconnected"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("'n1.npu0'"), std::string::npos) << e.what();
  }
}

TEST(TopologyGraph, zero_bandwidth_link_is_named) {
  TopologyGraph::Graph g;
  const auto a = boost::add_vertex(TopologyGraph::Vertex{Kind::npu, "n0.npu0", 0, 0, 0, 1}, g);
  const auto b = boost::add_vertex(TopologyGraph::Vertex{Kind::leaf_switch, "leaf0", -1, -1, 0, 0}, g);
  boost::add_edge(a, b, TopologyGraph::Edge{Link::nic, "n0.npu0.nic", 0.0, 0}, g);
  try {
    TopologyGraph(g).check("broken.json");
    FAIL() << "expected an error";
  } catch (const tcsim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'n0.npu0.nic'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("non-positive bandwidth"), std::string::npos);
  }
}

TEST(TopologyGraph, switch_with_more_links_than_ports_is_named) {
  TopologyGraph::Graph g;
  const auto leaf = boost::add_vertex(TopologyGraph::Vertex{Kind::leaf_switch, "leaf0", -1, -1, 0, 0, 2}, g);
  for (int i = 0; i < 3; ++i) {
    const auto npu = boost::add_vertex(TopologyGraph::Vertex{Kind::npu, "n" + std::to_string(i) + ".npu0", i, 0, 0, 1}, g);
    boost::add_edge(npu, leaf, TopologyGraph::Edge{Link::nic, "nic" + std::to_string(i), 1e9, 0}, g);
  }
  try {
    TopologyGraph(g).check("ports.json");
    FAIL() << "expected an error";
  } catch (const tcsim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'leaf0' has 3 links but only 2 ports"), std::string::npos) << e.what();
  }
}
