#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "tcsim/engine/RunPlan.hpp"

using tcsim::engine::RunPlan;

TEST(RunPlan, steps_are_ceil_of_epochs_times_samples_over_batch) {
  const auto plan = RunPlan::from_epochs(64, 1281167, 32768, 4, true, 0.03, 0.01);
  EXPECT_EQ(plan.steps, 2503);  // ceil(64 * 1281167 / 32768) = ceil(2502.28)
}

TEST(RunPlan, evaluation_every_four_epochs_and_not_twice_at_the_end) {
  const auto plan = RunPlan::from_epochs(56, 1281167, 32768, 4, true, 0.03, 0.01);
  ASSERT_EQ(plan.eval_after_step.size(), 14u);
  EXPECT_EQ(plan.eval_after_step.front(), 157);  // ceil(4 * 1281167 / 32768) = ceil(156.4)
  EXPECT_EQ(plan.eval_after_step.back(), plan.steps);
}

TEST(RunPlan, final_evaluation_added_when_epochs_are_off_cadence) {
  const auto plan = RunPlan::from_epochs(42, 1281167, 8192, 4, true, 0.03, 0.01);
  ASSERT_EQ(plan.eval_after_step.size(), 11u);  // epochs 4..40, then the end
  EXPECT_EQ(plan.eval_after_step.back(), plan.steps);
  const auto no_end = RunPlan::from_epochs(42, 1281167, 8192, 4, false, 0.03, 0.01);
  EXPECT_EQ(no_end.eval_after_step.size(), 10u);
}

TEST(RunPlan, evaluation_points_are_increasing_and_within_the_run) {
  const auto plan = RunPlan::from_epochs(37.5, 1281167, 1664, 4, true, 0.1, 1.0);
  for (std::size_t i = 1; i < plan.eval_after_step.size(); ++i) EXPECT_LT(plan.eval_after_step[i - 1], plan.eval_after_step[i]);
  EXPECT_LE(plan.eval_after_step.back(), plan.steps);
}

namespace {
/** Every multiple of the cadence, one by one: the definition the fast loop must agree with. */
std::vector<std::int64_t> evaluations_one_multiple_at_a_time(double epochs, std::int64_t samples, std::int64_t batch,
                                                             double every, std::int64_t steps) {
  std::vector<std::int64_t> at;
  for (int k = 1; k * every <= epochs + 1e-9; ++k) {
    auto step = static_cast<std::int64_t>(std::ceil(k * every * samples / static_cast<double>(batch) - 1e-9));
    step = std::min(step, steps);
    if (at.empty() || at.back() < step) at.push_back(step);
  }
  return at;
}
}  // namespace

TEST(RunPlan, cadence_finer_than_a_step_evaluates_once_per_step) {
  // 10 steps per epoch, an evaluation asked for every 0.01 epochs: 10 per step, one happens.
  const auto plan = RunPlan::from_epochs(3, 1000, 100, 0.01, false, 0.1, 1.0);
  ASSERT_EQ(plan.steps, 30);
  ASSERT_EQ(plan.eval_after_step.size(), 30u);
  for (std::int64_t i = 0; i < 30; ++i) EXPECT_EQ(plan.eval_after_step[i], i + 1);
  // A cadence of 1e-300 epochs would be 3e300 multiples; the plan still has one per step.
  EXPECT_EQ(RunPlan::from_epochs(3, 1000, 100, 1e-300, true, 0.1, 1.0).eval_after_step.size(), 30u);
}

TEST(RunPlan, evaluations_match_taking_every_multiple_one_at_a_time) {
  for (const double every : {0.003, 0.05, 0.3, 1.0, 4.0, 7.5}) {
    for (const std::int64_t batch : {64, 1000, 3200, 65536}) {
      const double epochs = 9.7;
      const auto plan = RunPlan::from_epochs(epochs, 128117, batch, every, false, 0.1, 1.0);
      EXPECT_EQ(plan.eval_after_step, evaluations_one_multiple_at_a_time(epochs, 128117, batch, every, plan.steps))
          << "every " << every << " epochs, batch " << batch;
    }
  }
}
