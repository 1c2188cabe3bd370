#pragma once
/** @file The one list of figures that run, compare and the output formats draw from. */
#include <string>
#include <vector>

#include "tcsim/results/Metric.hpp"

namespace tcsim::results {

/**
 * @brief Every metric a result row carries, in column order. A new figure is added here once and
 * appears in the table, JSON and CSV of every command that prints result rows.
 */
class MetricCatalog {
public:
  static const std::vector<Metric>& all();
  /** @brief The metric called `name`, or nullptr. */
  static const Metric* find(const std::string& name);
  /** @brief `value` with the metric's significant digits ("%.4g"), as CSV and tables print it. */
  static std::string format(const Metric& metric, double value);
};

}  // namespace tcsim::results
