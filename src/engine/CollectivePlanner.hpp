#pragma once
/** @file Private: turns a step's collectives into flow schedules on a platform. */
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tcsim/collective/CollectiveSelector.hpp"
#include "tcsim/collective/FlowSchedule.hpp"
#include "tcsim/engine/CollectiveSettings.hpp"
#include "tcsim/engine/CollectiveUse.hpp"
#include "tcsim/platform/Platform.hpp"

namespace tcsim::engine::detail {

/**
 * @brief Picks each collective's algorithm (forced by the workload, else what the job's
 * collective library would run; `best` selection is a search over forced algorithms one level up,
 * scenario's simulate_step) and builds its schedule at the settings' fidelity. Records what it
 * chose for the report.
 */
class CollectivePlanner {
public:
  CollectivePlanner(const platform::Platform& platform, CollectiveSettings settings, double step_overhead_s);

  /**
   * @brief The schedule of `operation` on `bytes` per rank over every communicator of `groups`
   * at once (copies of one another on other ranks, as a step runs all its groups of one kind;
   * their phases merged), `group` kind ("tp", "dp", ...).
   * @throw collective::UnavailableAlgorithm if the algorithm forced on `group` cannot run it.
   */
  collective::FlowSchedule plan(const std::string& group, collective::Operation operation,
                                const std::vector<collective::Communicator>& groups, double bytes);
  const std::vector<CollectiveUse>& uses() const { return uses_; }

private:
  std::pair<collective::LinkCost, collective::LinkCost> hop_costs(const collective::Communicator& communicator);
  /** Whether every two ranks of each of the communicator's nodes have a link of their own. */
  bool full_mesh_nodes(const collective::Communicator& communicator);
  /** Every group's schedule of `algorithm`, merged. */
  collective::FlowSchedule build(collective::Algorithm algorithm, collective::Operation operation,
                                 const std::vector<collective::Communicator>& groups, double bytes) const;
  const platform::Platform& platform_;
  CollectiveSettings settings_;
  double step_overhead_s_;
  std::vector<CollectiveUse> uses_;
  bool warned_ = false;
  /** full_mesh_nodes per node's rank set (communicators repeat them). */
  std::map<std::vector<int>, bool> full_mesh_;
};

}  // namespace tcsim::engine::detail
