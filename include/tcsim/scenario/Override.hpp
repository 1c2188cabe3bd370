#pragma once
/** @file `--set KEY=VALUE` overrides of topology and workload documents. */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim::scenario {

/**
 * @brief One `--set` override. KEY is `topology.` or `workload.` followed by a dotted path into
 * that document (array items by index); VALUE is parsed as JSON, else taken as a string. Every
 * component but the last must exist; a missing last key is added (the loader's schema check then
 * rejects a misspelt one with the nearest valid key).
 */
struct Override {
  /** @brief "topology" or "workload". */
  std::string target;
  std::vector<std::string> path;
  nlohmann::json value;
  /** @brief The text as given, for messages. */
  std::string text;

  /** @brief Parses "KEY=VALUE"; throws InputError naming `--set` on a malformed one. */
  static Override parse(const std::string& text);

  /**
   * @brief Replaces the value at `path` in `document` (read from `file`). The path must already
   * exist: an unknown key is an InputError that names the closest existing keys.
   */
  void apply(nlohmann::json& document, const std::string& file) const;
};

}  // namespace tcsim::scenario
