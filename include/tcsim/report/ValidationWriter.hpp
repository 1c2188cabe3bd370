#pragma once
/** @file `tcsim validate` output: table, JSON or CSV. */
#include <string>

#include "tcsim/validation/ValidationRun.hpp"

namespace tcsim::report {

/** @brief Renders a validation run: each row measured vs predicted with its error, then the median and worst. */
class ValidationWriter {
public:
  /** @brief `format` is "table", "json" or "csv". */
  static std::string render(const validation::ValidationRun& run, const std::string& format);
};

}  // namespace tcsim::report
