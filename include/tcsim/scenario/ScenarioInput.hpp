#pragma once
/** @file The documents of one scenario, after `--set` overrides. */
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tcsim/collective/Algorithm.hpp"

namespace tcsim::scenario {

/** @brief A topology and a workload document (with their file names) and the run options. */
struct ScenarioInput {
  nlohmann::json topology;
  std::string topology_file;
  nlohmann::json workload;
  std::string workload_file;
  std::uint64_t seed = 1;
  /** @brief Monte Carlo runs (seeds seed, seed + 1, ...), at most kMaxReplicas. */
  int replicas = 1;
  static constexpr int kMaxReplicas = 100000;
  /** @brief Processes the replicas may use (results do not depend on it). */
  int jobs = 1;
  /** @brief fast (default) or detailed collectives (`tcsim run --detailed`). */
  collective::Fidelity fidelity = collective::Fidelity::fast;
  /** @brief engine::CollectiveSettings::replay_private_calls (off: `run --no-replay`). */
  bool replay_private_calls = true;
  /** @brief engine::CollectiveSettings::compute_uncontended_flows (off: `run --simulate-uncontended`). */
  bool compute_uncontended_flows = true;
  /** @brief True for the unmodified built-in default: the table then shows Huawei's 59.8 s. */
  bool is_builtin_default = false;

  /**
   * @brief Reads the files (the built-in defaults where a path is empty) and applies the
   * overrides in order. Throws InputError on unreadable files or bad overrides.
   */
  static ScenarioInput load(const std::optional<std::string>& topology_path,
                            const std::optional<std::string>& workload_path, const std::vector<std::string>& overrides,
                            std::uint64_t seed);

  /**
   * @brief Reads one topology file and applies `topology.` overrides (for `inspect`); a
   * `workload.` override is an InputError.
   */
  static nlohmann::json load_topology(const std::string& path, const std::vector<std::string>& overrides);
};

}  // namespace tcsim::scenario
