#pragma once
/** @file A node's host: CPUs, DRAM and local NVMe, and its link to the storage front-end network. */
#include <string>

#include "tcsim/hw/CpuProfile.hpp"

namespace tcsim::topology {

/** @brief The host side of one node, in SI units. Absent parts are zero. */
struct HostSpec {
  /** @brief CPU model (empty key: not described) and sockets. */
  hw::CpuProfile cpu;
  int cpu_sockets = 0;
  /** @brief Host memory used as a storage tier (page cache): capacity and bandwidth. */
  double dram_bytes = 0;
  double dram_bandwidth_bytes_per_s = 0;
  /** @brief Local NVMe: drive model (may be empty), drives and one drive's read/write bandwidth. */
  std::string nvme_model;
  int nvme_drives = 0;
  double nvme_read_bytes_per_s = 0;
  double nvme_write_bytes_per_s = 0;
  /** @brief The host's link to the storage front-end network (0: none), and its latency. */
  double frontend_bandwidth_bytes_per_s = 0;
  double frontend_latency_s = 0;

  bool has_frontend() const { return frontend_bandwidth_bytes_per_s > 0; }
  /** @brief CPU power at TDP, in watts. */
  double cpu_power_w() const { return cpu_sockets * cpu.tdp_w; }
};

}  // namespace tcsim::topology
