#include "StepEngine.hpp"

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/engine/PipelineSimulator.hpp"
#include "tcsim/engine/StepSimulator.hpp"

namespace tcsim::scenario::detail {

std::vector<engine::StepPlan::RankCompute> job_devices(const WorkloadInspection& inspection,
                                                       const parallel::RankPlacement& placement) {
  const parallel::ParallelPlan& plan = inspection.plan;
  std::vector<engine::StepPlan::RankCompute> devices;
  std::vector<bool> used(static_cast<std::size_t>(inspection.topology.npus()), false);
  for (int d = 0; d < plan.dp; ++d)
    for (int p = 0; p < plan.pp; ++p)
      for (int t = 0; t < plan.tp; ++t) used[placement.npu(d, p, t)] = true;
  for (int npu = 0; npu < static_cast<int>(used.size()); ++npu) {
    if (!used[npu]) continue;
    const hw::DeviceProfile& device = inspection.topology.node_template(placement.node_of(npu)).npu;
    bool known = false;
    for (const auto& d : devices) known = known || d.compute.device().key == device.key;
    if (!known) devices.push_back({npu, engine::ComputeModel(device)});
  }
  return devices;
}

engine::StepResult simulate_step(const WorkloadInspection& inspection, const platform::Platform& platform,
                                 const parallel::RankPlacement& placement, const engine::CollectiveSettings& settings,
                                 engine::TraceRecorder* trace, engine::LinkDemand* demand) {
  const workload::WorkloadSpec& work = inspection.workload;
  const parallel::ParallelPlan& plan = inspection.plan;
  const auto devices = job_devices(inspection, placement);
  try {
    if (plan.tp == 1 && plan.pp == 1 && plan.ep == 1 && plan.micro_batches == 1 && work.zero_stage == 0) {
      std::vector<int> ranks;
      for (int d = 0; d < plan.dp; ++d) ranks.push_back(placement.npu(d, 0, 0));
      const engine::StepPlan dp_plan =
          engine::StepPlan::data_parallel(work.model, devices, plan.batch_per_rank, work.gradient_bucket_bytes, work.optimizer,
                                          placement.by_node(ranks), work.collective_step_overhead_s);
      return engine::StepSimulator::simulate(platform, dp_plan, settings, trace, demand);
    }
    if (devices.size() > 1) {
      logger("engine")->warn("{} accelerator models in a {}-stage plan: every data-parallel replica is timed on replica 0's "
                             "devices (see docs/model-assumptions.md)",
                             devices.size(), plan.pp);
    }
    if (&placement == &*inspection.placement)
      return engine::PipelineSimulator::simulate(platform, *inspection.graph, settings, trace, demand);
    std::vector<engine::ComputeModel> stage_compute;
    for (int p = 0; p < plan.pp; ++p)
      stage_compute.emplace_back(inspection.topology.node_template(placement.node_of(placement.npu(0, p, 0))).npu);
    const auto graph = engine::StepGraph::build(work, plan, placement, stage_compute);
    return engine::PipelineSimulator::simulate(platform, graph, settings, trace, demand);
  } catch (const collective::UnavailableAlgorithm& e) {
    // Never a silent fallback: the workload asked for an algorithm its groups cannot run.
    throw InputError(work.source_file, "/parallelism/collectives/" + e.group(), e.what());
  }
}

}  // namespace tcsim::scenario::detail
