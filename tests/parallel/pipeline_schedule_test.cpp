// Orderings of the pipeline schedules: every pass once, forwards before their backwards, and the
// warm-up depth each schedule is known for.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "tcsim/parallel/PipelineSchedule.hpp"

using tcsim::parallel::PipelineOp;
using tcsim::parallel::PipelineSchedule;

namespace {

/** Checks that `ops` runs each (micro-batch, chunk) forward once and its backward once, after it. */
void expect_complete(const std::vector<PipelineOp>& ops, int m, int v, const std::string& context) {
  std::map<std::tuple<int, int, bool>, int> seen;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    ++seen[{op.micro_batch, op.chunk, op.forward}];
    if (!op.forward) {
      EXPECT_EQ((seen[{op.micro_batch, op.chunk, true}]), 1) << context << ": backward before forward at " << i;
    }
  }
  EXPECT_EQ(ops.size(), static_cast<std::size_t>(2 * m * v)) << context;
  for (int i = 0; i < m; ++i)
    for (int c = 0; c < v; ++c)
      for (bool f : {true, false}) EXPECT_EQ((seen[{i, c, f}]), 1) << context << " mb " << i << " chunk " << c;
}

/** Most forwards run but not yet matched by a backward, over the ordering. */
int peak_outstanding(const std::vector<PipelineOp>& ops) {
  int outstanding = 0;
  int peak = 0;
  for (const auto& op : ops) {
    outstanding += op.forward ? 1 : -1;
    peak = std::max(peak, outstanding);
  }
  return peak;
}

}  // namespace

TEST(PipelineSchedule, every_schedule_runs_each_pass_once_and_forwards_first) {
  for (const std::string schedule : {"gpipe", "1f1b"}) {
    for (int s = 0; s < 4; ++s) expect_complete(PipelineSchedule::for_stage(schedule, 4, s, 8, 1), 8, 1, schedule);
    for (int s = 0; s < 4; ++s) expect_complete(PipelineSchedule::for_stage(schedule, 4, s, 2, 1), 2, 1, schedule + " m<p");
  }
  for (int s = 0; s < 4; ++s) expect_complete(PipelineSchedule::for_stage("interleaved", 4, s, 8, 3), 8, 3, "interleaved");
}

TEST(PipelineSchedule, one_f_one_b_holds_at_most_p_minus_s_micro_batches) {
  for (int s = 0; s < 8; ++s) EXPECT_EQ(peak_outstanding(PipelineSchedule::for_stage("1f1b", 8, s, 32, 1)), 8 - s) << s;
  // GPipe holds every micro-batch of the step.
  EXPECT_EQ(peak_outstanding(PipelineSchedule::for_stage("gpipe", 8, 0, 32, 1)), 32);
  const auto gpipe = PipelineSchedule::for_stage("gpipe", 8, 3, 32, 1);
  for (int i = 0; i < 32; ++i) EXPECT_TRUE(gpipe[i].forward);
}

TEST(PipelineSchedule, interleaving_warms_up_like_megatron_and_visits_chunks_in_groups_of_p) {
  // Stage 0 of p = 4, v = 2: (p - 1)·2 + (v - 1)·p = 10 warm-up forwards, then 1F1B pairs.
  const auto ops = PipelineSchedule::for_stage("interleaved", 4, 0, 8, 2);
  for (int k = 0; k < 10; ++k) EXPECT_TRUE(ops[k].forward) << k;
  EXPECT_TRUE(ops[10].forward);
  EXPECT_FALSE(ops[11].forward);
  // Forwards: micro-batches 0-3 through chunk 0, then 0-3 through chunk 1, then 4-7 ...
  EXPECT_EQ(ops[3].micro_batch, 3);
  EXPECT_EQ(ops[3].chunk, 0);
  EXPECT_EQ(ops[4].micro_batch, 0);
  EXPECT_EQ(ops[4].chunk, 1);
  EXPECT_EQ(ops[8].micro_batch, 4);
  EXPECT_EQ(ops[8].chunk, 0);
  // The first backward goes through the last chunk.
  EXPECT_EQ(ops[11].chunk, 1);
  EXPECT_EQ(ops[11].micro_batch, 0);
  // The last stage starts backwards earliest: (v - 1)·p = 4 warm-up forwards.
  const auto last = PipelineSchedule::for_stage("interleaved", 4, 3, 8, 2);
  EXPECT_TRUE(last[4].forward);
  EXPECT_FALSE(last[5].forward);
}
