#pragma once
/** @file Runs one scenario on several designs (topologies or workloads) side by side. */
#include <cstdint>
#include <string>
#include <vector>

#include "tcsim/results/ResultRow.hpp"

namespace tcsim::scenario {

/** @brief One column of a comparison: its files and the overrides that apply to it alone. */
struct Design {
  std::string id;
  std::string topology_file;
  std::string workload_file;
  /** @brief The comparison's --set overrides, then this design's --set-each ones. */
  std::vector<std::string> overrides;
};

/**
 * @brief `tcsim compare`: every design loaded first (a bad file or override is an InputError
 * before anything is simulated), then simulated in its own child process, `jobs` at a time.
 */
class DesignComparison {
public:
  /**
   * @brief Designs from files: `designs_are_topologies` says which list the positional files
   * fill (the other file is `fixed`, empty for the built-in default); ids are the files' stems,
   * numbered where they repeat. `set_each` entries are "I:KEY=VALUE" with I from 1.
   * @throw InputError on a malformed or out-of-range --set-each.
   */
  static std::vector<Design> designs(const std::vector<std::string>& files, bool designs_are_topologies,
                                     const std::string& fixed, const std::vector<std::string>& set,
                                     const std::vector<std::string>& set_each);
  /** @brief One row per design, in order; a design that fails has its error and no values. */
  static std::vector<results::ResultRow> run(const std::vector<Design>& designs, std::uint64_t seed, int replicas,
                                             int jobs);
};

}  // namespace tcsim::scenario
