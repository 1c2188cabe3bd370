#pragma once
/** @file Outcome of one simulated training run. */
#include <array>
#include <cstdint>

#include "tcsim/topology/ComponentClass.hpp"

namespace tcsim::engine {

/**
 * @brief Time-to-train and where it went, in seconds. The parts add up to time_to_train_s:
 * train + eval + data_load + checkpoint + lost_work + restart + repair_wait.
 */
struct RunResult {
  std::int64_t steps = 0;
  /** @brief Steps done when the run ended: `steps`, or fewer if it gave up. */
  std::int64_t steps_done = 0;
  std::int64_t evaluations = 0;
  double time_to_train_s = 0;
  /** @brief Steps that count (work later rolled back to a checkpoint is in lost_work_s instead). */
  double train_s = 0;
  double eval_s = 0;
  /** @brief Input pipeline time not hidden behind steps (0 when the workload does not say what to read). */
  double data_load_s = 0;
  /** @brief Training stopped for checkpoints, plus steps slowed by background copies. */
  double checkpoint_s = 0;
  std::int64_t checkpoints = 0;
  /** @brief Work done since the checkpoint a restart went back to, plus partial steps cut by failures. */
  double lost_work_s = 0;
  /** @brief Detection, restart and restore after interruptions. */
  double restart_s = 0;
  /** @brief Waiting for repairs when no spare was left (or the fabric was cut). */
  double repair_wait_s = 0;
  /** @brief Component failures during the run, and those that stopped the job. */
  std::int64_t failures = 0;
  std::int64_t interruptions = 0;
  std::array<std::int64_t, topology::kComponentClasses> failures_by_class{};
  std::array<std::int64_t, topology::kComponentClasses> interruptions_by_class{};
  /** @brief Servers of the job replaced by spares. */
  std::int64_t replacements = 0;
  /** @brief Time steps ran on a degraded fabric or a moved placement (part of train and lost work). */
  double degraded_s = 0;
  /** @brief False when the run gave up before its last step: at RunSetup::give_up_after_s, or at max_events. */
  bool finished = true;
  bool hit_event_limit = false;
  /** @brief 1 - (checkpoint + lost work + restart + repair wait) / time to train. */
  double goodput = 1.0;
  /** @brief Events the run simulation processed. */
  std::int64_t activities = 0;
};

}  // namespace tcsim::engine
