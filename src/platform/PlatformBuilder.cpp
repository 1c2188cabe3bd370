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

  // Every link is created in the root zone before any child zone exists: SimGrid checks a new
  // link's name against every zone below the root, so creating links inside thousands of zones
  // would cost O(links x zones). Routes may use links of any zone.
  // Switch latency is folded into the links instead of a shared "crossbar" link: a link that
  // every flow of a leaf crosses would couple all those flows in SimGrid's max-min system and make
  // each flow completion re-solve all of them. Each NIC carries half its leaf's latency, each
  // leaf uplink half a leaf and half a spine, so a path inside a leaf pays one leaf switch and a
  // path across leaves pays leaf + spine + leaf.
  std::size_t links = 0;
  std::map<TopologyGraph::VertexId, double> leaf_latency_of_npu;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    if (g[*it].kind != TopologyGraph::LinkKind::nic) continue;
    const auto a = boost::source(*it, g);
    const auto b = boost::target(*it, g);
    const auto npu = g[a].kind == TopologyGraph::VertexKind::npu ? a : b;
    leaf_latency_of_npu[npu] = g[npu == a ? b : a].switch_latency_s;
  }
  std::map<TopologyGraph::VertexId, DirectedLink> pcie, nic;
  std::map<std::pair<TopologyGraph::VertexId, TopologyGraph::VertexId>, DirectedLink> hccs;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto& e = g[*it];
    if (e.kind == TopologyGraph::LinkKind::uplink) continue;  // aggregated per leaf below
    const auto a = boost::source(*it, g);
    const auto b = boost::target(*it, g);
    // Our convention for UP: away from the NPU (pcie, nic), from the lower vertex id (hccs).
    const auto npu = g[a].kind == TopologyGraph::VertexKind::npu ? a : b;
    const double latency_s = e.latency_s + (e.kind == TopologyGraph::LinkKind::nic ? 0.5 * leaf_latency_of_npu.at(npu) : 0.0);
    Link* link = root->create_split_duplex_link(e.name, e.bandwidth_bytes_per_s)->set_latency(latency_s)->seal();
    ++links;
    if (e.kind == TopologyGraph::LinkKind::pcie) pcie[npu] = DirectedLink{link, npu};
    if (e.kind == TopologyGraph::LinkKind::nic) nic[npu] = DirectedLink{link, npu};
    if (e.kind == TopologyGraph::LinkKind::hccs) hccs[{std::min(a, b), std::max(a, b)}] = DirectedLink{link, std::min(a, b)};
  }
  std::vector<Link*> leaf_uplinks(leaves.size(), nullptr);
  for (std::size_t l = 0; l < leaves.size(); ++l) {
    const auto& leaf_vertex = g[leaves[l]];
    // A single-leaf fabric has no uplinks; its route to the (unused) spine never limits anything.
    const double uplink_bandwidth = leaf_uplink_bandwidth[l] > 0 ? leaf_uplink_bandwidth[l] : 1e15;
    leaf_uplinks[l] = root->create_split_duplex_link(leaf_vertex.name + ".uplinks", uplink_bandwidth)
                          ->set_latency(0.5 * leaf_vertex.switch_latency_s + 0.5 * spine_latency_s)
                          ->seal();
    ++links;
  }

  std::map<int, std::vector<int>> nodes_by_leaf;
  for (const auto& [n, parts] : nodes) {
    if (parts.leaf < 0) throw std::logic_error("node " + std::to_string(n) + " has no NIC to a leaf switch");
    nodes_by_leaf[parts.leaf].push_back(n);
  }
  // The fabric is built in zones detached from the root and attached to it once, at the end:
  // SimGrid checks each new host's name against every zone below the root, and sealing a zone
  // filters every host below the root, so building and sealing thousands of attached zones costs
  // O(hosts x zones). A detached zone takes the root's models directly (what set_parent would
  // copy); each zone is sealed as soon as it is complete and has its (detached) parent.
  auto detached = [root](simgrid::s4u::NetZone* zone) {
    auto* impl = zone->get_impl();
    const auto* models = root->get_impl();
    impl->set_network_model(models->get_network_model());
    impl->set_cpu_pm_model(models->get_cpu_pm_model());
    impl->set_cpu_vm_model(models->get_cpu_vm_model());
    impl->set_disk_model(models->get_disk_model());
    impl->set_host_model(models->get_host_model());
    return zone;
  };
  auto* fabric = detached(simgrid::s4u::create_star_zone("fabric"));
  int npus_per_node = 0;
  std::size_t rank = 0;
  for (const auto& [l, leaf_nodes] : nodes_by_leaf) {
    const auto& leaf_vertex = g[leaves[l]];
    auto* leaf_zone = detached(simgrid::s4u::create_star_zone(leaf_vertex.name));
    // The leaf's gateway lives in a child zone of its own: SimGrid's hierarchical routing needs
    // a zone's gateway at the level of its children, not directly in the zone.
    auto* switch_zone = detached(simgrid::s4u::create_full_zone(leaf_vertex.name + ".switch"));
    auto* leaf_gateway = switch_zone->create_router(leaf_vertex.name + ".gw");
    switch_zone->set_parent(leaf_zone);
    switch_zone->seal();
    leaf_zone->add_route(switch_zone->get_netpoint(), nullptr, leaf_gateway, nullptr, {}, true);

    for (int n : leaf_nodes) {
      const NodeParts& parts = nodes.at(n);
      npus_per_node = std::max(npus_per_node, static_cast<int>(parts.npus.size()));
      auto* node_zone = detached(simgrid::s4u::create_full_zone("n" + std::to_string(n)));
      auto* node_gateway = node_zone->create_router("n" + std::to_string(n) + ".gw");

      std::map<TopologyGraph::VertexId, simgrid::s4u::Host*> hosts;
      for (const auto& [local, v] : parts.npus) {
        hosts[v] = node_zone->create_host(g[v].name, g[v].compute_flops_per_s)->seal();
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
      node_zone->set_parent(leaf_zone);
      node_zone->seal();
      leaf_zone->add_route(node_zone->get_netpoint(), nullptr, node_gateway, nullptr, {}, true);
    }

    leaf_zone->set_parent(fabric);
    leaf_zone->seal();
    fabric->add_route(leaf_zone->get_netpoint(), nullptr, leaf_gateway, nullptr,
                      {LinkInRoute(leaf_uplinks[l], Direction::UP)}, true);
  }
  fabric->set_parent(root);
  root->seal();
  platform.npus_per_node_ = npus_per_node;
  platform.link_count_ = links;
  if (logger) logger->info("platform: {} NPUs, {} leaves, {} links", rank, nodes_by_leaf.size(), links);
  return platform;
}

}  // namespace tcsim::platform
