#pragma once
/** @file Small topology documents for tests, derived from the reference Atlas 900 file. */
#include <vector>

#include <nlohmann/json.hpp>

#include "tcsim/platform/Platform.hpp"
#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::test {

/** @brief The reference topologies/atlas900-1024.json document, without its storage tiers. */
nlohmann::json atlas_topology();

/** @brief A cluster of `nodes` nodes with `npus_per_node` NPUs each (HCCS groups of `group`). */
nlohmann::json small_topology(int nodes, int npus_per_node, int group);

/**
 * @brief The Atlas 800 node on a three-tier fat tree: 1 node per 16-port leaf, 16-port
 * aggregation switches at `agg_oversubscription` (1: 8 leaves per pod, 2: 10), 16-port cores.
 */
nlohmann::json fat_tree_topology(int nodes, double agg_oversubscription);

/** @brief Atlas 800 nodes on a torus of `dims` (nodes = their product), 400 Gb/s NICs and links. */
nlohmann::json torus_topology(const std::vector<int>& dims);

/**
 * @brief Atlas 800 nodes on a dragonfly: `groups` groups of 2 routers, 1 node per router, 2
 * global ports per router; 400 Gb/s NICs and local links, `global_gbps` global links.
 */
nlohmann::json dragonfly_topology(int groups, double global_gbps);

/**
 * @brief `nodes` Atlas 800 nodes with storage: 4 NVMe drives (25.6/16 Gb/s each), 1600 Gb/s DRAM,
 * a 200 Gb/s front-end link per host, a parallel file system of 4 servers (12 drives each, 400 Gb/s
 * links) and an object store (100/50 Gb/s, 10 ms).
 */
nlohmann::json storage_topology(int nodes);

/**
 * @brief An explicit, asymmetric fabric: switches s0 =(2 x 400 Gb/s)= s1 -(400 Gb/s)- s2, each with
 * 1 us latency; 4 Atlas 800 nodes attached to s0, s0, s1, s2 (100 Gb/s ports).
 */
nlohmann::json explicit_line_topology();

/** @brief Loads `doc`, checks it and builds the SimGrid platform (once per test process). */
platform::Platform build_platform(const nlohmann::json& doc, topology::TopologySpec* spec = nullptr);

}  // namespace tcsim::test
