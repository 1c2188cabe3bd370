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
