#pragma once
/** @file Renders a Report as a terminal table or JSON (CSV: results::ResultTable). */
#include <string>

#include <nlohmann/json.hpp>

#include "tcsim/report/Report.hpp"

namespace tcsim::report {

/** @brief Output formats of `--format`. */
class ReportWriter {
public:
  /** @brief JSON with the contract's fields; keys in a fixed order so output is byte-stable. */
  static nlohmann::ordered_json to_json(const Report& report);
  /** @brief Human-readable table. */
  static std::string to_table(const Report& report);
  /** @brief Dispatch on "table" or "json". */
  static std::string render(const Report& report, const std::string& format);
};

}  // namespace tcsim::report
