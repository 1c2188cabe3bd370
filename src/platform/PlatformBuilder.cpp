#include "tcsim/platform/PlatformBuilder.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>

#include <simgrid/s4u/Disk.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "FabricRouter.hpp"
#include "FabricZone.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/platform/SimGridSession.hpp"

namespace tcsim::platform {
namespace {

using simgrid::s4u::Link;
using topology::TopologyGraph;
using VertexKind = TopologyGraph::VertexKind;
using LinkKind = TopologyGraph::LinkKind;

TopologyGraph::VertexId other_end(const TopologyGraph::Graph& g, TopologyGraph::Graph::edge_descriptor e,
                                  TopologyGraph::VertexId v) {
  return boost::source(e, g) == v ? boost::target(e, g) : boost::source(e, g);
}

}  // namespace

double Platform::route(std::size_t src_rank, std::size_t dst_rank, std::vector<Link*>& links) const {
  double latency = 0;
  npu(src_rank)->route_to(npu(dst_rank), links, &latency);
  return latency;
}

double Platform::route_latency_s(std::size_t src_rank, std::size_t dst_rank) const {
  std::vector<Link*> links;
  return route(src_rank, dst_rank, links);
}

double Platform::route_bandwidth_bytes_per_s(std::size_t src_rank, std::size_t dst_rank) const {
  std::vector<Link*> links;
  route(src_rank, dst_rank, links);
  double slowest = std::numeric_limits<double>::infinity();
  for (const Link* link : links) slowest = std::min(slowest, link->get_bandwidth());
  return slowest;
}

namespace {
/** Both directions of a split-duplex link (SimGrid names them NAME_UP and NAME_DOWN). */
std::pair<Link*, Link*> directions(const std::string& name) {
  Link* up = Link::by_name_or_null(name + "_UP");
  Link* down = Link::by_name_or_null(name + "_DOWN");
  if (up == nullptr || down == nullptr) throw std::out_of_range("no platform link '" + name + "'");
  return {up, down};
}
}  // namespace

double Platform::link_bandwidth(const std::string& name) { return directions(name).first->get_bandwidth(); }

void Platform::set_link_bandwidth(const std::string& name, double bytes_per_s) {
  const auto [up, down] = directions(name);
  up->set_bandwidth(bytes_per_s);
  down->set_bandwidth(bytes_per_s);
}

Platform PlatformBuilder::build(const TopologyGraph& topology) {
  SimGridSession::engine();
  const auto& g = topology.graph();

  // Leaves in vertex order with their pods, and the latency of the upper tiers.
  std::map<TopologyGraph::VertexId, int> leaf_index;
  double upper_latency_s = 0;  // spine (two tiers) or aggregation (three tiers) switch
  double core_latency_s = 0;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const auto& v = g[*it];
    // The switch an NPU's NIC plugs into: a leaf, or its node's torus or dragonfly router.
    if (v.kind == VertexKind::leaf_switch || v.kind == VertexKind::torus_router || v.kind == VertexKind::dragonfly_router)
      leaf_index.emplace(*it, static_cast<int>(leaf_index.size()));
    if (v.kind == VertexKind::spine_switch || v.kind == VertexKind::aggregation_switch)
      upper_latency_s = std::max(upper_latency_s, v.switch_latency_s);
    if (v.kind == VertexKind::core_switch) core_latency_s = std::max(core_latency_s, v.switch_latency_s);
  }

  auto router = std::make_shared<FabricRouter>();
  auto* zone_impl = new FabricZone("cluster", router);  // the first zone: SimGrid's root
  simgrid::s4u::NetZone* zone = zone_impl->get_iface();

  Platform platform;
  platform.controller_ = zone->create_host("controller", 1e9)->seal();
  std::size_t links = 0;

  // One split-duplex link per graph edge, except the uplinks: a leaf's uplinks to all spines (or
  // to its pod's aggregation switches) are one aggregated link, and so are a pod's uplinks to the
  // cores: ideal ECMP. Switch latency is folded into link latencies, half a switch on each side
  // of a link, so that a path pays each switch it crosses once.
  std::map<int, double> uplink_bandwidth;
  std::map<int, double> pod_uplink_bandwidth;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto& e = g[*it];
    const auto a = boost::source(*it, g);
    const auto b = boost::target(*it, g);
    if (e.kind == LinkKind::uplink) {
      const auto leaf = g[a].kind == VertexKind::leaf_switch ? a : b;
      uplink_bandwidth[leaf_index.at(leaf)] += e.bandwidth_bytes_per_s;
    } else if (e.kind == LinkKind::core_uplink) {
      const auto agg = g[a].kind == VertexKind::aggregation_switch ? a : b;
      pod_uplink_bandwidth[g[agg].pod] += e.bandwidth_bytes_per_s;
    }
  }
  // Direct networks (torus, dragonfly): routers and the links between them.
  bool dragonfly = false;
  std::vector<TopologyGraph::VertexId> routers(leaf_index.size());
  std::vector<int> groups(leaf_index.size());
  for (const auto& [vertex, l] : leaf_index) {
    routers[l] = vertex;
    groups[l] = g[vertex].pod;
    dragonfly = dragonfly || g[vertex].kind == VertexKind::dragonfly_router;
  }
  if (!topology.torus_dims().empty()) router->set_torus(topology.torus_dims(), routers);  // router l: node l
  if (dragonfly) router->set_dragonfly(groups, routers);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto& e = g[*it];
    if (e.kind != LinkKind::torus && e.kind != LinkKind::local && e.kind != LinkKind::global) continue;
    const auto a = boost::source(*it, g);
    const auto b = boost::target(*it, g);
    // Half a router on each end: a hop pays the link and the router it enters.
    const double latency_s = e.latency_s + 0.5 * g[a].switch_latency_s + 0.5 * g[b].switch_latency_s;
    Link* link = zone->create_split_duplex_link(e.name, e.bandwidth_bytes_per_s)->set_latency(latency_s)->seal();
    const DirectedLink directed{link, a};
    if (e.kind == LinkKind::torus) router->add_torus_link(leaf_index.at(a), leaf_index.at(b), directed);
    else if (e.kind == LinkKind::local) router->add_local_link(leaf_index.at(a), leaf_index.at(b), directed);
    else router->add_global_link(g[a].pod, g[b].pod, leaf_index.at(a), leaf_index.at(b), directed);
    ++links;
  }
  // Explicit fabrics: trunk links and, for every destination switch, a breadth-first search that
  // gives each switch its next hop on a shortest path (ties go to the lower switch index, so
  // routes are deterministic).
  bool explicit_fabric = false;
  for (auto [it, end] = boost::edges(g); it != end && !explicit_fabric; ++it) explicit_fabric = g[*it].kind == LinkKind::trunk;
  if (explicit_fabric) {
    const std::size_t count = leaf_index.size();
    std::vector<std::vector<int>> neighbours(count);
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
      const auto& e = g[*it];
      if (e.kind != LinkKind::trunk) continue;
      const auto a = boost::source(*it, g);
      const auto b = boost::target(*it, g);
      const double latency_s = e.latency_s + 0.5 * g[a].switch_latency_s + 0.5 * g[b].switch_latency_s;
      Link* link = zone->create_split_duplex_link(e.name, e.bandwidth_bytes_per_s)->set_latency(latency_s)->seal();
      router->add_trunk(leaf_index.at(a), leaf_index.at(b), DirectedLink{link, a});
      neighbours[leaf_index.at(a)].push_back(leaf_index.at(b));
      neighbours[leaf_index.at(b)].push_back(leaf_index.at(a));
      ++links;
    }
    for (auto& n : neighbours) std::sort(n.begin(), n.end());
    std::vector<std::vector<int>> next_hop(count, std::vector<int>(count, -1));
    for (std::size_t to = 0; to < count; ++to) {
      std::vector<int> queue{static_cast<int>(to)};
      next_hop[to][to] = static_cast<int>(to);
      for (std::size_t head = 0; head < queue.size(); ++head) {
        for (int from : neighbours[queue[head]]) {
          if (next_hop[from][to] >= 0) continue;
          next_hop[from][to] = queue[head];  // one step closer to `to`
          queue.push_back(from);
        }
      }
    }
    router->set_explicit(std::move(next_hop), routers);
  }
  // Clos leaves' aggregated uplinks (explicit fabrics, tori and dragonflies have none: their
  // trunks or router links are the fabric).
  for (const auto& [vertex, l] : leaf_index) {
    if (explicit_fabric || g[vertex].kind != VertexKind::leaf_switch) continue;
    // A single-leaf (or single-pod) fabric has no uplinks; no route uses these links then.
    const double bandwidth = uplink_bandwidth.count(l) ? uplink_bandwidth.at(l) : 1e15;
    Link* uplinks = zone->create_split_duplex_link(TopologyGraph::uplink_bundle_name(g[vertex].name), bandwidth)
                        ->set_latency(0.5 * g[vertex].switch_latency_s + 0.5 * upper_latency_s)
                        ->seal();
    router->set_leaf_uplink(l, std::max(0, g[vertex].pod), uplinks);
    ++links;
  }
  for (const auto& [pod, bandwidth] : pod_uplink_bandwidth) {
    Link* uplinks = zone->create_split_duplex_link(TopologyGraph::pod_uplink_bundle_name(pod), bandwidth)
                        ->set_latency(0.5 * upper_latency_s + 0.5 * core_latency_s)
                        ->seal();
    router->set_pod_uplink(pod, uplinks);
    ++links;
  }

  // Shared storage: the storage switch's uplinks into the fabric, aggregated like a leaf's.
  double storage_uplink_bandwidth = 0;
  TopologyGraph::VertexId storage_switch = 0;
  FabricRouter::StorageLevel storage_level = FabricRouter::StorageLevel::none;
  int storage_leaf = -1;
  double top_latency_s = 0;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    if (g[*it].kind != LinkKind::storage_uplink) continue;
    const auto a = boost::source(*it, g);
    storage_switch = g[a].kind == VertexKind::storage_switch ? a : boost::target(*it, g);
    const auto top = other_end(g, *it, storage_switch);
    storage_uplink_bandwidth += g[*it].bandwidth_bytes_per_s;
    top_latency_s = std::max(top_latency_s, g[top].switch_latency_s);
    switch (g[top].kind) {
      case VertexKind::core_switch: storage_level = FabricRouter::StorageLevel::core; break;
      case VertexKind::leaf_switch:
        storage_level = FabricRouter::StorageLevel::leaf;
        storage_leaf = leaf_index.at(top);
        break;
      default: storage_level = FabricRouter::StorageLevel::pod; break;
    }
  }
  if (storage_level != FabricRouter::StorageLevel::none) {
    Link* uplinks = zone->create_split_duplex_link("storage.uplinks", storage_uplink_bandwidth)
                        ->set_latency(0.5 * top_latency_s)
                        ->seal();
    router->set_shared_storage(storage_level, storage_leaf, DirectedLink{uplinks, storage_switch});
    ++links;
  }

  platform.npus_.reserve(topology.npu_count());
  for (std::size_t rank = 0; rank < topology.npu_count(); ++rank) {
    const auto v = topology.npu(rank);
    FabricRouter::Npu npu;
    npu.vertex = v;
    npu.node = g[v].node;
    for (auto [eit, eend] = boost::out_edges(v, g); eit != eend; ++eit) {
      const auto& e = g[*eit];
      const auto peer = other_end(g, *eit, v);
      double latency_s = e.latency_s;
      if (e.kind == LinkKind::nic) latency_s += 0.5 * g[peer].switch_latency_s;
      if (e.kind == LinkKind::peer && peer < v) continue;  // created from the lower vertex
      Link* link = zone->create_split_duplex_link(e.name, e.bandwidth_bytes_per_s)->set_latency(latency_s)->seal();
      ++links;
      // UP leaves the NPU (pcie, nic, scale-up) or the lower vertex of an NPU pair (peer).
      const DirectedLink directed{link, v};
      if (e.kind == LinkKind::nic) {
        npu.nic = directed;
        npu.leaf = leaf_index.at(peer);
      } else if (e.kind == LinkKind::pcie) {
        npu.pcie = directed;
      } else if (e.kind == LinkKind::scale_up) {
        npu.scale_up = directed;
      } else if (e.kind == LinkKind::peer) {
        router->add_peer_link(v, peer, directed);
      }
    }
    if (npu.leaf < 0) throw std::logic_error("NPU '" + g[v].name + "' has no NIC into the fabric");
    router->add_npu(npu);
    simgrid::s4u::Host* host = zone->create_host(g[v].name, g[v].compute_flops_per_s)->seal();
    zone_impl->set_endpoint(host->get_netpoint()->id(), {FabricRouter::Endpoint::Kind::npu, rank});
    platform.npus_.push_back(host);
  }

  // Storage: every node's host (with its DRAM and NVMe as disks), the storage servers and the
  // object store, reachable through the storage front-end network, or the compute fabric when
  // storage shares it.
  const auto frontend_of = [&g, zone, &links](TopologyGraph::VertexId v) {
    for (auto [eit, eend] = boost::out_edges(v, g); eit != eend; ++eit) {
      const auto& e = g[*eit];
      if (e.kind != LinkKind::frontend) continue;
      ++links;
      return DirectedLink{zone->create_split_duplex_link(e.name, e.bandwidth_bytes_per_s)->set_latency(e.latency_s)->seal(), v};
    }
    return DirectedLink{};
  };
  std::map<int, TopologyGraph::VertexId> host_of_node;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    if (g[*it].kind == VertexKind::host) host_of_node[g[*it].node] = *it;
  }
  for (const auto& [n, v] : host_of_node) {
    simgrid::s4u::Host* host = zone->create_host(g[v].name, 1e9)->seal();
    zone_impl->set_endpoint(host->get_netpoint()->id(), {FabricRouter::Endpoint::Kind::host, platform.node_hosts_.size()});
    router->add_host({v, frontend_of(v)});
    platform.node_hosts_.push_back(host);
    platform.dram_.push_back(g[v].dram_bytes_per_s > 0
                                 ? host->create_disk(g[v].name + ".dram", g[v].dram_bytes_per_s, g[v].dram_bytes_per_s)->seal()
                                 : nullptr);
    platform.nvme_.push_back(g[v].disk_read_bytes_per_s > 0
                                 ? host->create_disk(g[v].name + ".nvme", g[v].disk_read_bytes_per_s, g[v].disk_write_bytes_per_s)->seal()
                                 : nullptr);
  }
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const auto& v = g[*it];
    if (v.kind != VertexKind::storage_server && v.kind != VertexKind::object_store) continue;
    simgrid::s4u::Host* host = zone->create_host(v.name, 1e9)->seal();
    host->create_disk(v.name + ".disk", v.disk_read_bytes_per_s, v.disk_write_bytes_per_s)->seal();
    const std::size_t index = router->add_storage({*it, frontend_of(*it)});
    zone_impl->set_endpoint(host->get_netpoint()->id(), {FabricRouter::Endpoint::Kind::storage, index});
    if (v.kind == VertexKind::storage_server) platform.storage_servers_.push_back(host);
    else platform.object_store_ = host;
  }
  zone->seal();

  platform.link_count_ = links;
  logger("platform")->info("platform: {} NPUs, {} leaves, {} links", platform.npus_.size(), leaf_index.size(), links);
  return platform;
}

}  // namespace tcsim::platform
