#pragma once
/** @file Runs one scenario on several designs (topologies or workloads) side by side. */
#include <cstdint>
#include <string>
#include <vector>

#include "tcsim/results/ResultRow.hpp"
#include "tcsim/scenario/PointRun.hpp"

namespace tcsim::scenario {

/**
 * @brief `tcsim compare`: every design loaded first (a bad file or override is an InputError
 * before anything is simulated), then simulated in its own child process, `jobs` at a time.
 */
class DesignComparison {
public:
  /**
   * @brief Designs from files: `designs_are_topologies` says which list the positional files
   * fill (the other file is `fixed`, empty for the built-in default); ids are the files' stems,
   * numbered where they repeat. Each design has the comparison's --set overrides, then its own
   * `set_each` ones ("I:KEY=VALUE" with I from 1).
   * @throw InputError on a malformed or out-of-range --set-each.
   */
  static std::vector<PointRun> designs(const std::vector<std::string>& files, bool designs_are_topologies,
                                     const std::string& fixed, const std::vector<std::string>& set,
                                     const std::vector<std::string>& set_each);
  /** @brief One row per design, in order; a design that fails has its error and no values. */
  static std::vector<results::ResultRow> run(std::vector<PointRun> designs, std::uint64_t seed, int replicas, int jobs);
};

}  // namespace tcsim::scenario
