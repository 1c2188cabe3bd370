#pragma once
/** @file One scale-out network adapter model, in SI units. */
#include <string>

namespace tcsim::hw {

/** @brief A NIC (RoCE or InfiniBand port) as the platform sees it. */
struct NicProfile {
  std::string key;
  std::string display_name;
  /** @brief "RoCE v2" or "InfiniBand". */
  std::string protocol;
  /** @brief Line rate of one port, each direction, in bytes/s. */
  double bandwidth_bytes_per_s = 0;
  /** @brief Adapter plus cable latency, one way, in seconds. */
  double latency_s = 0;
  /**
   * @brief The adapter's host-side PCIe link, each direction, in bytes/s; 0 for a NIC on the
   * accelerator's own package (Ascend's on-chip RoCE), which has no PCIe hop.
   */
  double pcie_bandwidth_bytes_per_s = 0;
  /** @brief Typical power, in watts (0: not published). */
  double power_w = 0;
  std::string source;
};

}  // namespace tcsim::hw
