#pragma once
/** @file How a simulation picks and simulates its collectives. */
#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/CollectivePolicy.hpp"

namespace tcsim::engine {

/** @brief The workload's forced algorithms and the fidelity chosen on the command line (--detailed). */
struct CollectiveSettings {
  collective::CollectivePolicy policy;
  collective::Fidelity fidelity = collective::Fidelity::fast;
  /**
   * @brief Replay repeated calls of a collective whose links nothing else uses instead of
   * simulating them again (exact: see TimedSchedule); off only to check that it is.
   */
  bool replay_private_calls = true;
  /**
   * @brief In data-parallel steps, give a group of flows that no link can slow (whatever else
   * runs meanwhile) its duration from its routes instead of simulating its flows (exact: see
   * UncontendedTasks in src/engine); off only to check that it is.
   */
  bool compute_uncontended_phases = true;
};

}  // namespace tcsim::engine
