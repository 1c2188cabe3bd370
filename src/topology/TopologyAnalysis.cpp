#include "tcsim/topology/TopologyAnalysis.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <vector>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

namespace tcsim::topology {
namespace {

using Graph = TopologyGraph::Graph;
using VertexKind = TopologyGraph::VertexKind;
using LinkKind = TopologyGraph::LinkKind;

/** The NPU interconnect: every link but the storage front-end network, which NPU traffic never takes. */
struct InterconnectOnly {
  const Graph* g = nullptr;
  bool operator()(Graph::edge_descriptor e) const {
    return (*g)[e].kind != LinkKind::frontend && (*g)[e].kind != LinkKind::storage_uplink;
  }
};

/** Hops from `source` to every vertex over the interconnect (unweighted BFS). */
std::vector<int> hops_from(const Graph& g, TopologyGraph::VertexId source) {
  std::vector<int> distance(boost::num_vertices(g), -1);
  distance[source] = 0;
  const boost::filtered_graph<Graph, InterconnectOnly> interconnect(g, InterconnectOnly{&g});
  boost::breadth_first_search(
      interconnect, source,
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, g)), boost::on_tree_edge()))));
  return distance;
}

/**
 * Max-flow from the first `half` NPUs to the others over the interconnect, every full-duplex link
 * a pair of directed edges with its per-direction bandwidth (push-relabel, Boost.Graph).
 */
double max_flow_between(const TopologyGraph& topology, std::size_t half) {
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using FlowGraph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<boost::edge_capacity_t, double,
                      boost::property<boost::edge_residual_capacity_t, double,
                                      boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;
  const Graph& g = topology.graph();
  const std::size_t n = boost::num_vertices(g);
  FlowGraph flow(n + 2);
  const auto source = n;
  const auto sink = n + 1;
  auto capacity = boost::get(boost::edge_capacity, flow);
  auto reverse = boost::get(boost::edge_reverse, flow);
  auto add = [&](std::size_t a, std::size_t b, double bandwidth) {
    const auto forward = boost::add_edge(a, b, flow).first;
    const auto backward = boost::add_edge(b, a, flow).first;
    capacity[forward] = bandwidth;
    capacity[backward] = 0;
    reverse[forward] = backward;
    reverse[backward] = forward;
  };
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    // Storage networks are not NPU-to-NPU paths.
    if (g[*it].kind == LinkKind::frontend || g[*it].kind == LinkKind::storage_uplink) continue;
    const double bandwidth = g[*it].bandwidth_bytes_per_s;
    add(boost::source(*it, g), boost::target(*it, g), bandwidth);
    add(boost::target(*it, g), boost::source(*it, g), bandwidth);
  }
  const double unlimited = std::numeric_limits<double>::max() / 4;
  for (std::size_t k = 0; k < topology.npu_count(); ++k) {
    if (k < half) add(source, topology.npu(k), unlimited);
    else add(topology.npu(k), sink, unlimited);
  }
  return boost::push_relabel_max_flow(flow, source, sink);
}

}  // namespace

TopologyAnalysis TopologyAnalysis::analyse(const TopologyGraph& topology) {
  const Graph& g = topology.graph();
  TopologyAnalysis a;
  a.npus = topology.npu_count();
  std::set<int> nodes;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    ++a.vertices_by_kind[TopologyGraph::kind_name(g[*it].kind)];
    if (g[*it].kind == VertexKind::npu) nodes.insert(g[*it].node);
  }
  a.nodes = nodes.size();
  for (auto [it, end] = boost::edges(g); it != end; ++it) ++a.links_by_kind[TopologyGraph::kind_name(g[*it].kind)];

  // Per-NPU bandwidth at each level: the largest over NPUs (they are alike in generated recipes).
  for (std::size_t k = 0; k < topology.npu_count(); ++k) {
    double hccs = 0, scale_up = 0, pcie = 0, nic = 0;
    for (auto [eit, eend] = boost::out_edges(topology.npu(k), g); eit != eend; ++eit) {
      const auto& e = g[*eit];
      if (e.kind == LinkKind::peer) hccs += e.bandwidth_bytes_per_s;
      if (e.kind == LinkKind::scale_up) scale_up += e.bandwidth_bytes_per_s;
      if (e.kind == LinkKind::pcie) pcie += e.bandwidth_bytes_per_s;
      if (e.kind == LinkKind::nic) nic += e.bandwidth_bytes_per_s;
    }
    a.npu_peer_bytes_per_s = std::max(a.npu_peer_bytes_per_s, hccs);
    a.npu_scale_up_bytes_per_s = std::max(a.npu_scale_up_bytes_per_s, scale_up);
    a.npu_pcie_bytes_per_s = std::max(a.npu_pcie_bytes_per_s, pcie);
    a.npu_scale_out_bytes_per_s = std::max(a.npu_scale_out_bytes_per_s, nic);
    a.total_scale_out_bytes_per_s += nic;
  }

  // Oversubscription: each leaf's NIC-facing bandwidth over its spine-facing bandwidth,
  // and each aggregation switch's leaf-facing over its core-facing bandwidth.
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const VertexKind kind = g[*it].kind;
    if (kind != VertexKind::leaf_switch && kind != VertexKind::aggregation_switch) continue;
    const LinkKind upward = kind == VertexKind::leaf_switch ? LinkKind::uplink : LinkKind::core_uplink;
    double down = 0, up = 0;
    for (auto [eit, eend] = boost::out_edges(*it, g); eit != eend; ++eit) {
      (g[*eit].kind == upward ? up : down) += g[*eit].bandwidth_bytes_per_s;
    }
    if (up <= 0) continue;
    double& ratio = kind == VertexKind::leaf_switch ? a.leaf_oversubscription : a.aggregation_oversubscription;
    ratio = std::max(ratio, down / up);
  }

  // Storage tiers: a node's own (the largest over hosts), shared ones summed over servers, each
  // server bounded by the slower of its link and its drives.
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const auto& v = g[*it];
    double link = 0;
    for (auto [eit, eend] = boost::out_edges(*it, g); eit != eend; ++eit) {
      if (g[*eit].kind == LinkKind::frontend) link += g[*eit].bandwidth_bytes_per_s;
    }
    if (v.kind == VertexKind::host) {
      a.node_dram_bytes_per_s = std::max(a.node_dram_bytes_per_s, v.dram_bytes_per_s);
      a.node_nvme_read_bytes_per_s = std::max(a.node_nvme_read_bytes_per_s, v.disk_read_bytes_per_s);
      a.node_nvme_write_bytes_per_s = std::max(a.node_nvme_write_bytes_per_s, v.disk_write_bytes_per_s);
      a.node_frontend_bytes_per_s = std::max(a.node_frontend_bytes_per_s, link);
    } else if (v.kind == VertexKind::storage_server) {
      a.pfs_read_bytes_per_s += std::min(link, v.disk_read_bytes_per_s);
      a.pfs_write_bytes_per_s += std::min(link, v.disk_write_bytes_per_s);
    } else if (v.kind == VertexKind::object_store) {
      a.object_read_bytes_per_s += std::min(link, v.disk_read_bytes_per_s);
      a.object_write_bytes_per_s += std::min(link, v.disk_write_bytes_per_s);
    }
  }

  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const auto& v = g[*it];
    switch (v.kind) {
      case VertexKind::npu: a.npu_power_w += v.power_w; break;
      case VertexKind::host: a.cpu_power_w += v.power_w; break;
      case VertexKind::leaf_switch:
      case VertexKind::spine_switch:
      case VertexKind::aggregation_switch:
      case VertexKind::core_switch:
      case VertexKind::torus_router:
      case VertexKind::dragonfly_router:
        a.switch_power_w += v.power_w;
        a.switches_without_power += v.power_w > 0 ? 0 : 1;
        break;
      default: break;
    }
  }

  // Diameter: eccentricity of the first and last NPU over all NPUs. The generated recipes are
  // symmetric, so every NPU has the same eccentricity as one of these two.
  if (a.npus > 0) {
    for (std::size_t from : {std::size_t{0}, a.npus - 1}) {
      const auto hops = hops_from(g, topology.npu(from));
      for (std::size_t k = 0; k < a.npus; ++k) a.diameter_hops = std::max(a.diameter_hops, hops[topology.npu(k)]);
    }
  }
  a.bisection_bytes_per_s = a.npus > 1 ? max_flow_between(topology, a.npus / 2) : 0.0;
  return a;
}

}  // namespace tcsim::topology
