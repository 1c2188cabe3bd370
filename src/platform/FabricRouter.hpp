#pragma once
// Private to the platform module: routing rules of a cluster, computed from the topology graph.
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simgrid/s4u/Link.hpp>

#include "tcsim/topology/TopologyGraph.hpp"

namespace tcsim::platform {

/** @brief A split-duplex link and which endpoint its UP direction leaves from. */
struct DirectedLink {
  const simgrid::s4u::Link* link = nullptr;
  topology::TopologyGraph::VertexId up_from = 0;
  simgrid::s4u::LinkInRoute from(topology::TopologyGraph::VertexId v) const;
  simgrid::s4u::LinkInRoute to(topology::TopologyGraph::VertexId v) const;
};

/**
 * @brief Routes between NPUs by locality, most local first: the same node (their HCCS link, else
 * both links to the node's switch, else PCIe through the host), the same leaf switch (NIC up, NIC
 * down), the same pod (NIC, the source leaf's aggregated uplinks up, the destination leaf's down,
 * NIC; a two-tier fabric is one pod), else across the cores (the same, with the source pod's
 * aggregated core uplinks up and the destination pod's down in the middle). On a torus, routers
 * instead of leaves: dimension-ordered routing (first dimension first), the shorter way round;
 * when both ways are equally long the direction alternates with the source coordinate's parity,
 * so that wrap-around links carry their share. On a dragonfly, minimal routing: a local hop to the
 * router holding the global link to the destination group, the global link, a local hop. On an
 * explicit fabric, a shortest path of trunks between the two switches. O(1) per route and no
 * routing table, so platforms of 10^5 NPUs cost memory in proportion to their links.
 */
class FabricRouter {
public:
  /** @brief Links of one NPU and where it sits. */
  struct Npu {
    topology::TopologyGraph::VertexId vertex = 0;
    int node = -1;
    int leaf = -1;
    DirectedLink nic;
    DirectedLink pcie;
    /** @brief Link to the node's switch ("switched" nodes), link == nullptr otherwise. */
    DirectedLink scale_up;
  };

  /** @brief A routing endpoint: an NPU (by rank), a node's host (by node) or a storage server. */
  struct Endpoint {
    enum class Kind { npu, host, storage };
    Kind kind = Kind::npu;
    std::size_t index = 0;
  };
  /** @brief A node's host or a storage server and its link to the storage front-end switch. */
  struct Attached {
    topology::TopologyGraph::VertexId vertex = 0;
    DirectedLink frontend;  // link == nullptr: no front-end network
  };

  void add_npu(Npu npu) { npus_.push_back(npu); }
  /** @brief Node `node`'s host (nodes are added in order). */
  void add_host(Attached host) { hosts_.push_back(host); }
  /** @brief A storage server or the object store; returns its index. */
  std::size_t add_storage(Attached storage) {
    storages_.push_back(storage);
    return storages_.size() - 1;
  }
  /**
   * @brief Links between any two endpoints: NPU to NPU as route(); an NPU and its own host over
   * PCIe; anything else through the storage front-end network (an NPU first crosses PCIe to its
   * host). Throws std::logic_error if that network is needed but absent.
   */
  void route(const Endpoint& a, const Endpoint& b, std::vector<simgrid::s4u::LinkInRoute>& links, double& latency_s) const;
  void add_peer_link(topology::TopologyGraph::VertexId a, topology::TopologyGraph::VertexId b, DirectedLink link);
  /** @brief The aggregated uplinks of `leaf`, which sits in `pod` (0 for two tiers). */
  void set_leaf_uplink(int leaf, int pod, const simgrid::s4u::Link* uplinks);
  /** @brief The aggregated core uplinks of `pod` (three tiers). */
  void set_pod_uplink(int pod, const simgrid::s4u::Link* uplinks);

  /** @brief Torus mode: leaf l is the router of node l, at coordinate l in mixed radix. */
  void set_torus(std::vector<int> dims, std::vector<topology::TopologyGraph::VertexId> router_vertices);
  /** @brief A torus link between the routers of two neighbouring nodes. */
  void add_torus_link(int leaf_a, int leaf_b, DirectedLink link);

  /** @brief Dragonfly mode: the group of every leaf (router) and the routers' graph vertices. */
  void set_dragonfly(std::vector<int> group_of_router, std::vector<topology::TopologyGraph::VertexId> router_vertices);
  /** @brief A local link between two routers of one group. */
  void add_local_link(int router_a, int router_b, DirectedLink link);
  /** @brief The global link joining two groups, from router_a (in group_a) to router_b. */
  void add_global_link(int group_a, int group_b, int router_a, int router_b, DirectedLink link);

  /**
   * @brief Explicit mode: `next_hop[from][to]` is the switch after `from` on a shortest path to
   * `to` (switches are leaf indices); trunks join neighbouring switches.
   */
  void set_explicit(std::vector<std::vector<int>> next_hop, std::vector<topology::TopologyGraph::VertexId> switch_vertices);
  void add_trunk(int switch_a, int switch_b, DirectedLink link);

  /**
   * @brief Storage on the compute fabric: the storage switch's aggregated uplinks (UP leaves the
   * storage switch) reach the `level` tier: a leaf (`leaf`: the one leaf, or an explicit
   * fabric's attachment switch), the spines / a single pod's aggregation switches, or the cores.
   */
  enum class StorageLevel { none, leaf, pod, core };
  void set_shared_storage(StorageLevel level, int leaf, DirectedLink uplinks);

  std::size_t npu_count() const { return npus_.size(); }
  /** @brief Appends the links from NPU rank `src` to `dst` and adds their latency, in seconds. */
  void route(std::size_t src, std::size_t dst, std::vector<simgrid::s4u::LinkInRoute>& links, double& latency_s) const;

private:
  static std::uint64_t key(topology::TopologyGraph::VertexId a, topology::TopologyGraph::VertexId b);
  void up_to_frontend(const Endpoint& e, std::vector<simgrid::s4u::LinkInRoute>& links) const;
  /** Shared storage: links from NPU `rank` to the storage switch, or back when `towards` is false. */
  void npu_storage_path(std::size_t rank, bool towards, std::vector<simgrid::s4u::LinkInRoute>& links) const;
  /** Shared storage: the NPU whose NIC a host uses to reach storage server `storage`. */
  std::size_t host_gateway(std::size_t node, std::size_t storage) const;
  void route_shared(const Endpoint& a, const Endpoint& b, std::vector<simgrid::s4u::LinkInRoute>& links) const;
  void down_from_frontend(const Endpoint& e, std::vector<simgrid::s4u::LinkInRoute>& links) const;
  const Attached& attached(const Endpoint& e) const;

  std::vector<Npu> npus_;
  StorageLevel storage_level_ = StorageLevel::none;
  int storage_leaf_ = -1;
  DirectedLink storage_uplinks_;
  std::vector<Attached> hosts_;
  std::vector<Attached> storages_;
  std::unordered_map<std::uint64_t, DirectedLink> peer_links_;
  std::vector<const simgrid::s4u::Link*> leaf_uplinks_;
  std::vector<int> pod_of_leaf_;
  std::vector<const simgrid::s4u::Link*> pod_uplinks_;
  std::vector<int> torus_dims_;
  std::vector<topology::TopologyGraph::VertexId> router_vertices_;
  std::unordered_map<std::uint64_t, DirectedLink> torus_links_;
  void route_torus(int leaf_a, int leaf_b, std::vector<simgrid::s4u::LinkInRoute>& links) const;
  void route_dragonfly(int router_a, int router_b, std::vector<simgrid::s4u::LinkInRoute>& links) const;
  void local_hop(int from, int to, std::vector<simgrid::s4u::LinkInRoute>& links) const;

  struct GlobalLink {
    int router_a = 0;  // in the lower-numbered group
    int router_b = 0;
    DirectedLink link;
  };
  std::vector<std::vector<int>> next_hop_;
  std::unordered_map<std::uint64_t, DirectedLink> trunks_;
  std::vector<int> group_of_router_;
  std::unordered_map<std::uint64_t, DirectedLink> local_links_;
  std::unordered_map<std::uint64_t, GlobalLink> global_links_;
};

}  // namespace tcsim::platform
