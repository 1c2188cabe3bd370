#pragma once
/** @file A comparison of designs as a table (a column per design) or JSON, with ratios. */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tcsim/results/ResultRow.hpp"

namespace tcsim::results {

/** @brief Renders compare's rows; every figure also as its ratio to the first design's. */
class ComparisonWriter {
public:
  /**
   * @brief What makes the comparison confounded: designs on different accelerator models (the
   * chip differs, not only the system), or devices whose efficiency is borrowed or comes from
   * different measurements.
   */
  static std::vector<std::string> warnings(const std::vector<ResultRow>& rows);
  static std::string table(const std::vector<ResultRow>& rows);
  static nlohmann::ordered_json json(const std::vector<ResultRow>& rows);
};

}  // namespace tcsim::results
