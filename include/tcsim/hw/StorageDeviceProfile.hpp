#pragma once
/** @file One storage drive model, in SI units. */
#include <string>

namespace tcsim::hw {

/** @brief A drive (NVMe SSD, hard disk) as the storage tiers see it: sequential bandwidth. */
struct StorageDeviceProfile {
  std::string key;
  std::string display_name;
  /** @brief Sequential read and write bandwidth, in bytes/s. */
  double read_bytes_per_s = 0;
  double write_bytes_per_s = 0;
  double capacity_bytes = 0;
  /** @brief Active power, in watts (0: not published). */
  double power_w = 0;
  std::string source;
};

}  // namespace tcsim::hw
