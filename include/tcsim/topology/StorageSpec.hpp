#pragma once
/** @file Shared storage tiers of a cluster: a parallel file system and an object store. */
#include <string>

namespace tcsim::topology {

/**
 * @brief What a topology offers for data and checkpoints, in SI units. Every tier becomes SimGrid
 * disks and links, so reads and writes contend like traffic on links does. Absent tiers have
 * zero bandwidth.
 */
struct StorageSpec {
  /**
   * @brief Where shared storage is reached. dedicated: its own non-blocking front-end network,
   * which every node's host joins with `node.host.frontend_gbps`. shared: the storage servers
   * hang off a storage switch on the compute fabric's top tier, and NPUs (and hosts, through
   * their NPUs' NICs) reach them over the compute fabric, contending with training traffic.
   */
  enum class Network { dedicated, shared };
  Network network = Network::dedicated;
  /** @brief Parallel file system: servers, drives per server and per-drive bandwidth, server links. */
  int pfs_servers = 0;
  int pfs_drives_per_server = 0;
  double pfs_drive_read_bytes_per_s = 0;
  double pfs_drive_write_bytes_per_s = 0;
  double pfs_server_link_bytes_per_s = 0;
  /** @brief Latency of a server's link (and of the object store's), in seconds. */
  double server_link_latency_s = 0;
  std::string pfs_drive_model;

  /** @brief Object store: aggregate read/write bandwidth, its link, and its access latency. */
  double object_read_bytes_per_s = 0;
  double object_write_bytes_per_s = 0;
  double object_link_bytes_per_s = 0;
  double object_latency_s = 0;

  bool has_shared_tiers() const { return pfs_servers > 0 || object_link_bytes_per_s > 0; }
  /** @brief Total bandwidth of the links into the shared tiers (servers and object store), bytes/s. */
  double server_link_total_bytes_per_s() const { return pfs_servers * pfs_server_link_bytes_per_s + object_link_bytes_per_s; }
};

}  // namespace tcsim::topology
