#pragma once
/** @file Renders `tcsim inspect` (a topology's analysis) as a table or JSON. */
#include <string>

#include <nlohmann/json.hpp>

#include "tcsim/scenario/TopologyInspection.hpp"

namespace tcsim::report {

/** @brief Output of `tcsim inspect`. */
class InspectWriter {
public:
  static nlohmann::ordered_json to_json(const scenario::TopologyInspection& inspection);
  static std::string to_table(const scenario::TopologyInspection& inspection);
  /** @brief "table" or "json". */
  static std::string render(const scenario::TopologyInspection& inspection, const std::string& format);
};

}  // namespace tcsim::report
