// Placement of parallel ranks on NPUs and the resolution of parallel plans.
#include <gtest/gtest.h>

#include <set>

#include "support/CliRunner.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/parallel/ParallelPlan.hpp"
#include "tcsim/parallel/RankPlacement.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

using tcsim::parallel::ParallelPlan;
using tcsim::parallel::RankPlacement;

namespace {

nlohmann::json gpt3() { return tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/gpt3-175b.json")); }

ParallelPlan resolve(const nlohmann::json& doc, int npus) {
  return ParallelPlan::resolve(tcsim::workload::WorkloadLoader::from_json(doc, "w.json"), npus);
}

/** 8 NPUs per node, `nodes` nodes. */
std::vector<int> nodes_of_8(int nodes) {
  std::vector<int> node_of;
  for (int n = 0; n < nodes; ++n) node_of.insert(node_of.end(), 8, n);
  return node_of;
}

}  // namespace

TEST(RankPlacement, tensor_groups_stay_inside_a_node_and_data_parallel_is_outermost) {
  const ParallelPlan plan = resolve(gpt3(), 1024);
  EXPECT_EQ(plan.dp, 8);
  const RankPlacement placement(plan, {"tp", "pp", "dp"}, nodes_of_8(128));
  std::set<int> used;
  for (int d = 0; d < plan.dp; ++d) {
    for (int p = 0; p < plan.pp; ++p) {
      EXPECT_EQ(placement.nodes_spanned(placement.tp_group(d, p)), 1);
      for (int t = 0; t < plan.tp; ++t) used.insert(placement.npu(d, p, t));
    }
  }
  EXPECT_EQ(used.size(), 1024u);  // a bijection onto the NPUs
  // Consecutive stages sit on consecutive nodes; the replicas of one stage are 16 nodes apart.
  EXPECT_EQ(placement.node_of(placement.npu(0, 1, 0)), 1);
  EXPECT_EQ(placement.node_of(placement.npu(1, 0, 0)), 16);
  EXPECT_EQ(placement.nodes_spanned(placement.dp_group(0, 0)), 8);
}

TEST(RankPlacement, the_order_can_put_data_parallel_innermost) {
  const ParallelPlan plan = resolve(gpt3(), 1024);
  const RankPlacement placement(plan, {"dp", "tp", "pp"}, nodes_of_8(128));
  // Now the 8 data-parallel replicas of a shard share a node and a tensor group spans 8 nodes.
  EXPECT_EQ(placement.nodes_spanned(placement.dp_group(0, 0)), 1);
  EXPECT_EQ(placement.nodes_spanned(placement.tp_group(0, 0)), 8);
}

TEST(RankPlacement, expert_groups_are_consecutive_data_ranks_and_their_replicas_stride_by_ep) {
  ParallelPlan plan;
  plan.dp = 8;
  plan.tp = 2;
  plan.pp = 2;
  plan.ep = 4;
  const RankPlacement placement(plan, {"tp", "pp", "dp"}, nodes_of_8(4));
  const auto ep = placement.ep_group(5, 1, 1);
  ASSERT_EQ(ep.size(), 4u);
  EXPECT_EQ(ep.front(), placement.npu(4, 1, 1));
  EXPECT_EQ(ep.back(), placement.npu(7, 1, 1));
  const auto edp = placement.expert_dp_group(5, 1, 1);
  ASSERT_EQ(edp.size(), 2u);
  EXPECT_EQ(edp[0], placement.npu(1, 1, 1));
  EXPECT_EQ(edp[1], placement.npu(5, 1, 1));
}

TEST(ParallelPlan, splits_the_batch_into_micro_batches_and_the_layers_into_stages) {
  const ParallelPlan plan = resolve(gpt3(), 1024);
  EXPECT_EQ(plan.micro_batches, 192);  // 1536 / (8 x 1)
  EXPECT_EQ(plan.batch_per_rank, 192);
  ASSERT_EQ(plan.virtual_stage_blocks.size(), 16u);
  for (int blocks : plan.virtual_stage_blocks) EXPECT_EQ(blocks, 6);
  // Llama 3 405B has 126 layers: on 16 stages, stages 1-14 take 8 and the first and last 7.
  auto llama = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/llama3-405b.json"));
  llama["parallelism"]["pp"] = 16;
  const ParallelPlan uneven = resolve(llama, 16 * 8 * 4);
  EXPECT_EQ(uneven.virtual_stage_blocks.front(), 7);
  EXPECT_EQ(uneven.virtual_stage_blocks[1], 8);
  EXPECT_EQ(uneven.virtual_stage_blocks[14], 8);
  EXPECT_EQ(uneven.virtual_stage_blocks.back(), 7);
  // An explicit split is kept as given.
  llama["parallelism"]["stage_layers"] = {5, 9, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};
  EXPECT_EQ(resolve(llama, 16 * 8 * 4).virtual_stage_blocks.front(), 5);
  EXPECT_EQ(resolve(llama, 16 * 8 * 4).virtual_stage_blocks[1], 9);
}

TEST(ParallelPlan, impossible_plans_name_the_field_and_the_numbers) {
  const auto error = [](const nlohmann::json& doc, int npus, std::string* path) {
    return tcsim::test::input_error_text([&] { resolve(doc, npus); }, path);
  };
  std::string path;
  EXPECT_NE(error(gpt3(), 64, &path).find("needs 128 NPUs"), std::string::npos);
  EXPECT_EQ(path, "/parallelism/dp");
  auto doc = gpt3();
  doc["parallelism"]["micro_batch"] = 5;
  doc["global_batch"] = 1540;
  EXPECT_NE(error(doc, 1024, &path).find("does not split into micro-batches of 5"), std::string::npos);
  EXPECT_EQ(path, "/parallelism/micro_batch");
  doc = gpt3();
  doc["parallelism"]["schedule"] = "interleaved";
  doc["parallelism"]["virtual_stages"] = 2;
  doc["global_batch"] = 8 * 24;  // 24 micro-batches: not a multiple of 16
  EXPECT_NE(error(doc, 1024, &path).find("multiple of pp = 16"), std::string::npos);
  EXPECT_EQ(path, "/parallelism/virtual_stages");
  // 2^31 samples of 1 over 8 pipelines of 16 stages: 4e9 tasks would run the machine out of memory.
  doc = gpt3();
  doc["global_batch"] = 2147483648LL;
  EXPECT_NE(error(doc, 1024, &path).find("268435456 micro-batches of 1 per pipeline and step over 16 stages"),
            std::string::npos);
  EXPECT_EQ(path, "/parallelism/micro_batch");
  doc["global_batch"] = 8 * (ParallelPlan::kMaxPipelineTasks / 16);  // exactly the limit
  EXPECT_EQ(resolve(doc, 1024).micro_batches, ParallelPlan::kMaxPipelineTasks / 16);
}
