#include "tcsim/engine/RunPlan.hpp"

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
  for (int k = 1; k * eval_every_epochs <= epochs + 1e-9; ++k) {
    const double at_samples = k * eval_every_epochs * static_cast<double>(train_samples);
    auto step = static_cast<std::int64_t>(std::ceil(at_samples / static_cast<double>(global_batch) - 1e-9));
    if (step > plan.steps) step = plan.steps;
    if (plan.eval_after_step.empty() || plan.eval_after_step.back() < step) plan.eval_after_step.push_back(step);
  }
  if (eval_at_end && (plan.eval_after_step.empty() || plan.eval_after_step.back() < plan.steps)) {
    plan.eval_after_step.push_back(plan.steps);
  }
  return plan;
}

}  // namespace tcsim::engine
