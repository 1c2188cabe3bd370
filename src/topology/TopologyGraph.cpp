#include "tcsim/topology/TopologyGraph.hpp"

#include <algorithm>
#include <cmath>

#include <boost/graph/connected_components.hpp>

#include "tcsim/common/InputError.hpp"

namespace tcsim::topology {

const char* TopologyGraph::kind_name(VertexKind kind) {
  switch (kind) {
    case VertexKind::npu: return "npu";
    case VertexKind::host: return "host";
    case VertexKind::node_switch: return "node switch";
    case VertexKind::leaf_switch: return "leaf switch";
    case VertexKind::spine_switch: return "spine switch";
    case VertexKind::aggregation_switch: return "aggregation switch";
    case VertexKind::core_switch: return "core switch";
    case VertexKind::torus_router: return "torus router";
    case VertexKind::dragonfly_router: return "dragonfly router";
    case VertexKind::storage_switch: return "storage switch";
    case VertexKind::storage_server: return "storage server";
    case VertexKind::object_store: return "object store";
  }
  return "?";
}

const char* TopologyGraph::kind_name(LinkKind kind) {
  switch (kind) {
    case LinkKind::peer: return "peer";
    case LinkKind::scale_up: return "scale-up";
    case LinkKind::pcie: return "pcie";
    case LinkKind::nic: return "nic";
    case LinkKind::uplink: return "uplink";
    case LinkKind::core_uplink: return "core uplink";
    case LinkKind::torus: return "torus";
    case LinkKind::local: return "local";
    case LinkKind::global: return "global";
    case LinkKind::frontend: return "frontend";
    case LinkKind::trunk: return "trunk";
    case LinkKind::storage_uplink: return "storage uplink";
  }
  return "?";
}

TopologyGraph::TopologyGraph(Graph graph) : graph_(std::move(graph)) {
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) {
    if (graph_[*it].kind == VertexKind::npu) npus_.push_back(*it);
  }
}

TopologyGraph TopologyGraph::from_spec(const TopologySpec& spec) {
  Graph g;
  const FabricSpec& fabric = spec.fabric;
  auto add_edge = [&g](VertexId a, VertexId b, LinkKind kind, std::string name, double bandwidth, double latency,
                       int parallel = 1) {
    boost::add_edge(a, b, Edge{kind, std::move(name), bandwidth, latency, parallel}, g);
  };

  std::vector<VertexId> leaves;
  const bool torus = !fabric.torus_dims.empty();
  const bool three_tiers = fabric.tiers == FabricSpec::Tiers::three;
  if (torus) {
    // One router per node; node n sits at coordinate n in mixed radix (first dimension fastest).
    for (int n = 0; n < spec.nodes; ++n) {
      leaves.push_back(boost::add_vertex(
          Vertex{VertexKind::torus_router, "router" + std::to_string(n), n, -1, fabric.switch_latency_s, 0.0}, g));
    }
    int stride = 1;
    for (std::size_t d = 0; d < fabric.torus_dims.size(); ++d) {
      const int size = fabric.torus_dims[d];
      for (int n = 0; n < spec.nodes; ++n) {
        const int coordinate = (n / stride) % size;
        // Link to the +1 neighbour (wrapping); a dimension of 2 has a single link, of 1 none.
        if (size < 2 || (size == 2 && coordinate == 1)) continue;
        const int neighbour = n + (coordinate + 1 < size ? stride : -(size - 1) * stride);
        add_edge(leaves[n], leaves[neighbour], LinkKind::torus,
                 "torus" + std::to_string(n) + "-" + std::to_string(neighbour), fabric.router_link_bandwidth_bytes_per_s,
                 fabric.router_link_latency_s);
      }
      stride *= size;
    }
  }
  const bool explicit_fabric = fabric.is_explicit();
  if (explicit_fabric) {
    for (const auto& sw : fabric.switches) {
      Vertex v{VertexKind::leaf_switch, sw.name, -1, -1, sw.latency_s, 0.0, sw.ports};
      v.power_w = sw.power_w;
      leaves.push_back(boost::add_vertex(v, g));
    }
    for (const auto& t : fabric.trunks) {
      // Parallel links between a pair of switches are one edge of their total bandwidth.
      add_edge(leaves[t.a], leaves[t.b], LinkKind::trunk, fabric.switches[t.a].name + "-" + fabric.switches[t.b].name,
               t.count * t.bandwidth_bytes_per_s, t.latency_s, t.count);
    }
  }
  const bool dragonfly = fabric.dragonfly_groups > 0;
  if (dragonfly) {
    const int groups = fabric.dragonfly_groups;
    const int per_group = fabric.routers_per_group;
    for (int r = 0; r < groups * per_group; ++r) {
      Vertex router{VertexKind::dragonfly_router, "g" + std::to_string(r / per_group) + ".router" + std::to_string(r % per_group),
                    -1, -1, fabric.switch_latency_s, 0.0};
      router.pod = r / per_group;
      leaves.push_back(boost::add_vertex(router, g));
    }
    for (int grp = 0; grp < groups; ++grp) {
      for (int a = 0; a < per_group; ++a)
        for (int b = a + 1; b < per_group; ++b)
          add_edge(leaves[grp * per_group + a], leaves[grp * per_group + b], LinkKind::local,
                   "g" + std::to_string(grp) + ".local" + std::to_string(a) + "-" + std::to_string(b),
                   fabric.router_link_bandwidth_bytes_per_s, fabric.router_link_latency_s);
    }
    // One global link per pair of groups: the k-th peer of a group (other groups in increasing
    // order) is on that group's router k / global_links_per_router.
    const auto router_for = [&fabric](int group, int peer) {
      const int k = peer < group ? peer : peer - 1;
      return group * fabric.routers_per_group + k / fabric.global_links_per_router;
    };
    for (int ga = 0; ga < groups; ++ga)
      for (int gb = ga + 1; gb < groups; ++gb)
        add_edge(leaves[router_for(ga, gb)], leaves[router_for(gb, ga)], LinkKind::global,
                 "global" + std::to_string(ga) + "-" + std::to_string(gb), fabric.global_link_bandwidth_bytes_per_s,
                 fabric.router_link_latency_s);
  }
  for (int l = 0; l < fabric.leaves && !torus && !dragonfly && !explicit_fabric; ++l) {
    Vertex leaf{VertexKind::leaf_switch, "leaf" + std::to_string(l), -1, -1, fabric.switch_latency_s, 0.0, fabric.leaf_ports};
    leaf.power_w = fabric.switch_power_w;
    leaf.pod = three_tiers ? l / fabric.leaves_per_pod : -1;
    leaves.push_back(boost::add_vertex(leaf, g));
  }
  const double port = fabric.port_bandwidth_bytes_per_s;
  if (torus || dragonfly || explicit_fabric) {
    // No generated switch tiers: routers' links, or the listed trunks, are the fabric.
  }
  // The top tier of a Clos fabric (where shared storage attaches): cores, else the aggregation
  // switches of a single pod, else the spines, else the one leaf.
  std::vector<VertexId> top_tier;
  if (torus || dragonfly || explicit_fabric) {
  } else if (!three_tiers) {
    for (int s = 0; s < fabric.spines; ++s) {
      Vertex v{VertexKind::spine_switch, "spine" + std::to_string(s), -1, -1, fabric.switch_latency_s, 0.0, fabric.spine_ports};
      v.power_w = fabric.switch_power_w;
      const VertexId spine = boost::add_vertex(v, g);
      top_tier.push_back(spine);
      for (int l = 0; l < fabric.leaves; ++l) {
        add_edge(leaves[l], spine, LinkKind::uplink, "leaf" + std::to_string(l) + "-spine" + std::to_string(s), port, 0.0);
      }
    }
  } else {
    // Pod p: aggregation switches (p, a), each linked to every leaf of the pod and to the cores of
    // core group a, which link to every pod.
    std::vector<VertexId> cores;
    for (int c = 0; c < fabric.cores; ++c) {
      Vertex v{VertexKind::core_switch, "core" + std::to_string(c), -1, -1, fabric.switch_latency_s, 0.0, fabric.core_ports};
      v.power_w = fabric.switch_power_w;
      cores.push_back(boost::add_vertex(v, g));
    }
    for (int p = 0; p < fabric.pods; ++p) {
      for (int a = 0; a < fabric.aggs_per_pod; ++a) {
        const std::string name = "pod" + std::to_string(p) + ".agg" + std::to_string(a);
        Vertex agg{VertexKind::aggregation_switch, name, -1, -1, fabric.switch_latency_s, 0.0, fabric.agg_ports};
        agg.pod = p;
        agg.power_w = fabric.switch_power_w;
        const VertexId v = boost::add_vertex(agg, g);
        if (fabric.cores == 0) top_tier.push_back(v);
        for (int l = p * fabric.leaves_per_pod; l < std::min(fabric.leaves, (p + 1) * fabric.leaves_per_pod); ++l) {
          add_edge(leaves[l], v, LinkKind::uplink, "leaf" + std::to_string(l) + "-" + name, port, 0.0);
        }
        // Uplinks spread evenly over the group's cores; parallel links are one edge of their sum.
        for (int k = 0; k < fabric.cores_per_group && !cores.empty(); ++k) {
          const int c = a * fabric.cores_per_group + k;
          const int parallel = fabric.agg_uplinks / fabric.cores_per_group + (k < fabric.agg_uplinks % fabric.cores_per_group);
          if (parallel > 0)
            add_edge(v, cores[c], LinkKind::core_uplink, name + "-core" + std::to_string(c), parallel * port, 0.0, parallel);
        }
      }
    }
    top_tier.insert(top_tier.end(), cores.begin(), cores.end());
  }
  if (!torus && !dragonfly && !explicit_fabric && top_tier.empty()) top_tier.push_back(leaves.front());

  std::vector<VertexId> hosts;
  for (int n = 0; n < spec.nodes; ++n) {
    const NodeTemplate& node = spec.node_template(n);
    const double nic_bandwidth = fabric.nic_line_rate_bytes_per_s(node.nic_bandwidth_bytes_per_s);
    const std::string prefix = "n" + std::to_string(n);
    Vertex host_vertex{VertexKind::host, prefix + ".host", n, -1, 0.0, 0.0};
    host_vertex.dram_bytes_per_s = node.host.dram_bandwidth_bytes_per_s;
    host_vertex.disk_read_bytes_per_s = node.host.nvme_drives * node.host.nvme_read_bytes_per_s;
    host_vertex.disk_write_bytes_per_s = node.host.nvme_drives * node.host.nvme_write_bytes_per_s;
    host_vertex.power_w = node.host.cpu_power_w();
    const VertexId host = boost::add_vertex(host_vertex, g);
    hosts.push_back(host);
    std::vector<VertexId> npus;
    for (int i = 0; i < node.npus_per_node; ++i) {
      const std::string name = prefix + ".npu" + std::to_string(i);
      Vertex npu{VertexKind::npu, name, n, i, 0.0, node.npu.peak_fp16_flops_per_s};
      npu.power_w = node.npu.tdp_w;
      npus.push_back(boost::add_vertex(npu, g));
      add_edge(npus.back(), host, LinkKind::pcie, name + ".pcie", node.pcie_bandwidth_bytes_per_s, node.pcie_latency_s);
      const int leaf = explicit_fabric ? fabric.nic_switch[n][i]
                       : torus         ? n
                       : dragonfly     ? n / fabric.nodes_per_router
                                       : fabric.leaf_of(n, i, node.npus_per_node);
      add_edge(npus.back(), leaves[leaf], LinkKind::nic, name + ".nic", nic_bandwidth, node.nic_latency_s);
    }
    if (node.intra == NodeTemplate::Intra::switched) {
      const VertexId in_node_switch = boost::add_vertex(Vertex{VertexKind::node_switch, prefix + ".switch", n, -1, 0.0, 0.0}, g);
      for (int i = 0; i < node.npus_per_node; ++i) {
        add_edge(npus[i], in_node_switch, LinkKind::scale_up, prefix + ".npu" + std::to_string(i) + ".scaleup",
                 node.switch_link_bandwidth_bytes_per_s, node.switch_link_latency_s);
      }
    }
    for (const auto& pair : node.peer_links) {
      // Parallel links between a pair are one edge of their total bandwidth.
      add_edge(npus[std::min(pair.a, pair.b)], npus[std::max(pair.a, pair.b)], LinkKind::peer,
               prefix + ".nvlink" + std::to_string(pair.a) + "-" + std::to_string(pair.b),
               pair.count * node.peer_link_bandwidth_bytes_per_s, node.peer_link_latency_s);
    }
    for (int i = 0; i < node.npus_per_node && node.intra == NodeTemplate::Intra::hccs_groups; ++i) {
      for (int j = i + 1; j < node.npus_per_node; ++j) {
        if (i / node.hccs_group_size != j / node.hccs_group_size) continue;
        add_edge(npus[i], npus[j], LinkKind::peer, prefix + ".hccs" + std::to_string(i) + "-" + std::to_string(j),
                 node.hccs_link_bandwidth_bytes_per_s, node.hccs_link_latency_s);
      }
    }
  }
  // Shared storage. Dedicated network: a non-blocking front-end switch joining every node's host,
  // the parallel file system's servers and the object store. Shared network: the servers and the
  // object store on a storage switch whose uplinks reach the compute fabric's top tier (or an
  // explicit fabric's named switch), enough parallel ports for the servers' total bandwidth.
  const StorageSpec& storage = spec.storage;
  const bool shared = storage.network == StorageSpec::Network::shared && storage.has_shared_tiers();
  bool dedicated = false;
  for (int n = 0; n < spec.nodes && storage.network == StorageSpec::Network::dedicated && !dedicated; ++n)
    dedicated = spec.node_template(n).host.has_frontend();
  if (shared || dedicated) {
    const VertexId storage_switch =
        boost::add_vertex(Vertex{VertexKind::storage_switch, shared ? "storage" : "frontend", -1, -1, 0.0, 0.0}, g);
    for (VertexId h : hosts) {
      const HostSpec& host = spec.node_template(g[h].node).host;
      if (dedicated && host.has_frontend()) {
        add_edge(h, storage_switch, LinkKind::frontend, g[h].name + ".frontend", host.frontend_bandwidth_bytes_per_s,
                 host.frontend_latency_s);
      }
    }
    if (shared) {
      if (explicit_fabric) top_tier = {leaves[fabric.storage_switch]};
      const double per_switch = storage.server_link_total_bytes_per_s() / static_cast<double>(top_tier.size());
      const int parallel = std::max(1, static_cast<int>(std::ceil(per_switch / port - 1e-9)));
      for (VertexId top : top_tier) {
        add_edge(storage_switch, top, LinkKind::storage_uplink, "storage-" + g[top].name, parallel * port, 0.0, parallel);
      }
    }
    for (int i = 0; i < storage.pfs_servers; ++i) {
      Vertex server{VertexKind::storage_server, "pfs" + std::to_string(i), -1, -1, 0.0, 0.0};
      server.disk_read_bytes_per_s = storage.pfs_drives_per_server * storage.pfs_drive_read_bytes_per_s;
      server.disk_write_bytes_per_s = storage.pfs_drives_per_server * storage.pfs_drive_write_bytes_per_s;
      add_edge(boost::add_vertex(server, g), storage_switch, LinkKind::frontend, "pfs" + std::to_string(i) + ".link",
               storage.pfs_server_link_bytes_per_s, storage.server_link_latency_s);
    }
    if (storage.object_link_bytes_per_s > 0) {
      Vertex object{VertexKind::object_store, "object-store", -1, -1, 0.0, 0.0};
      object.disk_read_bytes_per_s = storage.object_read_bytes_per_s;
      object.disk_write_bytes_per_s = storage.object_write_bytes_per_s;
      add_edge(boost::add_vertex(object, g), storage_switch, LinkKind::frontend, "object-store.link",
               storage.object_link_bytes_per_s, storage.object_latency_s);
    }
  }

  TopologyGraph out(std::move(g));
  out.torus_dims_ = fabric.torus_dims;
  return out;
}

std::size_t TopologyGraph::count(VertexKind kind) const {
  std::size_t n = 0;
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) n += graph_[*it].kind == kind ? 1 : 0;
  return n;
}

std::size_t TopologyGraph::count(LinkKind kind) const {
  std::size_t n = 0;
  for (auto [it, end] = boost::edges(graph_); it != end; ++it) n += graph_[*it].kind == kind ? 1 : 0;
  return n;
}

void TopologyGraph::check(const std::string& file) const {
  for (auto [it, end] = boost::edges(graph_); it != end; ++it) {
    const Edge& e = graph_[*it];
    const std::string where = std::string(kind_name(e.kind)) + " link '" + e.name + "' between '" +
                              graph_[boost::source(*it, graph_)].name + "' and '" +
                              graph_[boost::target(*it, graph_)].name + "'";
    if (!(e.bandwidth_bytes_per_s > 0)) throw InputError(file, "", where + " has non-positive bandwidth");
    if (!(e.latency_s >= 0)) throw InputError(file, "", where + " has negative latency");
  }
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) {
    if (!(graph_[*it].switch_latency_s >= 0))
      throw InputError(file, "", std::string(kind_name(graph_[*it].kind)) + " '" + graph_[*it].name + "' has negative latency");
  }
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) {
    const Vertex& v = graph_[*it];
    std::size_t used = 0;
    for (auto [eit, eend] = boost::out_edges(*it, graph_); eit != eend; ++eit) used += graph_[*eit].parallel;
    if (v.ports > 0 && used > static_cast<std::size_t>(v.ports)) {
      throw InputError(file, "", std::string(kind_name(v.kind)) + " '" + v.name + "' has " + std::to_string(used) +
                                     " links but only " + std::to_string(v.ports) + " ports");
    }
  }
  if (boost::num_vertices(graph_) == 0) throw InputError(file, "", "the topology has no components");
  std::vector<int> component(boost::num_vertices(graph_));
  const int parts = boost::connected_components(graph_, component.data());
  if (parts > 1) {
    // Name the first vertex of every part after the first so that the user can find them.
    std::string names;
    std::vector<bool> named(parts, false);
    named[component[0]] = true;
    int listed = 0;
    for (std::size_t v = 0; v < component.size() && listed < 5; ++v) {
      if (named[component[v]]) continue;
      named[component[v]] = true;
      names += (listed++ ? ", '" : "'") + graph_[v].name + "'";
    }
    throw InputError(file, "", "the topology is disconnected: " + std::to_string(parts) + " parts; '" +
                                   graph_[0].name + "' cannot reach " + names);
  }
}

}  // namespace tcsim::topology
