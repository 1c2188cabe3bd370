#pragma once
/** @file Result rows as CSV: one header, stable columns, each value at its model's precision. */
#include <string>
#include <vector>

#include "tcsim/results/ResultRow.hpp"

namespace tcsim::results {

/**
 * @brief The CSV of run and compare: the identifying columns (id, files, overrides joined by
 * ';', seed, replicas, topology, workload, device, calibration, NPUs, plan, error), then every
 * metric of MetricCatalog in its order; an empty cell where a metric was not modelled.
 */
class ResultTable {
public:
  static std::string csv(const std::vector<ResultRow>& rows);
  /** @brief The header line alone (without the newline). */
  static std::string csv_header();
  /** @brief One row's line (without the newline). */
  static std::string csv_record(const ResultRow& row);
  /** @brief The cells of one CSV line (RFC 4180 quoting undone). */
  static std::vector<std::string> split_record(const std::string& line);
  /** @brief The overrides as the `overrides` column holds them (joined by ';'). */
  static std::string joined_overrides(const std::vector<std::string>& overrides);
};

}  // namespace tcsim::results
