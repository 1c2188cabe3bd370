#include "tcsim/engine/RunPlan.hpp"

#include <algorithm>
#include <cmath>

namespace tcsim::engine {

RunPlan RunPlan::from_epochs(double epochs, std::int64_t train_samples, std::int64_t global_batch,
                             double eval_every_epochs, bool eval_at_end, double step_time_s, double eval_s) {
  RunPlan plan;
  const double samples = epochs * static_cast<double>(train_samples);
  plan.steps = static_cast<std::int64_t>(std::ceil(samples / static_cast<double>(global_batch) - 1e-9));
  plan.step_time_s = step_time_s;
  plan.eval_s = eval_s;
  // Evaluate at the first step boundary at or after each multiple of the cadence.
  const double steps_per_eval = eval_every_epochs * static_cast<double>(train_samples) / static_cast<double>(global_batch);
  if (steps_per_eval > 1) {
    // Multiples more than a step apart: each lands on its own step, and there are fewer of them
    // than steps.
    for (double k = 1; k * eval_every_epochs <= epochs + 1e-9; ++k) {
      auto step = static_cast<std::int64_t>(std::ceil(k * steps_per_eval - 1e-9));
      if (step > plan.steps) step = plan.steps;
      if (plan.eval_after_step.empty() || plan.eval_after_step.back() < step) plan.eval_after_step.push_back(step);
    }
  } else {
    // A cadence finer than one step: every step from the first multiple's to the last one's
    // evaluates once. Counted by step, not by multiple (every_epochs = 1e-9 would be a billion
    // multiples per epoch).
    const double last_multiple = std::floor((epochs + 1e-9) / eval_every_epochs);
    const auto first = static_cast<std::int64_t>(std::ceil(steps_per_eval - 1e-9));
    const auto last = static_cast<std::int64_t>(
        std::min(std::ceil(last_multiple * steps_per_eval - 1e-9), static_cast<double>(plan.steps)));
    for (std::int64_t step = std::max<std::int64_t>(first, 1); step <= last; ++step) plan.eval_after_step.push_back(step);
  }
  if (eval_at_end && (plan.eval_after_step.empty() || plan.eval_after_step.back() < plan.steps)) {
    plan.eval_after_step.push_back(plan.steps);
  }
  return plan;
}

}  // namespace tcsim::engine
