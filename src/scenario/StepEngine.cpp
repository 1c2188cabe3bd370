#include "StepEngine.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/engine/PipelineSimulator.hpp"
#include "tcsim/engine/StepSimulator.hpp"

namespace tcsim::scenario::detail {

std::vector<bool> job_npu_mask(const WorkloadInspection& inspection, const parallel::RankPlacement& placement) {
  const parallel::ParallelPlan& plan = inspection.plan;
  std::vector<bool> used(static_cast<std::size_t>(inspection.topology.npus()), false);
  for (int d = 0; d < plan.dp; ++d)
    for (int p = 0; p < plan.pp; ++p)
      for (int t = 0; t < plan.tp; ++t) used[placement.npu(d, p, t)] = true;
  return used;
}

std::vector<engine::StepPlan::RankCompute> job_devices(const WorkloadInspection& inspection,
                                                       const parallel::RankPlacement& placement) {
  std::vector<engine::StepPlan::RankCompute> devices;
  const std::vector<bool> used = job_npu_mask(inspection, placement);
  for (int npu = 0; npu < static_cast<int>(used.size()); ++npu) {
    if (!used[npu]) continue;
    const hw::DeviceProfile& device = inspection.topology.node_template(placement.node_of(npu)).npu;
    bool known = false;
    for (const auto& d : devices) known = known || d.compute.device().key == device.key;
    if (!known) devices.push_back({npu, engine::ComputeModel(device)});
  }
  return devices;
}

namespace {

engine::StepResult simulate_with(const WorkloadInspection& inspection, const platform::Platform& platform,
                                 const parallel::RankPlacement& placement, const engine::CollectiveSettings& settings,
                                 engine::TraceRecorder* trace, engine::LinkDemand* demand);

/** The step time with `settings`, simulated in a child process; nullopt if a forced algorithm cannot run. */
std::optional<double> step_time_in_child(const WorkloadInspection& inspection, const platform::Platform& platform,
                                         const parallel::RankPlacement& placement,
                                         const engine::CollectiveSettings& settings) {
  const auto outcome = ProcessPool::run(1, 1, [&](std::size_t) {
    return fmt::format("{:.17g}", simulate_with(inspection, platform, placement, settings, nullptr, nullptr).time_s);
  });
  if (outcome[0].input_error) return std::nullopt;
  if (!outcome[0].ok()) throw std::runtime_error("best selection: a trial step failed: " + outcome[0].error);
  return std::stod(outcome[0].output);
}

/**
 * `best` selection: for each collective the step runs (group kind and operation) that the
 * workload does not force, every algorithm tcsim has is tried in a whole step (each in a child
 * process), the others held at their current choice, and the fastest kept; passes repeat until
 * no choice changes (at most three), so that changing one group's algorithm alone cannot make
 * the step faster. Starts from the library's step, which a tie keeps.
 */
engine::StepResult simulate_best(const WorkloadInspection& inspection, const platform::Platform& platform,
                                 const parallel::RankPlacement& placement, const engine::CollectiveSettings& settings,
                                 engine::TraceRecorder* trace, engine::LinkDemand* demand) {
  engine::CollectiveSettings current = settings;
  current.selection = collective::Selection::library;
  // What the step runs, and the library's step to beat.
  std::vector<std::pair<std::string, collective::Operation>> searched;
  double current_s = 0;
  {
    const auto outcome = ProcessPool::run(1, 1, [&](std::size_t) {
      const auto step = simulate_with(inspection, platform, placement, current, nullptr, nullptr);
      nlohmann::json j = {{"time_s", step.time_s}, {"uses", nlohmann::json::array()}};
      for (const auto& use : step.collectives)
        if (!use.forced) j["uses"].push_back({use.group, use.operation});
      return j.dump();
    });
    if (outcome[0].input_error) return simulate_with(inspection, platform, placement, current, trace, demand);  // says why
    if (!outcome[0].ok()) throw std::runtime_error("best selection: the library's step failed: " + outcome[0].error);
    const auto j = nlohmann::json::parse(outcome[0].output);
    current_s = j["time_s"];
    for (const auto& u : j["uses"]) searched.emplace_back(u[0], *collective::operation_named(u[1]));
  }
  for (int pass = 0; pass < 3; ++pass) {
    bool changed = false;
    for (const auto& [group, operation] : searched) {
      const auto held = current.policy.forced(group, operation);
      for (collective::Algorithm candidate : collective::CollectiveLibrary::algorithms_for(operation)) {
        if (held && candidate == *held) continue;
        engine::CollectiveSettings trial = current;
        trial.policy.force(group, operation, candidate);
        const auto t = step_time_in_child(inspection, platform, placement, trial);
        logger("engine")->debug("best selection: {} {} {}: step {} s", group, collective::name_of(operation),
                                collective::name_of(candidate), t ? fmt::format("{:.9g}", *t) : "(cannot run)");
        if (t && *t < current_s * (1 - 1e-9)) {
          current = trial;
          current_s = *t;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  engine::StepResult result = simulate_with(inspection, platform, placement, current, trace, demand);
  for (auto& use : result.collectives) {
    if (settings.policy.forced(use.group, *collective::operation_named(use.operation))) continue;
    use.forced = false;
    use.selection = "best";
    use.library.clear();
  }
  return result;
}

}  // namespace

engine::StepResult simulate_step(const WorkloadInspection& inspection, const platform::Platform& platform,
                                 const parallel::RankPlacement& placement, const engine::CollectiveSettings& settings,
                                 engine::TraceRecorder* trace, engine::LinkDemand* demand) {
  if (settings.selection == collective::Selection::best)
    return simulate_best(inspection, platform, placement, settings, trace, demand);
  return simulate_with(inspection, platform, placement, settings, trace, demand);
}

namespace {

engine::StepResult simulate_with(const WorkloadInspection& inspection, const platform::Platform& platform,
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

}  // namespace

}  // namespace tcsim::scenario::detail
