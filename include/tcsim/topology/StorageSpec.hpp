#pragma once
/** @file Storage tiers of a cluster: each node's DRAM and NVMe, a parallel file system, an object store. */

namespace tcsim::topology {

/**
 * @brief What a topology offers for data and checkpoints, in SI units. Every tier becomes SimGrid
 * disks and links, so reads and writes contend like traffic on links does. Absent tiers have
 * zero bandwidth.
 */
struct StorageSpec {
  /** @brief Each node's host memory used as a storage tier (page cache): capacity and bandwidth. */
  double host_dram_bytes = 0;
  double host_dram_bandwidth_bytes_per_s = 0;
  /** @brief Each node's local NVMe: drives and one drive's read/write bandwidth. */
  int nvme_drives = 0;
  double nvme_read_bytes_per_s = 0;
  double nvme_write_bytes_per_s = 0;
  /** @brief Each node host's link to the storage front-end network (0: no front-end network). */
  double frontend_bandwidth_bytes_per_s = 0;
  double frontend_latency_s = 0;

  /** @brief Parallel file system: servers, drives per server and per-drive bandwidth, server links. */
  int pfs_servers = 0;
  int pfs_drives_per_server = 0;
  double pfs_drive_read_bytes_per_s = 0;
  double pfs_drive_write_bytes_per_s = 0;
  double pfs_server_link_bytes_per_s = 0;

  /** @brief Object store: aggregate read/write bandwidth, its link, and its access latency. */
  double object_read_bytes_per_s = 0;
  double object_write_bytes_per_s = 0;
  double object_link_bytes_per_s = 0;
  double object_latency_s = 0;

  bool has_frontend() const { return frontend_bandwidth_bytes_per_s > 0; }
};

}  // namespace tcsim::topology
