#pragma once
/** @file Every hardware model tcsim knows: accelerators, NICs, switches, drives, CPUs. */
#include "tcsim/common/JsonCursor.hpp"
#include "tcsim/hw/Catalog.hpp"
#include "tcsim/hw/CpuProfile.hpp"
#include "tcsim/hw/DeviceProfile.hpp"
#include "tcsim/hw/NicProfile.hpp"
#include "tcsim/hw/StorageDeviceProfile.hpp"
#include "tcsim/hw/SwitchProfile.hpp"

namespace tcsim::hw {

/**
 * @brief The hardware a topology can name. The built-in catalog (sources in docs/hardware-catalog.md)
 * can be extended or overridden per topology file by its `"catalog"` section.
 */
struct HardwareCatalog {
  Catalog<DeviceProfile> accelerators;
  Catalog<NicProfile> nics;
  Catalog<SwitchProfile> switches;
  Catalog<StorageDeviceProfile> storage_devices;
  Catalog<CpuProfile> cpus;

  /** @brief The catalog compiled into tcsim (accelerators from DeviceCatalog). */
  static const HardwareCatalog& builtin();

  /**
   * @brief This catalog plus the entries of a topology's `"catalog"` object: sections
   * `accelerators`, `nics`, `switches`, `storage_devices`, `cpus`, each mapping a key to an
   * entry. An entry with `"base": KEY` starts from that entry and changes the fields it lists;
   * without a base every field is required. Throws InputError at the offending JSON path.
   */
  HardwareCatalog with_overrides(const JsonCursor& catalog) const;
};

}  // namespace tcsim::hw
