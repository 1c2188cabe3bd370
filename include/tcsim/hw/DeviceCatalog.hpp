#pragma once
/** @file The built-in catalog of accelerators, looked up by key. */
#include <string>
#include <vector>

#include "tcsim/hw/DeviceProfile.hpp"

namespace tcsim::hw {

/** @brief Built-in accelerator profiles. Later issues add GPUs and newer Ascend parts. */
class DeviceCatalog {
public:
  /** @brief The catalog compiled into tcsim. */
  static const DeviceCatalog& builtin();

  /** @brief The profile for `key`, or nullptr if unknown. */
  const DeviceProfile* find(const std::string& key) const;
  /** @brief All keys, in catalog order (for suggestions and listings). */
  std::vector<std::string> keys() const;

private:
  DeviceCatalog();
  std::vector<DeviceProfile> devices_;
};

}  // namespace tcsim::hw
