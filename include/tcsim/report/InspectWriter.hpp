#pragma once
/** @file Renders `tcsim inspect` (a topology's analysis) as a table or JSON. */
#include <string>

#include <nlohmann/json.hpp>

#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::report {

/** @brief Output of `tcsim inspect`. */
class InspectWriter {
public:
  static nlohmann::ordered_json to_json(const topology::TopologySpec& spec, const topology::TopologyAnalysis& analysis);
  static std::string to_table(const topology::TopologySpec& spec, const topology::TopologyAnalysis& analysis);
  /** @brief "table" or "json". */
  static std::string render(const topology::TopologySpec& spec, const topology::TopologyAnalysis& analysis,
                            const std::string& format);
};

}  // namespace tcsim::report
