#pragma once
/** @file What a topology offers: counts, bandwidth per NPU at each level, diameter, bisection. */
#include <cstddef>
#include <map>
#include <string>

#include "tcsim/topology/TopologyGraph.hpp"

namespace tcsim::topology {

/** @brief Graph analysis of a topology (no simulation). Bandwidths in bytes/s, each direction. */
struct TopologyAnalysis {
  std::size_t npus = 0;
  std::size_t nodes = 0;
  std::map<std::string, std::size_t> vertices_by_kind;
  std::map<std::string, std::size_t> links_by_kind;

  /** @brief One NPU's direct links to peers in its node (HCCS, NVLink), summed. */
  double npu_peer_bytes_per_s = 0;
  /** @brief One NPU's link to its node's switch (NVSwitch-like nodes). */
  double npu_scale_up_bytes_per_s = 0;
  /** @brief One NPU's PCIe attachment to its host. */
  double npu_pcie_bytes_per_s = 0;
  /** @brief One NPU's scale-out bandwidth (its NIC links). */
  double npu_scale_out_bytes_per_s = 0;
  /** @brief Largest downlink : uplink bandwidth ratio over the leaf switches (1 = non-blocking). */
  double leaf_oversubscription = 0;
  /** @brief Largest leaf-facing : core-facing bandwidth ratio over aggregation switches (fat trees). */
  double aggregation_oversubscription = 0;
  /** @brief Links on the longest shortest path between two NPUs (storage network excluded). */
  int diameter_hops = 0;
  /**
   * @brief Max-flow between the first and the second half of the NPUs (in rank order) over the
   * NPU interconnect (the storage front-end network excluded). For the
   * generated recipes, whose leaves are alike, this is the bisection bandwidth; for an arbitrary
   * graph it is an upper bound on it (another split could be narrower).
   */
  double bisection_bytes_per_s = 0;
  /** @brief Storage tiers, bytes/s: one node's DRAM, NVMe (read, write) and front-end link. */
  double node_dram_bytes_per_s = 0;
  double node_nvme_read_bytes_per_s = 0;
  double node_nvme_write_bytes_per_s = 0;
  double node_frontend_bytes_per_s = 0;
  /** @brief Parallel file system and object store aggregates: each server's min(link, drives). */
  double pfs_read_bytes_per_s = 0;
  double pfs_write_bytes_per_s = 0;
  double object_read_bytes_per_s = 0;
  double object_write_bytes_per_s = 0;
  /** @brief Power at full load, in watts: NPUs at TDP, host CPUs at TDP, fabric switches (typical). */
  double npu_power_w = 0;
  double cpu_power_w = 0;
  double switch_power_w = 0;
  /** @brief Fabric switches and routers whose power is not known (not in the sums above). */
  std::size_t switches_without_power = 0;
  /** @brief Sum of every NPU's scale-out bandwidth. */
  double total_scale_out_bytes_per_s = 0;

  static TopologyAnalysis analyse(const TopologyGraph& graph);
};

}  // namespace tcsim::topology
