#pragma once
/** @file The sequence of a training run: steps and the evaluations between them. */
#include <cstdint>
#include <vector>

namespace tcsim::engine {

/** @brief What a whole run does, from the step time and the workload's schedule. */
struct RunPlan {
  std::int64_t steps = 0;
  double step_time_s = 0;
  /** @brief Evaluations happen after these step counts (ascending, each <= steps). */
  std::vector<std::int64_t> eval_after_step;
  /** @brief Duration of one evaluation pass, in seconds. */
  double eval_s = 0;

  /**
   * @brief Steps = ceil(epochs · train_samples / global_batch); an evaluation after every
   * `eval_every_epochs` epochs (at the step where that epoch ends) and, if `eval_at_end`, after the
   * last step when the cadence did not already put one there.
   */
  static RunPlan from_epochs(double epochs, std::int64_t train_samples, std::int64_t global_batch,
                             double eval_every_epochs, bool eval_at_end, double step_time_s, double eval_s);
};

}  // namespace tcsim::engine
