#pragma once
/** @file Turns the topology graph into SimGrid zones, hosts, links and routes. */
#include "tcsim/platform/Platform.hpp"
#include "tcsim/topology/TopologyGraph.hpp"

namespace tcsim::platform {

/**
 * @brief Builds the SimGrid platform of a cluster: nodes on a leaf-spine, fat-tree, torus or
 * dragonfly fabric.
 *
 * Every NPU is a host of one flat zone whose routes are computed on demand from the topology
 * (src/platform/FabricRouter): inside a node its direct link, node switch or PCIe through the
 * host; across nodes the NICs and the fabric's links by the fabric's routing rule. Building costs
 * O(links) and no routing table is stored. Clos uplinks are aggregated per leaf and per pod, which
 * models ideal ECMP load balancing (see docs/model-assumptions.md).
 */
class PlatformBuilder {
public:
  /** @brief Builds into the process's SimGrid engine; call once per process. */
  static Platform build(const topology::TopologyGraph& topology);
};

}  // namespace tcsim::platform
