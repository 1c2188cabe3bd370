#include "tcsim/scenario/ScenarioRunner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/common/Version.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/PipelineSimulator.hpp"
#include "tcsim/engine/RunSimulator.hpp"
#include "tcsim/engine/StepSimulator.hpp"
#include "tcsim/platform/PlatformBuilder.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"

namespace tcsim::scenario {
report::Report ScenarioRunner::run(const ScenarioInput& input, engine::TraceRecorder* trace) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto log = logger("engine");

  const WorkloadInspection inspection = WorkloadInspection::of(input);
  const topology::TopologySpec& topo = inspection.topology;
  const workload::WorkloadSpec& work = inspection.workload;
  const parallel::ParallelPlan& plan = inspection.plan;
  const parallel::RankPlacement& placement = *inspection.placement;
  const int npus = topo.npus();
  const int dp = plan.dp;
  const double batch_per_npu = plan.batch_per_rank;
  // Each accelerator model in the job gets one compute model, represented by its first rank.
  std::vector<bool> used(npus, false);
  for (int d = 0; d < plan.dp; ++d)
    for (int p = 0; p < plan.pp; ++p)
      for (int t = 0; t < plan.tp; ++t) used[placement.npu(d, p, t)] = true;
  std::vector<engine::StepPlan::RankCompute> devices;
  for (int npu = 0; npu < npus; ++npu) {
    if (!used[npu]) continue;
    bool known = false;
    for (const auto& dev : devices) known = known || dev.compute.device().key == inspection.device_of(npu).key;
    if (!known) devices.push_back({npu, engine::ComputeModel(inspection.device_of(npu))});
  }
  double tdp_w = 0;
  for (int n = 0; n < topo.nodes; ++n) tdp_w += topo.node_template(n).npus_per_node * topo.node_template(n).npu.tdp_w;
  const double memory_bytes = inspection.memory.total_bytes();

  auto since_start = [&wall_start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  };
  log->info("loaded and checked in {:.3f} s", since_start());
  for (const auto& d : devices) {
    if (!d.compute.device().calibrated) log->warn("device '{}': {}", d.compute.device().key, d.compute.device().calibration);
  }
  const platform::Platform platform = platform::PlatformBuilder::build(*inspection.topology_graph);
  log->info("platform built at {:.3f} s ({} links)", since_start(), platform.link_count());

  // Plain data parallelism without accumulation runs on the bucketed engine (gradient
  // all-reduces overlapped with the backward pass); every other plan on the pipeline engine.
  engine::StepResult step;
  const engine::CollectiveSettings collectives{work.collectives, input.fidelity, input.replay_private_calls,
                                                 input.compute_uncontended_flows};
  try {
    if (plan.tp == 1 && plan.pp == 1 && plan.ep == 1 && plan.micro_batches == 1 && work.zero_stage == 0) {
      std::vector<int> ranks;
      for (int d = 0; d < dp; ++d) ranks.push_back(placement.npu(d, 0, 0));
      const engine::StepPlan dp_plan =
          engine::StepPlan::data_parallel(work.model, devices, batch_per_npu, work.gradient_bucket_bytes, work.optimizer,
                                          placement.by_node(ranks), work.collective_step_overhead_s);
      step = engine::StepSimulator::simulate(platform, dp_plan, collectives, trace);
    } else {
      if (devices.size() > 1) {
        log->warn("{} accelerator models in a {}-stage plan: every data-parallel replica is timed on replica 0's "
                  "devices (see docs/model-assumptions.md)",
                  devices.size(), plan.pp);
      }
      step = engine::PipelineSimulator::simulate(platform, *inspection.graph, collectives, trace);
    }
  } catch (const collective::UnavailableAlgorithm& e) {
    // Never a silent fallback: the workload asked for an algorithm its groups cannot run.
    throw InputError(input.workload_file, "/parallelism/collectives/" + e.group(), e.what());
  }
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
  r.tp = plan.tp;
  r.pp = plan.pp;
  r.ep = plan.ep;
  r.job_npus = dp * plan.tp * plan.pp;
  r.flops_per_step = inspection.flops_per_step();
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
