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
 * @brief Picks each collective's algorithm (forced by the workload, else the selector's choice
 * from the group's intra- and inter-node hop costs on the platform) and builds its schedule at
 * the settings' fidelity. Records what it chose for the report.
 */
class CollectivePlanner {
public:
  CollectivePlanner(const platform::Platform& platform, CollectiveSettings settings, double step_overhead_s);

  /**
   * @brief The schedule of `operation` on `bytes` per rank over `communicator`, a `group` kind
   * communicator ("tp", "dp", ...).
   * @throw collective::UnavailableAlgorithm if the algorithm forced on `group` cannot run it.
   */
  collective::FlowSchedule plan(const std::string& group, collective::Operation operation,
                                const collective::Communicator& communicator, double bytes);
  const std::vector<CollectiveUse>& uses() const { return uses_; }

private:
  std::pair<collective::LinkCost, collective::LinkCost> hop_costs(const collective::Communicator& communicator);
  /** Whether every two ranks of each of the communicator's nodes have a link of their own. */
  bool full_mesh_nodes(const collective::Communicator& communicator);
  const platform::Platform& platform_;
  CollectiveSettings settings_;
  double step_overhead_s_;
  std::vector<CollectiveUse> uses_;
  /** full_mesh_nodes per node's rank set (communicators repeat them). */
  std::map<std::vector<int>, bool> full_mesh_;
  bool warned_ = false;
};

}  // namespace tcsim::engine::detail
