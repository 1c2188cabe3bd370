#pragma once
/** @file Turns the topology graph into SimGrid zones, hosts, links and routes. */
#include "tcsim/platform/Platform.hpp"
#include "tcsim/topology/TopologyGraph.hpp"

namespace tcsim::platform {

/**
 * @brief Builds the SimGrid platform for a leaf-spine cluster of nodes.
 *
 * Zones mirror the physical hierarchy so that routing tables stay small (O(nodes), not
 * O(NPUs²)): a Full zone per node (HCCS pairs, PCIe via the host, one NIC per NPU up to the
 * node's gateway), a Star zone per leaf switch, and a root Star zone in which each leaf's route
 * is its aggregated uplink bundle. Aggregating a leaf's uplinks into one link models ideal ECMP
 * load balancing over the spines (see docs/model-assumptions.md).
 */
class PlatformBuilder {
public:
  /** @brief Builds into the process's SimGrid engine; call once per process. */
  static Platform build(const topology::TopologyGraph& topology);
};

}  // namespace tcsim::platform
