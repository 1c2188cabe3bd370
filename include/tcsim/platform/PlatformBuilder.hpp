#pragma once
/** @file Turns the topology graph into SimGrid zones, hosts, links and routes. */
#include "tcsim/platform/Platform.hpp"
#include "tcsim/topology/TopologyGraph.hpp"

namespace tcsim::platform {

/**
 * @brief Builds the SimGrid platform for a cluster of nodes on a leaf-spine fabric.
 *
 * Every NPU is a host of one flat zone whose routes are computed on demand from the topology
 * (src/platform/FabricRouter): the node's HCCS link or PCIe through the host inside a node, the
 * two NICs inside a leaf, and NIC + the leaves' aggregated uplink bundles across leaves. Building
 * costs O(links) and no routing table is stored. Aggregating a leaf's uplinks into one link
 * models ideal ECMP load balancing over the spines (see docs/model-assumptions.md).
 */
class PlatformBuilder {
public:
  /** @brief Builds into the process's SimGrid engine; call once per process. */
  static Platform build(const topology::TopologyGraph& topology);
};

}  // namespace tcsim::platform
