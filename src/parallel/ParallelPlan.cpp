#include "tcsim/parallel/ParallelPlan.hpp"

#include <cmath>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/workload/StageSplit.hpp"

namespace tcsim::parallel {

int ParallelPlan::first_block(int k) const {
  int first = 0;
  for (int i = 0; i < k; ++i) first += virtual_stage_blocks[i];
  return first;
}

int ParallelPlan::stage_blocks(int stage) const {
  int blocks = 0;
  for (int c = 0; c < virtual_stages; ++c) blocks += virtual_stage_blocks[virtual_stage(stage, c)];
  return blocks;
}

ParallelPlan ParallelPlan::resolve(const workload::WorkloadSpec& w, int npus) {
  const std::string& file = w.source_file;
  ParallelPlan plan;
  plan.tp = w.tp;
  plan.pp = w.pp;
  plan.ep = w.ep;
  plan.virtual_stages = w.virtual_stages;
  plan.schedule = w.schedule;
  plan.dp = w.dp.value_or(npus / (w.tp * w.pp));
  const long long needed = static_cast<long long>(plan.dp) * w.tp * w.pp;
  if (plan.dp < 1 || needed > npus) {
    throw InputError(file, "/parallelism/dp",
                     "the plan needs " + std::to_string(std::max<long long>(needed, static_cast<long long>(w.tp) * w.pp)) +
                         " NPUs (dp x tp x pp) but the topology has " + std::to_string(npus));
  }
  if (plan.dp % plan.ep != 0) {
    throw InputError(file, "/parallelism/ep",
                     "ep = " + std::to_string(plan.ep) + " must divide the data-parallel degree " + std::to_string(plan.dp) +
                         " (experts are split over data-parallel ranks)");
  }
  if (w.global_batch < plan.dp) {
    throw InputError(file, "/global_batch",
                     "global batch " + std::to_string(w.global_batch) + " is smaller than the " + std::to_string(plan.dp) +
                         " data-parallel ranks");
  }
  if (w.micro_batch == 0) {
    // No accumulation: the whole per-rank batch at once. With an uneven split the largest share
    // sets the pace.
    plan.batch_per_rank = std::ceil(static_cast<double>(w.global_batch) / plan.dp);
    if (static_cast<double>(w.global_batch) != plan.batch_per_rank * plan.dp) {
      logger("workload")->warn("global batch {} does not divide over {} ranks; the busiest rank gets {}", w.global_batch,
                               plan.dp, plan.batch_per_rank);
    }
    plan.micro_batch = plan.batch_per_rank;
    plan.micro_batches = 1;
  } else {
    if (w.global_batch % (static_cast<long long>(plan.dp) * w.micro_batch) != 0) {
      throw InputError(file, "/parallelism/micro_batch",
                       "global batch " + std::to_string(w.global_batch) + " does not split into micro-batches of " +
                           std::to_string(w.micro_batch) + " over " + std::to_string(plan.dp) + " data-parallel ranks");
    }
    const long long micro_batches = w.global_batch / (static_cast<long long>(plan.dp) * w.micro_batch);
    const long long tasks = micro_batches * plan.pp * plan.virtual_stages;
    if (tasks > ParallelPlan::kMaxPipelineTasks) {
      throw InputError(file, "/parallelism/micro_batch",
                       std::to_string(micro_batches) + " micro-batches of " + std::to_string(w.micro_batch) +
                           " per pipeline and step over " + std::to_string(plan.pp * plan.virtual_stages) +
                           " stages are " + std::to_string(tasks) + " tasks to simulate; at most " +
                           std::to_string(ParallelPlan::kMaxPipelineTasks) +
                           " are (raise micro_batch, or lower global_batch)");
    }
    plan.micro_batch = w.micro_batch;
    plan.micro_batches = static_cast<int>(micro_batches);
    plan.batch_per_rank = plan.micro_batch * plan.micro_batches;
  }
  if (plan.virtual_stages > 1 && plan.micro_batches % plan.pp != 0) {
    throw InputError(file, "/parallelism/virtual_stages",
                     "the interleaved schedule needs the micro-batches per pipeline (" + std::to_string(plan.micro_batches) +
                         ") to be a multiple of pp = " + std::to_string(plan.pp) + " (as in Megatron-LM)");
  }

  if (!w.transformer) return plan;
  const int blocks = w.transformer->layers;
  const int k = plan.virtual_stage_count();
  if (!w.stage_layers.empty()) {
    plan.virtual_stage_blocks = w.stage_layers;
  } else {
    plan.virtual_stage_blocks = workload::even_stage_split(blocks, k);
  }
  return plan;
}

}  // namespace tcsim::parallel
