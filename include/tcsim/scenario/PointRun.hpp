#pragma once
/** @file One scenario of compare, sweep or check: its inputs, simulated in a child process. */
#include <cstdint>
#include <string>
#include <vector>

#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/results/ResultRow.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"

namespace tcsim::scenario {

/**
 * @brief A design of compare, a point of sweep, a scenario of check: files (empty: the
 * built-in default), overrides, seed and replicas, under an id. Each runs in a ProcessPool
 * child and comes back as a ResultRow.
 */
struct PointRun {
  std::string id;
  std::string topology_file;
  std::string workload_file;
  std::vector<std::string> overrides;
  std::uint64_t seed = 1;
  int replicas = 1;

  /** @brief Its input, read from its files and overrides. */
  ScenarioInput input() const;
  /** @brief Loads and plans it without simulating. @throw InputError on bad input. */
  void check() const;
  /** @brief Simulates it in this process (a ProcessPool task) and returns its ResultRow as JSON text. */
  std::string simulate() const;
  /** @brief The row a pool outcome stands for: the simulated one, or this point's inputs with the error. */
  results::ResultRow row(const ProcessPool::Outcome& outcome) const;
};

}  // namespace tcsim::scenario
