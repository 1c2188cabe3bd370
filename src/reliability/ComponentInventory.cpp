#include "tcsim/reliability/ComponentInventory.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "tcsim/common/NearestKey.hpp"

namespace tcsim::reliability {
namespace {

using topology::ComponentClass;
using topology::TopologyGraph;
using VertexKind = TopologyGraph::VertexKind;
using LinkKind = TopologyGraph::LinkKind;

bool is_cable(LinkKind kind) {
  switch (kind) {
    case LinkKind::nic:
    case LinkKind::uplink:
    case LinkKind::core_uplink:
    case LinkKind::torus:
    case LinkKind::local:
    case LinkKind::global:
    case LinkKind::trunk: return true;
    default: return false;
  }
}

TopologyGraph::VertexId other_end(const TopologyGraph::Graph& g, TopologyGraph::Graph::edge_descriptor e, TopologyGraph::VertexId v) {
  return boost::source(e, g) == v ? boost::target(e, g) : boost::source(e, g);
}

}  // namespace

ComponentInventory::ComponentInventory(const TopologyGraph& graph, const topology::TopologySpec& spec, int job_npus)
    : graph_(graph), spec_(spec), job_npus_(job_npus) {
  const auto& g = graph.graph();
  // Servers: node n holds node_template(n).servers of them, each with consecutive NPUs.
  int npu = 0;
  for (int n = 0; n < spec.nodes; ++n) {
    const auto& node = spec.node_template(n);
    node_first_server_.push_back(static_cast<int>(server_node_.size()));
    for (int s = 0; s < node.servers; ++s) {
      server_node_.push_back(n);
      server_first_npu_.push_back(npu);
      server_npus_.push_back(node.npus_per_server());
      npu += node.npus_per_server();
    }
  }
  job_servers_ = job_npus > 0 ? server_of_npu(job_npus - 1) + 1 : 0;

  hosts_.resize(spec.nodes);
  std::map<TopologyGraph::VertexId, int> leaf_index;
  bool explicit_fabric = false;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const auto& v = g[*it];
    switch (v.kind) {
      case VertexKind::host: hosts_.at(v.node) = *it; break;
      case VertexKind::leaf_switch:
      case VertexKind::torus_router:
      case VertexKind::dragonfly_router:
        leaf_index.emplace(*it, static_cast<int>(leaves_.size()));
        leaves_.push_back(*it);
        break;
      case VertexKind::spine_switch:
      case VertexKind::aggregation_switch: middles_.push_back(*it); break;
      case VertexKind::core_switch: cores_.push_back(*it); break;
      case VertexKind::storage_server: storage_servers_.push_back(*it); break;
      case VertexKind::node_switch: {
        const int planes = spec.node_template(v.node).switch_planes;
        for (int p = 0; p < planes; ++p) planes_.emplace_back(v.node, p);
        break;
      }
      default: break;
    }
  }
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto& e = g[*it];
    explicit_fabric = explicit_fabric || e.kind == LinkKind::trunk;
    if (!is_cable(e.kind)) continue;
    cables_.push_back({*it, cable_count_});
    cable_count_ += static_cast<std::size_t>(std::max(1, e.parallel));
  }
  clos_ = !explicit_fabric && !leaves_.empty() && g[leaves_.front()].kind == VertexKind::leaf_switch;

  // Where each NPU plugs in, and which leaves, pods and nodes the job spans.
  leaf_of_npu_.assign(graph.npu_count(), -1);
  for (std::size_t r = 0; r < graph.npu_count(); ++r) {
    for (auto [eit, eend] = boost::out_edges(graph.npu(r), g); eit != eend; ++eit) {
      if (g[*eit].kind == LinkKind::nic) leaf_of_npu_[r] = leaf_index.at(other_end(g, *eit, graph.npu(r)));
    }
  }
  servers_of_leaf_.resize(leaves_.size());
  for (std::size_t r = 0; r < leaf_of_npu_.size(); ++r) {
    auto& servers = servers_of_leaf_[leaf_of_npu_[r]];
    const int s = server_of_npu(static_cast<int>(r));
    if (servers.empty() || servers.back() != s) servers.push_back(s);
  }
  int pods = 0;
  for (auto v : leaves_) pods = std::max(pods, g[v].pod + 1);
  leaf_in_job_.assign(leaves_.size(), false);
  pod_in_job_.assign(static_cast<std::size_t>(pods), false);
  std::set<int> job_leaves, job_pods, job_nodes;
  for (int r = 0; r < job_npus; ++r) {
    const int l = leaf_of_npu_[r];
    leaf_in_job_[l] = true;
    job_leaves.insert(l);
    if (g[leaves_[l]].pod >= 0) {
      pod_in_job_[g[leaves_[l]].pod] = true;
      job_pods.insert(g[leaves_[l]].pod);
    }
    job_nodes.insert(g[graph.npu(r)].node);
  }
  job_multi_leaf_ = job_leaves.size() > 1;
  job_multi_pod_ = job_pods.size() > 1;
  job_multi_node_ = job_nodes.size() > 1;

  // Healthy bundles, as platform::PlatformBuilder aggregates them.
  leaf_uplink_bytes_per_s_.assign(leaves_.size(), 0.0);
  pod_uplink_bytes_per_s_.assign(static_cast<std::size_t>(pods), 0.0);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto& e = g[*it];
    const auto a = boost::source(*it, g);
    const auto b = boost::target(*it, g);
    if (e.kind == LinkKind::uplink) {
      leaf_uplink_bytes_per_s_[leaf_index.at(g[a].kind == VertexKind::leaf_switch ? a : b)] += e.bandwidth_bytes_per_s;
    } else if (e.kind == LinkKind::core_uplink) {
      pod_uplink_bytes_per_s_[g[g[a].kind == VertexKind::aggregation_switch ? a : b].pod] += e.bandwidth_bytes_per_s;
    }
  }
}

int ComponentInventory::server_of_npu(int npu) const {
  const auto& v = graph_.graph()[graph_.npu(static_cast<std::size_t>(npu))];
  return node_first_server_.at(v.node) + v.local_index / spec_.node_template(v.node).npus_per_server();
}

std::size_t ComponentInventory::count(ComponentClass c) const {
  switch (c) {
    case ComponentClass::npu:
    case ComponentClass::hbm:
    case ComponentClass::nic: return graph_.npu_count();
    case ComponentClass::software: return static_cast<std::size_t>(job_npus_);
    case ComponentClass::host: return server_node_.size();
    case ComponentClass::link: return cable_count_;
    case ComponentClass::leaf_switch: return leaves_.size();
    case ComponentClass::spine_switch: return middles_.size();
    case ComponentClass::core_switch: return cores_.size();
    case ComponentClass::scale_up_switch: return planes_.size();
    case ComponentClass::storage_server: return storage_servers_.size();
  }
  return 0;
}

std::string ComponentInventory::name(ComponentClass c, std::size_t index) const {
  const auto& g = graph_.graph();
  switch (c) {
    case ComponentClass::npu: return g[graph_.npu(index)].name;
    case ComponentClass::hbm: return g[graph_.npu(index)].name + ".hbm";
    case ComponentClass::nic: return g[graph_.npu(index)].name + ".nic";
    case ComponentClass::software: return g[graph_.npu(index)].name + ".process";
    case ComponentClass::host: {
      const int node = server_node_.at(index);
      if (spec_.node_template(node).servers == 1) return g[hosts_.at(node)].name;
      return "n" + std::to_string(node) + ".server" + std::to_string(static_cast<int>(index) - node_first_server_[node]);
    }
    case ComponentClass::link: {
      auto it = std::upper_bound(cables_.begin(), cables_.end(), index,
                                 [](std::size_t i, const Cable& cable) { return i < cable.first_index; });
      const Cable& cable = *std::prev(it);
      const auto& e = g[cable.edge];
      // A NIC's cable is named apart from the NIC (the edge carries the NIC's name).
      if (e.kind == LinkKind::nic) return e.name.substr(0, e.name.size() - 4) + ".cable";
      if (e.parallel <= 1) return e.name;
      return e.name + "#" + std::to_string(index - cable.first_index);
    }
    case ComponentClass::leaf_switch: return g[leaves_.at(index)].name;
    case ComponentClass::spine_switch: return g[middles_.at(index)].name;
    case ComponentClass::core_switch: return g[cores_.at(index)].name;
    case ComponentClass::scale_up_switch: {
      const auto [node, plane] = planes_.at(index);
      const std::string sw = "n" + std::to_string(node) + ".switch";
      return spec_.node_template(node).switch_planes == 1 ? sw : sw + ".plane" + std::to_string(plane);
    }
    case ComponentClass::storage_server: return g[storage_servers_.at(index)].name;
  }
  return "?";
}

std::optional<ComponentInventory::Component> ComponentInventory::find(const std::string& wanted) const {
  if (by_name_.empty()) {
    for (ComponentClass c : topology::component_classes())
      for (std::size_t i = 0; i < count(c); ++i) by_name_.emplace(name(c, i), Component{c, i});
  }
  const auto it = by_name_.find(wanted);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::string ComponentInventory::suggest(const std::string& wanted) const {
  std::vector<std::string> names;
  for (ComponentClass c : topology::component_classes())
    for (std::size_t i = 0; i < count(c); ++i) names.push_back(name(c, i));
  // A close name, if there is one (a few at most); otherwise how each class is named, not the
  // thousands of names a cluster has.
  const auto best = nearest_keys(wanted, names);
  if (!best.empty() && edit_distance(wanted, best.front()) <= std::max<std::size_t>(2, wanted.size() / 3)) {
    std::string text = "did you mean ";
    for (std::size_t i = 0; i < best.size() && i < 5; ++i) text += (i ? " or '" : "'") + best[i] + "'";
    return text + (best.size() > 5 ? " (or " + std::to_string(best.size() - 5) + " more)?" : "?");
  }
  std::string text = "components are named like";
  bool first = true;
  for (ComponentClass c : topology::component_classes()) {
    if (count(c) == 0) continue;
    text += std::string(first ? " " : ", ") + "'" + name(c, 0) + "' (" + topology::name_of(c) + ")";
    first = false;
  }
  return text;
}

LinkLoss ComponentInventory::bundle_loss(TopologyGraph::VertexId leaf, double lost) const {
  const auto index = static_cast<std::size_t>(std::find(leaves_.begin(), leaves_.end(), leaf) - leaves_.begin());
  return {TopologyGraph::uplink_bundle_name(graph_.graph()[leaf].name), "leaf uplinks", leaf_uplink_bytes_per_s_.at(index),
          lost, job_multi_leaf_ && leaf_in_job_[index]};
}

LinkLoss ComponentInventory::pod_loss(int pod, double lost) const {
  return {TopologyGraph::pod_uplink_bundle_name(pod), "pod uplinks", pod_uplink_bytes_per_s_.at(pod), lost,
          job_multi_pod_ && pod_in_job_.at(pod)};
}

FailureEffect ComponentInventory::effect(ComponentClass c, std::size_t index) const {
  const auto& g = graph_.graph();
  FailureEffect out;
  switch (c) {
    case ComponentClass::npu:
    case ComponentClass::hbm: out.servers.push_back(server_of_npu(static_cast<int>(index))); break;
    case ComponentClass::nic:
      // Off the scale-out fabric matters only to a job that uses it (one spanning nodes).
      if (job_multi_node_) out.servers.push_back(server_of_npu(static_cast<int>(index)));
      break;
    case ComponentClass::software: out.restarts_processes = true; break;
    case ComponentClass::host: out.servers.push_back(static_cast<int>(index)); break;
    case ComponentClass::storage_server: out.storage_server = static_cast<int>(index); break;
    case ComponentClass::leaf_switch:
      // Every server with a NIC on it loses the fabric (with rails: one NIC of each node of the unit).
      if (job_multi_node_) out.servers = servers_of_leaf_.at(index);
      break;
    case ComponentClass::spine_switch:
    case ComponentClass::core_switch: {
      const auto v = c == ComponentClass::spine_switch ? middles_.at(index) : cores_.at(index);
      for (auto [eit, eend] = boost::out_edges(v, g); eit != eend; ++eit) {
        const auto& e = g[*eit];
        const auto peer = other_end(g, *eit, v);
        if (e.kind == LinkKind::uplink) out.link_losses.push_back(bundle_loss(peer, e.bandwidth_bytes_per_s));
        if (e.kind == LinkKind::core_uplink) {
          const int pod = g[g[v].kind == VertexKind::aggregation_switch ? v : peer].pod;
          out.link_losses.push_back(pod_loss(pod, e.bandwidth_bytes_per_s));
        }
      }
      break;
    }
    case ComponentClass::scale_up_switch: {
      const auto [node, plane] = planes_.at(index);
      const auto& tmpl = spec_.node_template(node);
      const int first = server_first_npu_.at(node_first_server_.at(node));
      if (tmpl.switch_planes == 1) {
        for (int s = 0; s < tmpl.servers; ++s) out.servers.push_back(node_first_server_[node] + s);
        break;
      }
      int job_npus_here = 0;
      for (int r = first; r < first + tmpl.npus_per_node; ++r) job_npus_here += r < job_npus_ ? 1 : 0;
      for (int r = first; r < first + tmpl.npus_per_node; ++r) {
        for (auto [eit, eend] = boost::out_edges(graph_.npu(r), g); eit != eend; ++eit) {
          const auto& e = g[*eit];
          if (e.kind != LinkKind::scale_up) continue;
          out.link_losses.push_back({e.name, "scale-up", e.bandwidth_bytes_per_s, e.bandwidth_bytes_per_s / tmpl.switch_planes,
                                     r < job_npus_ && job_npus_here > 1});
        }
      }
      (void)plane;
      break;
    }
    case ComponentClass::link: {
      auto it = std::upper_bound(cables_.begin(), cables_.end(), index,
                                 [](std::size_t i, const Cable& cable) { return i < cable.first_index; });
      const auto edge = std::prev(it)->edge;
      const auto& e = g[edge];
      const auto a = boost::source(edge, g);
      const auto b = boost::target(edge, g);
      const double one = e.bandwidth_bytes_per_s / std::max(1, e.parallel);
      switch (e.kind) {
        case LinkKind::nic: {
          const auto& npu_vertex = g[g[a].kind == VertexKind::npu ? a : b];
          const int node_first_npu = server_first_npu_.at(node_first_server_.at(npu_vertex.node));
          if (job_multi_node_) out.servers.push_back(server_of_npu(node_first_npu + npu_vertex.local_index));
          break;
        }
        case LinkKind::uplink: out.link_losses.push_back(bundle_loss(g[a].kind == VertexKind::leaf_switch ? a : b, one)); break;
        case LinkKind::core_uplink:
          out.link_losses.push_back(pod_loss(g[g[a].kind == VertexKind::aggregation_switch ? a : b].pod, one));
          break;
        default:
          // Router links and trunks are their own platform links; tcsim does not reroute around
          // one that is cut entirely, so the job waits for its repair (reliability.md).
          out.link_losses.push_back({e.name, e.kind == LinkKind::trunk ? "trunks" : "router links", e.bandwidth_bytes_per_s, one,
                                     job_multi_node_});
          break;
      }
      break;
    }
  }
  return out;
}

bool ComponentInventory::interrupts_job(ComponentClass c, std::size_t index) const {
  const FailureEffect e = effect(c, index);
  if (e.restarts_processes) return true;
  for (int s : e.servers)
    if (s < job_servers_) return true;
  for (const auto& loss : e.link_losses)
    if (loss.used_by_job && loss.lost_bytes_per_s >= loss.healthy_bytes_per_s * (1 - 1e-9)) return true;
  return false;
}

std::vector<std::string> ComponentInventory::job_links(const std::string& kind) const {
  const auto& g = graph_.graph();
  std::vector<std::string> out;
  if (kind == "leaf uplinks") {
    for (std::size_t l = 0; l < leaves_.size(); ++l)
      if (clos_ && job_multi_leaf_ && leaf_in_job_[l]) out.push_back(TopologyGraph::uplink_bundle_name(g[leaves_[l]].name));
  } else if (kind == "pod uplinks") {
    for (std::size_t p = 0; p < pod_in_job_.size(); ++p)
      if (job_multi_pod_ && pod_in_job_[p]) out.push_back(TopologyGraph::pod_uplink_bundle_name(static_cast<int>(p)));
  } else if (kind == "scale-up") {
    for (int r = 0; r < job_npus_; ++r) {
      for (auto [eit, eend] = boost::out_edges(graph_.npu(r), g); eit != eend; ++eit)
        if (g[*eit].kind == LinkKind::scale_up) out.push_back(g[*eit].name);
    }
  } else if (kind == "router links" || kind == "trunks") {
    const LinkKind wanted = kind == "trunks" ? LinkKind::trunk : LinkKind::torus;
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
      const auto k = g[*it].kind;
      const bool router = k == LinkKind::torus || k == LinkKind::local || k == LinkKind::global;
      if (job_multi_node_ && (wanted == LinkKind::trunk ? k == LinkKind::trunk : router)) out.push_back(g[*it].name);
    }
  } else {
    throw std::logic_error("unknown link kind '" + kind + "'");
  }
  return out;
}

}  // namespace tcsim::reliability
