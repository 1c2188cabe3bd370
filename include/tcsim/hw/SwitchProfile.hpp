#pragma once
/** @file One switch model (a fabric building block), in SI units. */
#include <string>

namespace tcsim::hw {

/** @brief A fixed-configuration switch: what a fabric recipe needs to lay out and cost a tier. */
struct SwitchProfile {
  /**
   * @brief Most ports a switch may have. The largest switch ASICs have 512 (51.2 Tb/s at
   * 100 Gb/s); a fabric recipe builds as many uplinks and upper-tier switches as a leaf has ports,
   * so a radix of 10^8 would try to build 10^8 switches instead of failing.
   */
  static constexpr int kMaxPorts = 4096;

  std::string key;
  std::string display_name;
  int ports = 0;
  /** @brief One port, each direction, in bytes/s. */
  double port_bandwidth_bytes_per_s = 0;
  /** @brief Port-to-port (cut-through) latency, in seconds. */
  double latency_s = 0;
  /** @brief Typical power, in watts (0: not published). */
  double power_w = 0;
  std::string source;
};

}  // namespace tcsim::hw
