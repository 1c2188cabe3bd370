#pragma once
/** @file A baseline file: scenarios and the figures pinned for each, with tolerances. */
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim::scenario {

/**
 * @brief `tcsim.baseline/1`, what `tcsim check` re-runs: scenarios (topology and workload files
 * relative to the baseline's folder, overrides, seed, replicas) and, for each, metrics of the
 * result schema pinned to a value with a relative tolerance (the file's default unless the
 * metric gives its own). `changed` and `reason` say when and why it was last re-pinned.
 */
struct Baseline {
  struct Pin {
    std::string metric;
    double value = 0;
    double tolerance = 0;
    /** @brief Whether the metric gave its own tolerance (kept as written on --update). */
    bool own_tolerance = false;
  };
  struct Scenario {
    std::string name;
    std::string topology_file;
    std::string workload_file;
    /** @brief As written in the file (relative paths are rewritten on --update as they were). */
    std::string topology_as_written;
    std::string workload_as_written;
    std::vector<std::string> overrides;
    std::uint64_t seed = 1;
    int replicas = 1;
    std::vector<Pin> pins;
  };

  std::string file;
  std::string about;
  std::string changed;
  std::string reason;
  double tolerance = 0.01;
  std::vector<Scenario> scenarios;

  /** @throw InputError naming the file and JSON path of what is wrong. */
  static Baseline load(const std::string& path);
  /** @brief The file's JSON (what --update writes). */
  nlohmann::ordered_json to_json() const;
};

}  // namespace tcsim::scenario
