#pragma once
/** @file How a simulation picks and simulates its collectives. */
#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/CollectivePolicy.hpp"
#include "tcsim/hw/CommunicationLibrary.hpp"

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
   * @brief Time the flows no link can slow, whatever else runs meanwhile, from their routes
   * (latency + bytes / slowest link) instead of simulating them (exact: see UncontendedFlows in
   * src/engine); off only to check that it is.
   */
  bool compute_uncontended_flows = true;
  /** @brief How the algorithms the policy does not force are chosen, and the library that `library` follows. */
  collective::Selection selection = collective::Selection::library;
  hw::CommunicationLibrary library = hw::CommunicationLibrary::nccl;
};

}  // namespace tcsim::engine
