#pragma once
/** @file Built-in node templates (servers and supernodes) for `tcsim generate topology`. */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim::topology {

/**
 * @brief Named node templates: the `"node"` object of a topology document, spelled out in full
 * (so that `--set topology.node....` reaches every field of a generated file).
 */
class NodeTemplates {
public:
  /** @brief The `"node"` object of template `name`, or null JSON if unknown. */
  static nlohmann::ordered_json find(const std::string& name);
  /** @brief Template names, in catalog order. */
  static std::vector<std::string> names();
  /** @brief One line on what the template is and where its figures come from. */
  static std::string description(const std::string& name);
};

}  // namespace tcsim::topology
