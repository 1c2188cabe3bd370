#pragma once
/** @file `tcsim catalog`: the built-in hardware catalog as a table or JSON. */
#include <string>

#include "tcsim/hw/HardwareCatalog.hpp"

namespace tcsim::report {

/** @brief Renders every catalog entry with its figures and its source. */
class CatalogWriter {
public:
  /** @brief `format` is "table" or "json". */
  static std::string render(const hw::HardwareCatalog& catalog, const std::string& format);
};

}  // namespace tcsim::report
