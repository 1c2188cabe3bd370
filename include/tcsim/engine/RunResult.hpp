#pragma once
/** @file Outcome of a simulated training run. */
#include <cstdint>

namespace tcsim::engine {

/** @brief Time-to-train and its breakdown, in seconds. */
struct RunResult {
  std::int64_t steps = 0;
  std::int64_t evaluations = 0;
  double time_to_train_s = 0;
  /** @brief Time spent in training steps. */
  double train_s = 0;
  double eval_s = 0;
  /** @brief Input pipeline time not hidden behind steps (0 until storage tiers are modelled). */
  double data_load_s = 0;
  double checkpoint_s = 0;
  std::int64_t failures = 0;
  double lost_work_s = 0;
  double restart_s = 0;
  /** @brief 1 - (checkpoint + lost work + restart) / time to train. */
  double goodput = 1.0;
  /** @brief SimGrid activities the run simulation used. */
  std::int64_t activities = 0;
};

}  // namespace tcsim::engine
