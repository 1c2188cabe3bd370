#pragma once
// Private to the platform module: routing rules of a cluster, computed from the topology graph.
#include <cstdint>
#include <unordered_map>
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
 * aggregated core uplinks up and the destination pod's down in the middle). O(1) per route and no
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

  void add_npu(Npu npu) { npus_.push_back(npu); }
  void add_hccs(topology::TopologyGraph::VertexId a, topology::TopologyGraph::VertexId b, DirectedLink link);
  /** @brief The aggregated uplinks of `leaf`, which sits in `pod` (0 for two tiers). */
  void set_leaf_uplink(int leaf, int pod, const simgrid::s4u::Link* uplinks);
  /** @brief The aggregated core uplinks of `pod` (three tiers). */
  void set_pod_uplink(int pod, const simgrid::s4u::Link* uplinks);

  std::size_t npu_count() const { return npus_.size(); }
  /** @brief Appends the links from NPU rank `src` to `dst` and adds their latency, in seconds. */
  void route(std::size_t src, std::size_t dst, std::vector<simgrid::s4u::LinkInRoute>& links, double& latency_s) const;

private:
  static std::uint64_t key(topology::TopologyGraph::VertexId a, topology::TopologyGraph::VertexId b);
  std::vector<Npu> npus_;
  std::unordered_map<std::uint64_t, DirectedLink> hccs_;
  std::vector<const simgrid::s4u::Link*> leaf_uplinks_;
  std::vector<int> pod_of_leaf_;
  std::vector<const simgrid::s4u::Link*> pod_uplinks_;
};

}  // namespace tcsim::platform
