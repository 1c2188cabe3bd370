#pragma once
/** @file Parses and checks `tcsim.topology/1` JSON documents. */
#include <string>

#include <nlohmann/json.hpp>

#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::topology {

/** @brief Turns a topology document into a TopologySpec; throws InputError on bad input. */
class TopologyLoader {
public:
  /** @brief Validates `document` (read from `file`, used in messages) and converts to SI units. */
  static TopologySpec from_json(const nlohmann::json& document, const std::string& file);
};

}  // namespace tcsim::topology
