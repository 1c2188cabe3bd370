#pragma once
/** @file Recipe and derived layout of a two-tier leaf-spine scale-out fabric. */

namespace tcsim::topology {

/**
 * @brief A two-tier Clos (leaf-spine) fabric; every leaf has one link to every spine. Plain: all
 * NICs of a node on one leaf. Rail-optimised: nodes form scalable units and NIC i of every node
 * of a unit goes to the unit's rail switch i (so NPU i of every node is one switch hop from the
 * others). Derived counts are filled in by the loader from the recipe and `nodes`.
 */
struct LeafSpineFabric {
  // Recipe (from the file).
  int leaf_ports = 64;
  int spine_ports = 64;
  /** @brief Bandwidth of one switch port, each direction, in bytes/s. */
  double port_bandwidth_bytes_per_s = 0;
  /** @brief Downlink to uplink bandwidth ratio at the leaf (1 = non-blocking). */
  double oversubscription = 1.0;
  /** @brief Port-to-port latency of one switch, in seconds. */
  double switch_latency_s = 0;
  /** @brief Rail-optimised: NIC i of each node on rail switch i of its scalable unit. */
  bool rails = false;

  // Layout (derived).
  /** @brief Nodes with NICs on one leaf (rails: the scalable unit, one NIC per node per leaf). */
  int nodes_per_leaf = 0;
  int downlinks_per_leaf = 0;
  int uplinks_per_leaf = 0;
  int leaves = 0;
  /** @brief One spine per leaf uplink, so every leaf reaches every spine once. */
  int spines = 0;
};

}  // namespace tcsim::topology
