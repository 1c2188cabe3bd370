#include "tcsim/scenario/ScenarioRunner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/common/Version.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/RunSimulator.hpp"
#include "tcsim/engine/StepSimulator.hpp"
#include "tcsim/platform/PlatformBuilder.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"
#include "tcsim/workload/MemoryModel.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

namespace tcsim::scenario {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

report::Report ScenarioRunner::run(const ScenarioInput& input) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto log = logger("engine");

  const topology::TopologySpec topo = topology::TopologyLoader::from_json(input.topology, input.topology_file);
  const workload::WorkloadSpec work = workload::WorkloadLoader::from_json(input.workload, input.workload_file);
  const topology::TopologyGraph graph = topology::TopologyGraph::from_spec(topo);
  graph.check(input.topology_file);

  // The step engine simulates data parallelism; tensor, pipeline and expert parallel plans are
  // checked and sized by the workload module but not yet simulated.
  if (work.tp > 1 || work.pp > 1 || work.ep > 1) {
    throw InputError(input.workload_file, "/parallelism",
                     "tcsim run simulates data-parallel plans only so far (tp = pp = ep = 1); this plan has tp " +
                         std::to_string(work.tp) + ", pp " + std::to_string(work.pp) + ", ep " + std::to_string(work.ep));
  }
  // Resolve the parallel plan: an omitted dp takes every NPU left by tp and pp.
  const int npus = topo.npus();
  const int dp = work.dp.value_or(npus / (work.tp * work.pp));
  if (dp < 1 || static_cast<long long>(dp) * work.tp * work.pp > npus) {
    throw InputError(input.workload_file, "/parallelism/dp",
                     "the plan needs " + std::to_string(static_cast<long long>(dp) * work.tp * work.pp) +
                         " NPUs but topology '" + topo.name + "' has " + std::to_string(npus));
  }
  if (work.global_batch < dp) {
    throw InputError(input.workload_file, "/global_batch",
                     "global batch " + std::to_string(work.global_batch) + " is smaller than the " + std::to_string(dp) +
                         " data-parallel ranks");
  }
  // With an uneven split the largest share sets the pace.
  const double batch_per_npu = std::ceil(static_cast<double>(work.global_batch) / dp);
  if (static_cast<double>(work.global_batch) != batch_per_npu * dp) {
    log->warn("global batch {} does not divide over {} ranks; the busiest rank gets {}", work.global_batch, dp,
              batch_per_npu);
  }
  // Ranks are node-major over the NPUs; the data-parallel ranks are the first dp of them. Each
  // accelerator model in the job gets one compute stream, represented by its first rank.
  std::vector<std::vector<int>> ranks_by_node;
  std::vector<engine::StepPlan::RankCompute> devices;
  double tdp_w = 0;
  for (int n = 0, rank = 0; n < topo.nodes; ++n) {
    const topology::NodeTemplate& node = topo.node_template(n);
    tdp_w += node.npus_per_node * node.npu.tdp_w;
    for (int i = 0; i < node.npus_per_node && rank < dp; ++i, ++rank) {
      if (i == 0) ranks_by_node.emplace_back();
      ranks_by_node.back().push_back(rank);
      bool known = false;
      for (const auto& d : devices) known = known || d.compute.device().key == node.npu.key;
      if (!known) devices.push_back({rank, engine::ComputeModel(node.npu)});
    }
  }
  const workload::MemoryBreakdown memory = workload::MemoryModel::per_npu(work, dp, batch_per_npu, 1);
  const double memory_bytes = memory.total_bytes();
  for (const auto& d : devices) {
    const hw::DeviceProfile& npu = d.compute.device();
    if (memory_bytes > npu.hbm_bytes) {
      char text[512];
      std::snprintf(text, sizeof text,
                    "the plan needs %.2f GiB per NPU but %s has %.2f GiB of HBM (weights %.2f, gradients %.2f, optimizer "
                    "%.2f, activations %.2f GiB at batch %g per NPU, buffers %.2f); shard the model (tp, pp, ZeRO), "
                    "recompute activations or lower the batch",
                    memory_bytes / kGiB, npu.display_name.c_str(), npu.hbm_bytes / kGiB, memory.weights_bytes / kGiB,
                    memory.gradients_bytes / kGiB, memory.optimizer_bytes / kGiB, memory.activations_bytes / kGiB,
                    batch_per_npu, memory.buffers_bytes / kGiB);
      // Point at what to change: the batch when activations dominate, else the parallel plan.
      const double states = memory.weights_bytes + memory.gradients_bytes + memory.optimizer_bytes;
      throw InputError(input.workload_file, memory.activations_bytes > states ? "/global_batch" : "/parallelism", text);
    }
  }

  auto since_start = [&wall_start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  };
  log->info("loaded and checked in {:.3f} s", since_start());
  for (const auto& d : devices) {
    if (!d.compute.device().calibrated) log->warn("device '{}': {}", d.compute.device().key, d.compute.device().calibration);
  }
  const platform::Platform platform = platform::PlatformBuilder::build(graph);
  log->info("platform built at {:.3f} s ({} links)", since_start(), platform.link_count());

  const engine::StepPlan plan =
      engine::StepPlan::data_parallel(work.model, devices, batch_per_npu, work.gradient_bucket_bytes, work.optimizer,
                                      ranks_by_node, work.collective_step_overhead_s);
  const engine::StepResult step = engine::StepSimulator::simulate(platform, plan);
  log->info("step simulated at {:.3f} s wall: {:.6f} s ({:.6f} s compute, {} flows)", since_start(), step.time_s,
            step.compute_s, step.flows);

  // Evaluation: forward passes over the validation set, split evenly over the ranks.
  const double eval_batch = std::ceil(static_cast<double>(work.eval_samples) / dp);
  double eval_s = 0;  // the slowest device sets the pace
  for (const auto& d : devices) {
    if (work.eval_samples > 0) eval_s = std::max(eval_s, d.compute.forward_s(work.model, eval_batch));
  }
  engine::RunPlan run_plan = engine::RunPlan::from_epochs(work.epochs, work.train_samples, work.global_batch,
                                                          work.eval_every_epochs, work.eval_at_end, step.time_s, eval_s);
  if (work.eval_samples == 0) run_plan.eval_after_step.clear();  // nothing to evaluate
  const engine::RunResult run = engine::RunSimulator::simulate(platform, run_plan);

  report::Report r;
  r.tcsim_version = version();
  r.topology = topo.name;
  r.workload = work.name;
  r.device_calibrated = true;
  for (const auto& d : devices) {
    r.device += (r.device.empty() ? "" : " + ") + d.compute.device().display_name;
    r.device_calibrated = r.device_calibrated && d.compute.device().calibrated;
  }
  r.npus = npus;
  r.dp = dp;
  r.seed = input.seed;
  r.global_batch = work.global_batch;
  r.batch_per_npu = batch_per_npu;
  r.epochs = work.epochs;
  r.flops_per_step = work.model.training_flops_per_sample() * static_cast<double>(work.global_batch);
  r.memory_per_npu_bytes = memory_bytes;
  r.step = step;
  r.run = run;
  // Upper bound until a power model exists: every NPU of the cluster at TDP for the whole run.
  r.energy_j = tdp_w * run.time_to_train_s;
  r.platform_links = platform.link_count();
  if (input.is_builtin_default) {
    r.reference = report::PublishedReference{
        "Huawei Atlas 900 (2019), 1024 x Ascend 910", 59.8,
        "Huawei launch, Sept. 2019: ResNet-50 to 75.9% top-1 in 59.8 s, as reported by the press; see "
        "data/reference/devices.csv"};
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

}  // namespace tcsim::scenario
