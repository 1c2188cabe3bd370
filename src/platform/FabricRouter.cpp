#include "FabricRouter.hpp"

#include <algorithm>
#include <stdexcept>

namespace tcsim::platform {

using simgrid::s4u::LinkInRoute;
using Direction = LinkInRoute::Direction;
using VertexId = topology::TopologyGraph::VertexId;

LinkInRoute DirectedLink::from(VertexId v) const { return LinkInRoute(link, v == up_from ? Direction::UP : Direction::DOWN); }
LinkInRoute DirectedLink::to(VertexId v) const { return LinkInRoute(link, v == up_from ? Direction::DOWN : Direction::UP); }

std::uint64_t FabricRouter::key(VertexId a, VertexId b) {
  return (static_cast<std::uint64_t>(std::min(a, b)) << 32) | static_cast<std::uint64_t>(std::max(a, b));
}

void FabricRouter::add_peer_link(VertexId a, VertexId b, DirectedLink link) { peer_links_[key(a, b)] = link; }

void FabricRouter::set_leaf_uplink(int leaf, int pod, const simgrid::s4u::Link* uplinks) {
  if (leaf >= static_cast<int>(leaf_uplinks_.size())) {
    leaf_uplinks_.resize(leaf + 1, nullptr);
    pod_of_leaf_.resize(leaf + 1, 0);
  }
  leaf_uplinks_[leaf] = uplinks;
  pod_of_leaf_[leaf] = pod;
}

void FabricRouter::set_pod_uplink(int pod, const simgrid::s4u::Link* uplinks) {
  if (pod >= static_cast<int>(pod_uplinks_.size())) pod_uplinks_.resize(pod + 1, nullptr);
  pod_uplinks_[pod] = uplinks;
}

void FabricRouter::set_torus(std::vector<int> dims, std::vector<VertexId> router_vertices) {
  torus_dims_ = std::move(dims);
  router_vertices_ = std::move(router_vertices);
}

void FabricRouter::add_torus_link(int leaf_a, int leaf_b, DirectedLink link) {
  torus_links_[key(static_cast<VertexId>(leaf_a), static_cast<VertexId>(leaf_b))] = link;
}

void FabricRouter::route_torus(int leaf_a, int leaf_b, std::vector<LinkInRoute>& links) const {
  // Coordinates in mixed radix, first dimension fastest.
  std::vector<int> here(torus_dims_.size()), there(torus_dims_.size()), stride(torus_dims_.size());
  int s = 1;
  for (std::size_t d = 0; d < torus_dims_.size(); ++d) {
    stride[d] = s;
    here[d] = (leaf_a / s) % torus_dims_[d];
    there[d] = (leaf_b / s) % torus_dims_[d];
    s *= torus_dims_[d];
  }
  int current = leaf_a;
  for (std::size_t d = 0; d < torus_dims_.size(); ++d) {
    const int size = torus_dims_[d];
    const int forward = ((there[d] - here[d]) % size + size) % size;
    if (forward == 0) continue;
    const int backward = size - forward;
    const int step = forward < backward ? 1 : forward > backward ? -1 : (here[d] % 2 == 1 ? 1 : -1);
    for (int hops = std::min(forward, backward); hops > 0; --hops) {
      const int coordinate = (current / stride[d]) % size;
      const int next_coordinate = ((coordinate + step) % size + size) % size;
      const int next = current + (next_coordinate - coordinate) * stride[d];
      const DirectedLink& link = torus_links_.at(key(static_cast<VertexId>(current), static_cast<VertexId>(next)));
      links.push_back(link.from(router_vertices_.at(current)));
      current = next;
    }
  }
}

void FabricRouter::set_explicit(std::vector<std::vector<int>> next_hop, std::vector<VertexId> switch_vertices) {
  next_hop_ = std::move(next_hop);
  router_vertices_ = std::move(switch_vertices);
}

void FabricRouter::add_trunk(int switch_a, int switch_b, DirectedLink link) {
  trunks_[key(static_cast<VertexId>(switch_a), static_cast<VertexId>(switch_b))] = link;
}

void FabricRouter::set_dragonfly(std::vector<int> group_of_router, std::vector<VertexId> router_vertices) {
  group_of_router_ = std::move(group_of_router);
  router_vertices_ = std::move(router_vertices);
}

void FabricRouter::add_local_link(int router_a, int router_b, DirectedLink link) {
  local_links_[key(static_cast<VertexId>(router_a), static_cast<VertexId>(router_b))] = link;
}

void FabricRouter::add_global_link(int group_a, int group_b, int router_a, int router_b, DirectedLink link) {
  if (group_a > group_b) {
    std::swap(group_a, group_b);
    std::swap(router_a, router_b);
  }
  global_links_[key(static_cast<VertexId>(group_a), static_cast<VertexId>(group_b))] = GlobalLink{router_a, router_b, link};
}

void FabricRouter::local_hop(int from, int to, std::vector<LinkInRoute>& links) const {
  if (from == to) return;
  links.push_back(local_links_.at(key(static_cast<VertexId>(from), static_cast<VertexId>(to))).from(router_vertices_.at(from)));
}

void FabricRouter::route_dragonfly(int router_a, int router_b, std::vector<LinkInRoute>& links) const {
  const int group_a = group_of_router_.at(router_a);
  const int group_b = group_of_router_.at(router_b);
  if (group_a == group_b) {
    local_hop(router_a, router_b, links);
    return;
  }
  const GlobalLink& global =
      global_links_.at(key(static_cast<VertexId>(std::min(group_a, group_b)), static_cast<VertexId>(std::max(group_a, group_b))));
  const int exit = group_a < group_b ? global.router_a : global.router_b;
  const int entry = group_a < group_b ? global.router_b : global.router_a;
  local_hop(router_a, exit, links);
  links.push_back(global.link.from(router_vertices_.at(exit)));
  local_hop(entry, router_b, links);
}

void FabricRouter::route(std::size_t src, std::size_t dst, std::vector<LinkInRoute>& links, double& latency_s) const {
  if (src == dst) return;
  const Npu& a = npus_.at(src);
  const Npu& b = npus_.at(dst);
  const std::size_t first = links.size();
  if (a.node == b.node) {
    auto direct = peer_links_.find(key(a.vertex, b.vertex));
    if (direct != peer_links_.end()) {
      links.push_back(direct->second.from(a.vertex));
    } else if (a.scale_up.link != nullptr && b.scale_up.link != nullptr) {
      links.push_back(a.scale_up.from(a.vertex));  // NPU -> node switch
      links.push_back(b.scale_up.to(b.vertex));    // node switch -> NPU
    } else {
      links.push_back(a.pcie.from(a.vertex));  // NPU -> host
      links.push_back(b.pcie.to(b.vertex));    // host -> NPU
    }
  } else if (a.leaf == b.leaf) {
    links.push_back(a.nic.from(a.vertex));
    links.push_back(b.nic.to(b.vertex));
  } else if (!torus_dims_.empty() || !group_of_router_.empty() || !next_hop_.empty()) {
    links.push_back(a.nic.from(a.vertex));
    if (!torus_dims_.empty()) {
      route_torus(a.leaf, b.leaf, links);
    } else if (!group_of_router_.empty()) {
      route_dragonfly(a.leaf, b.leaf, links);
    } else {
      for (int at = a.leaf; at != b.leaf;) {
        const int next = next_hop_.at(at).at(b.leaf);
        links.push_back(trunks_.at(key(static_cast<VertexId>(at), static_cast<VertexId>(next))).from(router_vertices_.at(at)));
        at = next;
      }
    }
    links.push_back(b.nic.to(b.vertex));
  } else {
    const int pod_a = pod_of_leaf_.at(a.leaf);
    const int pod_b = pod_of_leaf_.at(b.leaf);
    links.push_back(a.nic.from(a.vertex));
    links.push_back(LinkInRoute(leaf_uplinks_.at(a.leaf), Direction::UP));
    if (pod_a != pod_b) {
      links.push_back(LinkInRoute(pod_uplinks_.at(pod_a), Direction::UP));
      links.push_back(LinkInRoute(pod_uplinks_.at(pod_b), Direction::DOWN));
    }
    links.push_back(LinkInRoute(leaf_uplinks_.at(b.leaf), Direction::DOWN));
    links.push_back(b.nic.to(b.vertex));
  }
  for (std::size_t i = first; i < links.size(); ++i) latency_s += links[i].get_link()->get_latency();
}

}  // namespace tcsim::platform

namespace tcsim::platform {

const FabricRouter::Attached& FabricRouter::attached(const Endpoint& e) const {
  if (e.kind == Endpoint::Kind::storage) return storages_.at(e.index);
  const std::size_t node = e.kind == Endpoint::Kind::host ? e.index : static_cast<std::size_t>(npus_.at(e.index).node);
  return hosts_.at(node);
}

void FabricRouter::up_to_frontend(const Endpoint& e, std::vector<LinkInRoute>& links) const {
  const Attached& a = attached(e);
  if (a.frontend.link == nullptr) throw std::logic_error("no storage front-end network in this topology");
  if (e.kind == Endpoint::Kind::npu) links.push_back(npus_.at(e.index).pcie.from(npus_.at(e.index).vertex));
  links.push_back(a.frontend.from(a.vertex));
}

void FabricRouter::down_from_frontend(const Endpoint& e, std::vector<LinkInRoute>& links) const {
  const Attached& a = attached(e);
  if (a.frontend.link == nullptr) throw std::logic_error("no storage front-end network in this topology");
  links.push_back(a.frontend.to(a.vertex));
  if (e.kind == Endpoint::Kind::npu) links.push_back(npus_.at(e.index).pcie.to(npus_.at(e.index).vertex));
}

void FabricRouter::set_shared_storage(StorageLevel level, int leaf, DirectedLink uplinks) {
  storage_level_ = level;
  storage_leaf_ = leaf;
  storage_uplinks_ = uplinks;
}

void FabricRouter::npu_storage_path(std::size_t rank, bool towards, std::vector<LinkInRoute>& links) const {
  const Npu& n = npus_.at(rank);
  std::vector<LinkInRoute> path{n.nic.from(n.vertex)};
  if (storage_level_ == StorageLevel::leaf) {
    for (int at = n.leaf; at != storage_leaf_;) {  // explicit fabrics: trunks to the attachment switch
      const int next = next_hop_.at(at).at(storage_leaf_);
      path.push_back(trunks_.at(key(static_cast<VertexId>(at), static_cast<VertexId>(next))).from(router_vertices_.at(at)));
      at = next;
    }
  } else {
    path.emplace_back(leaf_uplinks_.at(n.leaf), Direction::UP);
    if (storage_level_ == StorageLevel::core) path.emplace_back(pod_uplinks_.at(pod_of_leaf_.at(n.leaf)), Direction::UP);
  }
  path.push_back(storage_uplinks_.to(storage_uplinks_.up_from));
  if (towards) {
    links.insert(links.end(), path.begin(), path.end());
    return;
  }
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    links.emplace_back(it->get_link(), it->get_direction() == Direction::UP ? Direction::DOWN : Direction::UP);
  }
}

std::size_t FabricRouter::host_gateway(std::size_t node, std::size_t storage) const {
  // The node's NPUs are consecutive ranks; spread the storage servers over their NICs.
  const auto first = std::lower_bound(npus_.begin(), npus_.end(), static_cast<int>(node),
                                      [](const Npu& n, int wanted) { return n.node < wanted; });
  const auto last = std::upper_bound(first, npus_.end(), static_cast<int>(node),
                                     [](int wanted, const Npu& n) { return wanted < n.node; });
  return static_cast<std::size_t>(first - npus_.begin()) + storage % static_cast<std::size_t>(last - first);
}

void FabricRouter::route_shared(const Endpoint& a, const Endpoint& b, std::vector<LinkInRoute>& links) const {
  using Kind = Endpoint::Kind;
  if (a.kind == Kind::storage && b.kind == Kind::storage) {
    links.push_back(attached(a).frontend.from(attached(a).vertex));
    links.push_back(attached(b).frontend.to(attached(b).vertex));
    return;
  }
  // A host goes through one of its NPUs (PCIe, then that NPU's NIC).
  const std::size_t storage_index = a.kind == Kind::storage ? a.index : b.kind == Kind::storage ? b.index : 0;
  const auto gateway = [this, storage_index](const Endpoint& e) {
    return e.kind == Kind::npu ? e.index : host_gateway(e.index, storage_index);
  };
  if (a.kind == Kind::host) {
    const Npu& n = npus_.at(gateway(a));
    links.push_back(n.pcie.to(n.vertex));
  }
  if (a.kind == Kind::storage) {
    links.push_back(attached(a).frontend.from(attached(a).vertex));
    npu_storage_path(gateway(b), false, links);
  } else if (b.kind == Kind::storage) {
    npu_storage_path(gateway(a), true, links);
    links.push_back(attached(b).frontend.to(attached(b).vertex));
  } else {
    double ignored = 0;
    route(gateway(a), gateway(b), links, ignored);
  }
  if (b.kind == Kind::host) {
    const Npu& n = npus_.at(gateway(b));
    links.push_back(n.pcie.from(n.vertex));
  }
}

void FabricRouter::route(const Endpoint& a, const Endpoint& b, std::vector<LinkInRoute>& links, double& latency_s) const {
  using Kind = Endpoint::Kind;
  if (a.kind == Kind::npu && b.kind == Kind::npu) {
    route(a.index, b.index, links, latency_s);
    return;
  }
  const std::size_t first = links.size();
  const auto node_of = [this](const Endpoint& e) {
    return e.kind == Kind::npu ? npus_.at(e.index).node : e.kind == Kind::host ? static_cast<int>(e.index) : -1;
  };
  if (a.kind == b.kind && a.index == b.index) return;
  if (a.kind != Kind::storage && b.kind != Kind::storage && node_of(a) == node_of(b)) {
    // An NPU and its own host: the NPU's PCIe link.
    if (a.kind == Kind::npu) links.push_back(npus_.at(a.index).pcie.from(npus_.at(a.index).vertex));
    if (b.kind == Kind::npu) links.push_back(npus_.at(b.index).pcie.to(npus_.at(b.index).vertex));
  } else if (storage_level_ != StorageLevel::none) {
    route_shared(a, b, links);
  } else {
    up_to_frontend(a, links);
    down_from_frontend(b, links);
  }
  for (std::size_t i = first; i < links.size(); ++i) latency_s += links[i].get_link()->get_latency();
}

}  // namespace tcsim::platform
