#pragma once
/** @file Recipe and derived layout of a two-tier leaf-spine scale-out fabric. */

namespace tcsim::topology {

/**
 * @brief A two-tier Clos (leaf-spine) fabric: whole nodes hang off each leaf, every leaf has one
 * link to every spine. Derived counts are filled in by the loader from the recipe and `nodes`.
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

  // Layout (derived).
  int nodes_per_leaf = 0;
  int downlinks_per_leaf = 0;
  int uplinks_per_leaf = 0;
  int leaves = 0;
  /** @brief One spine per leaf uplink, so every leaf reaches every spine once. */
  int spines = 0;
};

}  // namespace tcsim::topology
