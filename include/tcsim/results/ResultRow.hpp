#pragma once
/** @file One scenario's result: the inputs that identify it and its metrics. */
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tcsim/report/Report.hpp"

namespace tcsim::results {

/**
 * @brief What compare (and CSV output) keeps of a run: the inputs that identify the point
 * (files, every override, seed, replicas), the design it ran on (NPUs, device, plan) and the
 * value of every metric of MetricCatalog the run modelled. Travels between processes as JSON.
 */
struct ResultRow {
  /** @brief The design's or point's label. */
  std::string id;
  std::string topology_file;
  std::string workload_file;
  std::vector<std::string> overrides;
  std::uint64_t seed = 1;
  int replicas = 1;

  /** @brief The topology's and workload's own names. */
  std::string topology;
  std::string workload;
  std::string device;
  bool device_calibrated = true;
  /** @brief Where the efficiency comes from (a measurement, or the device it is borrowed from). */
  std::string calibration;
  int npus = 0;
  int job_npus = 0;
  int dp = 0;
  int tp = 1;
  int pp = 1;
  int ep = 1;
  std::int64_t global_batch = 0;

  /** @brief Why the point could not be simulated (then it has no values). */
  std::string error;
  /** @brief The error is bad input (a file, a value), not a failure of tcsim. */
  bool error_is_input = false;
  /** @brief By metric name; a metric the run did not model is absent. */
  std::map<std::string, double> values;

  /** @brief The row of `report` run from these inputs. */
  static ResultRow of(const report::Report& report, std::string id, std::string topology_file, std::string workload_file,
                      std::vector<std::string> overrides, int replicas);
  /** @brief "dp 8 x tp 8 x pp 16" (ep when above 1). */
  std::string plan() const;

  nlohmann::ordered_json to_json() const;
  /** @brief The inverse of to_json (throws nlohmann::json::exception on a malformed object). */
  static ResultRow from_json(const nlohmann::json& j);
};

}  // namespace tcsim::results
