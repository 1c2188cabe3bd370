#pragma once
/** @file The most a simulated step can ask of each link at once. */
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace tcsim::engine {

/**
 * @brief How much of some links a simulated step used, and could have used.
 *
 * For each link the caller lists in `watch` (by SimGrid name: one direction of a split-duplex
 * link, "NAME_UP" or "NAME_DOWN"), the step engine records:
 * - `peak_bytes_per_s`: the highest load its simulated flows put on it, read at every advance of
 *   SimGrid's clock (the rates are constant in between);
 * - `computed_bytes_per_s`: the most that the flows it timed from their routes without
 *   simulating them (detail::UncontendedFlows) could put on it at once: over the step's streams,
 *   the busiest task judged uncontended there, at its flows' full speed;
 * - `verdict_bytes_per_s`: the highest load (a task's and the other streams' at once) at which
 *   it judged a task uncontended there.
 *
 * A link narrowed to no less than the sum of the first two, and than the third, never limits a
 * flow of that step: the max-min allocation of every instant still fits and stays the unique
 * fair one, and no verdict changes (nor, if the link stays at least as fast as every route's
 * slowest link, any flow's full speed). A step on it is the same step, so a run prices such a
 * degraded fabric without simulating it again (scenario's SimulatedRunCosts).
 */
struct LinkDemand {
  std::unordered_set<std::string> watch;
  std::unordered_map<std::string, double> peak_bytes_per_s;
  std::unordered_map<std::string, double> computed_bytes_per_s;
  std::unordered_map<std::string, double> verdict_bytes_per_s;
  /** @brief False when the engine did not time flows from their routes (`--simulate-uncontended`): nothing is known. */
  bool complete = false;

  /** @brief Whether watched `link` at `capacity_bytes_per_s` still carries everything the step put or could put on it. */
  bool fits(const std::string& link, double capacity_bytes_per_s) const {
    if (!complete || watch.count(link) == 0) return false;
    const auto value = [](const std::unordered_map<std::string, double>& of, const std::string& key) {
      const auto it = of.find(key);
      return it == of.end() ? 0.0 : it->second;
    };
    const double room = capacity_bytes_per_s * (1 - 1e-9);
    return value(peak_bytes_per_s, link) + value(computed_bytes_per_s, link) <= room &&
           value(verdict_bytes_per_s, link) <= room;
  }
};

}  // namespace tcsim::engine
