#include "tcsim/platform/PlatformBuilder.hpp"

#include <map>
#include <stdexcept>

#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <spdlog/spdlog.h>

#include "tcsim/platform/SimGridSession.hpp"

namespace tcsim::platform {
namespace {

using simgrid::s4u::Link;
using simgrid::s4u::LinkInRoute;
using topology::TopologyGraph;
using Direction = LinkInRoute::Direction;

// A link traversed from `from`: UP if `from` is the edge's source (the direction SimGrid's
// split-duplex link calls UP), DOWN otherwise.
struct DirectedLink {
  const Link* link = nullptr;
  TopologyGraph::VertexId source = 0;
  LinkInRoute from(TopologyGraph::VertexId v) const { return LinkInRoute(link, v == source ? Direction::UP : Direction::DOWN); }
};

// Fat-pipe link standing for a switch crossbar: it adds the switch latency once per traversal and
// never limits bandwidth (the ports do).
Link* crossbar(simgrid::s4u::NetZone* zone, const std::string& name, double latency_s) {
  return zone->create_link(name, 1e15)
      ->set_latency(latency_s)
      ->set_sharing_policy(Link::SharingPolicy::FATPIPE)
      ->seal();
}

struct NodeParts {
  std::map<int, TopologyGraph::VertexId> npus;  // by local index
  TopologyGraph::VertexId host = 0;
  int leaf = -1;
};

}  // namespace

double Platform::route_latency_s(std::size_t src_rank, std::size_t dst_rank) const {
  std::vector<Link*> links;
  double latency = 0;
  npu(src_rank)->route_to(npu(dst_rank), links, &latency);
  return latency;
}

Platform PlatformBuilder::build(const TopologyGraph& topology) {
  SimGridSession::engine();
  const auto& g = topology.graph();
  auto logger = spdlog::get("platform");

  // Group the graph into leaves, nodes and their links.
  std::map<int, NodeParts> nodes;
  std::map<TopologyGraph::VertexId, int> leaf_index;
  std::vector<TopologyGraph::VertexId> leaves;
  std::vector<double> leaf_uplink_bandwidth;
  double spine_latency_s = 0;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const auto& v = g[*it];
    if (v.kind == TopologyGraph::VertexKind::leaf_switch) {
      leaf_index[*it] = static_cast<int>(leaves.size());
      leaves.push_back(*it);
    } else if (v.kind == TopologyGraph::VertexKind::spine_switch) {
      spine_latency_s = std::max(spine_latency_s, v.switch_latency_s);
    } else if (v.kind == TopologyGraph::VertexKind::npu) {
      nodes[v.node].npus[v.local_index] = *it;
    } else {
      nodes[v.node].host = *it;
    }
  }
  leaf_uplink_bandwidth.assign(leaves.size(), 0.0);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto& e = g[*it];
    const auto a = boost::source(*it, g);
    const auto b = boost::target(*it, g);
    if (e.kind == TopologyGraph::LinkKind::uplink) {
      const auto leaf = g[a].kind == TopologyGraph::VertexKind::leaf_switch ? a : b;
      leaf_uplink_bandwidth[leaf_index.at(leaf)] += e.bandwidth_bytes_per_s;
    } else if (e.kind == TopologyGraph::LinkKind::nic) {
      const auto npu = g[a].kind == TopologyGraph::VertexKind::npu ? a : b;
      const auto leaf = npu == a ? b : a;
      nodes[g[npu].node].leaf = leaf_index.at(leaf);
    }
  }

  Platform platform;
  platform.npus_.resize(topology.npu_count());
  auto* root = simgrid::s4u::create_star_zone("cluster");
  platform.controller_ = root->create_host("controller", 1e9)->seal();
  Link* spine = crossbar(root, "spine-crossbar", spine_latency_s);
  std::size_t links = 1;

  std::map<int, std::vector<int>> nodes_by_leaf;
  for (const auto& [n, parts] : nodes) {
    if (parts.leaf < 0) throw std::logic_error("node " + std::to_string(n) + " has no NIC to a leaf switch");
    nodes_by_leaf[parts.leaf].push_back(n);
  }
  int npus_per_node = 0;
  std::size_t rank = 0;
  for (const auto& [l, leaf_nodes] : nodes_by_leaf) {
    const auto& leaf_vertex = g[leaves[l]];
    auto* leaf_zone = simgrid::s4u::create_star_zone(leaf_vertex.name);
    leaf_zone->set_parent(root);
    // The leaf's gateway lives in a child zone of its own: SimGrid's hierarchical routing needs
    // a zone's gateway at the level of its children, not directly in the zone.
    auto* switch_zone = simgrid::s4u::create_full_zone(leaf_vertex.name + ".switch");
    switch_zone->set_parent(leaf_zone);
    auto* leaf_gateway = switch_zone->create_router(leaf_vertex.name + ".gw");
    switch_zone->seal();
    leaf_zone->add_route(switch_zone->get_netpoint(), nullptr, leaf_gateway, nullptr, {}, true);
    Link* leaf_crossbar = crossbar(leaf_zone, leaf_vertex.name + ".crossbar", leaf_vertex.switch_latency_s);
    ++links;

    for (int n : leaf_nodes) {
      const NodeParts& parts = nodes.at(n);
      npus_per_node = std::max(npus_per_node, static_cast<int>(parts.npus.size()));
      auto* node_zone = simgrid::s4u::create_full_zone("n" + std::to_string(n));
      node_zone->set_parent(leaf_zone);
      auto* node_gateway = node_zone->create_router("n" + std::to_string(n) + ".gw");

      std::map<TopologyGraph::VertexId, simgrid::s4u::Host*> hosts;
      for (const auto& [local, v] : parts.npus) {
        hosts[v] = node_zone->create_host(g[v].name, g[v].compute_flops_per_s)->seal();
      }
      // Links of this node, keyed by the NPU (pcie, nic) or the ordered NPU pair (hccs). Our
      // convention for UP: away from the NPU (pcie, nic), from the lower vertex id (hccs).
      std::map<TopologyGraph::VertexId, DirectedLink> pcie, nic;
      std::map<std::pair<TopologyGraph::VertexId, TopologyGraph::VertexId>, DirectedLink> hccs;
      for (const auto& [local, v] : parts.npus) {
        for (auto [eit, eend] = boost::out_edges(v, g); eit != eend; ++eit) {
          const auto& e = g[*eit];
          const auto other = boost::target(*eit, g) == v ? boost::source(*eit, g) : boost::target(*eit, g);
          if (e.kind == TopologyGraph::LinkKind::hccs && other < v) continue;  // each pair once
          Link* link = node_zone->create_split_duplex_link(e.name, e.bandwidth_bytes_per_s)->set_latency(e.latency_s)->seal();
          ++links;
          if (e.kind == TopologyGraph::LinkKind::pcie) pcie[v] = DirectedLink{link, v};
          if (e.kind == TopologyGraph::LinkKind::nic) nic[v] = DirectedLink{link, v};
          if (e.kind == TopologyGraph::LinkKind::hccs) hccs[{v, other}] = DirectedLink{link, v};
        }
      }
      for (const auto& [li, a] : parts.npus) {
        auto* pa = hosts.at(a)->get_netpoint();
        node_zone->add_route(pa, node_gateway, nullptr, nullptr, {nic.at(a).from(a)}, false);
        node_zone->add_route(node_gateway, pa, nullptr, nullptr, {LinkInRoute(nic.at(a).link, Direction::DOWN)}, false);
        for (const auto& [lj, b] : parts.npus) {
          if (a == b) continue;
          auto* pb = hosts.at(b)->get_netpoint();
          auto direct = hccs.find({std::min(a, b), std::max(a, b)});
          if (direct != hccs.end()) {
            node_zone->add_route(pa, pb, nullptr, nullptr, {direct->second.from(a)}, false);
          } else {
            // Different HCCS groups: NPU -> PCIe -> host -> PCIe -> NPU.
            node_zone->add_route(pa, pb, nullptr, nullptr,
                                 {pcie.at(a).from(a), LinkInRoute(pcie.at(b).link, Direction::DOWN)}, false);
          }
        }
        platform.npus_[rank++] = hosts.at(a);
      }
      node_zone->seal();
      leaf_zone->add_route(node_zone->get_netpoint(), nullptr, node_gateway, nullptr, {LinkInRoute(leaf_crossbar)}, true);
    }
    leaf_zone->seal();

    Link* uplink = root->create_split_duplex_link(leaf_vertex.name + ".uplinks", leaf_uplink_bandwidth[l] > 0 ? leaf_uplink_bandwidth[l] : 1e15)
                       ->set_latency(0)
                       ->seal();
    ++links;
    root->add_route(leaf_zone->get_netpoint(), nullptr, leaf_gateway, nullptr,
                    {LinkInRoute(uplink, Direction::UP), LinkInRoute(spine)}, true);
  }
  root->seal();
  platform.npus_per_node_ = npus_per_node;
  platform.link_count_ = links;
  if (logger) logger->info("platform: {} NPUs, {} leaves, {} links", rank, nodes_by_leaf.size(), links);
  return platform;
}

}  // namespace tcsim::platform
