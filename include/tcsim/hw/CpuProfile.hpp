#pragma once
/** @file One host CPU model, in SI units. */
#include <string>

namespace tcsim::hw {

/** @brief A host processor: cores for data loading, memory bandwidth for the DRAM tier, power. */
struct CpuProfile {
  std::string key;
  std::string display_name;
  int cores = 0;
  /** @brief Peak DRAM bandwidth of one socket (channels x transfer rate x 8 bytes), in bytes/s. */
  double memory_bandwidth_bytes_per_s = 0;
  /** @brief Thermal design power of one socket, in watts. */
  double tdp_w = 0;
  std::string source;
};

}  // namespace tcsim::hw
