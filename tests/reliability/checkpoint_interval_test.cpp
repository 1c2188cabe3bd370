// Young's and Daly's optimal checkpoint intervals against Daly's (2006) worked cases.
#include <gtest/gtest.h>

#include "tcsim/reliability/CheckpointInterval.hpp"

using tcsim::reliability::CheckpointInterval;

TEST(CheckpointInterval, daly_reproduces_his_worked_cases) {
  const double minute = 60, hour = 3600;
  EXPECT_NEAR(CheckpointInterval::daly_s(24 * hour, 5 * minute) / minute, 117, 0.5);
  EXPECT_NEAR(CheckpointInterval::daly_s(6 * hour, 5 * minute) / minute, 57, 0.5);
  EXPECT_NEAR(CheckpointInterval::daly_s(15 * minute, 5 * minute) / minute, 9.1, 0.05);
}

TEST(CheckpointInterval, daly_approaches_young_when_checkpoints_are_cheap_and_is_the_mtbf_when_they_are_not) {
  const double m = 86400;
  for (double delta : {1.0, 10.0, 60.0}) {
    // Daly = Young (1 + O(sqrt(δ/M))) - δ: within a few per cent for δ << M.
    EXPECT_NEAR(CheckpointInterval::daly_s(m, delta) / CheckpointInterval::young_s(m, delta), 1.0, 0.03);
  }
  EXPECT_DOUBLE_EQ(CheckpointInterval::daly_s(100, 250), 100);
  EXPECT_DOUBLE_EQ(CheckpointInterval::young_s(24 * 3600, 300), 7200);
}
