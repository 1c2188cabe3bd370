#pragma once
/** @file Private: the highest load some links carry during one simulation. */
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <simgrid/forward.h>

namespace tcsim::engine::detail {

/**
 * @brief While it lives, reads the usage (sum of the rates of the transfers crossing it) of each
 * watched link at every advance of SimGrid's clock, when it has held since the last one, and
 * keeps the highest. One at a time per process (SimGrid's clock signal cannot be disconnected:
 * it is connected once and reads whichever is current).
 */
class PeakUsage {
 public:
  explicit PeakUsage(const std::unordered_set<std::string>& names);
  ~PeakUsage();
  PeakUsage(const PeakUsage&) = delete;
  PeakUsage& operator=(const PeakUsage&) = delete;

  /** @brief The highest usage of each watched link that exists, in bytes per second, by name. */
  std::unordered_map<std::string, double> peaks() const;

 private:
  void sample();
  std::vector<std::pair<const simgrid::s4u::Link*, double>> links_;
};

}  // namespace tcsim::engine::detail
