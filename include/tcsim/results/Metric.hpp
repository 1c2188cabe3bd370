#pragma once
/** @file One figure a run reports, as every output format and command sees it. */
#include <optional>
#include <string>

#include "tcsim/report/Report.hpp"

namespace tcsim::results {

/**
 * @brief A reported figure: its column name, unit, what it means, the significant digits its
 * model supports, and how to read it from a report (nullopt where the run did not model it).
 */
struct Metric {
  std::string name;
  std::string unit;
  std::string description;
  int significant_digits = 4;
  std::optional<double> (*value)(const report::Report&) = nullptr;
};

}  // namespace tcsim::results
