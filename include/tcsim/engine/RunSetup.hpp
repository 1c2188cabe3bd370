#pragma once
/** @file Everything a training run's timeline needs besides the priced costs. */
#include <cstdint>
#include <vector>

#include "tcsim/engine/RunPlan.hpp"
#include "tcsim/topology/ReliabilitySpec.hpp"
#include "tcsim/workload/StorageTier.hpp"

namespace tcsim::engine {

/** @brief Checkpoints to one tier: every N steps, or every T seconds of run time. */
struct CheckpointCadence {
  workload::StorageTier tier = workload::StorageTier::parallel_fs;
  /** @brief > 0: every this many steps; else every `every_s` seconds. */
  std::int64_t every_steps = 0;
  double every_s = 0;
};

/** @brief A run: its steps and evaluations, checkpoints, data loading, failures and recovery. */
struct RunSetup {
  RunPlan plan;
  std::vector<CheckpointCadence> checkpoints;
  bool asynchronous_checkpoints = false;
  /** @brief Whether data loading is modelled (the workload says what a sample weighs and where it lives). */
  bool data_loading = false;
  /** @brief From this step on, samples come from the page cache (-1: the dataset does not fit in a node's memory). */
  std::int64_t warm_after_step = -1;
  /** @brief Failure classes' repair times, detection, restart and spares. */
  topology::ReliabilitySpec reliability;
  /** @brief Spare servers (ReliabilitySpec::spare_servers resolved against the idle servers). */
  int spare_servers = 0;
  /** @brief A run still unfinished after this much simulated time stops and reports `finished: false`. */
  double give_up_after_s = 0;
  /** @brief ... or after this many events (a storm of failures on a long job): a few seconds of simulation. */
  std::int64_t max_events = 20'000'000;
};

}  // namespace tcsim::engine
