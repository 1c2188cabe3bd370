#include "tcsim/scenario/ScenarioRunner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <set>
#include <type_traits>

#include <boost/graph/adjacency_list.hpp>
#include <fmt/format.h>

#include "SimulatedRunCosts.hpp"
#include "StepEngine.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/engine/EnergyAccount.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/common/Version.hpp"
#include "tcsim/engine/RunSimulator.hpp"
#include "tcsim/platform/PlatformBuilder.hpp"
#include "tcsim/reliability/CheckpointInterval.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/reliability/FailureProcess.hpp"
#include "tcsim/reliability/FailureSummary.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"
#include "tcsim/workload/MemoryModel.hpp"

namespace tcsim::scenario {
namespace {

constexpr double kDay = 86400.0;
/** A run not finished after this many times its failure-free length gives up (no checkpoints, say). */
constexpr double kGiveUpFactor = 100.0;
/** Most checkpoints per tier in a failure-free run (each is a few events of the timeline). */
constexpr double kMaxCheckpoints = 1e7;
/** The trace's process for the run's timeline, after the step's processes. */
constexpr int kRunTraceProcess = 1000;

static_assert(std::is_trivially_copyable_v<engine::RunResult>, "replicas come back from child processes as bytes");

std::string to_bytes(const std::vector<engine::RunResult>& runs) {
  return {reinterpret_cast<const char*>(runs.data()), runs.size() * sizeof(engine::RunResult)};
}

std::vector<engine::RunResult> from_bytes(const std::string& bytes) {
  std::vector<engine::RunResult> runs(bytes.size() / sizeof(engine::RunResult));
  std::memcpy(static_cast<void*>(runs.data()), bytes.data(), runs.size() * sizeof(engine::RunResult));
  return runs;
}

}  // namespace

report::Report ScenarioRunner::run(const ScenarioInput& input, engine::TraceRecorder* trace) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto log = logger("engine");
  auto since_start = [&wall_start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  };

  const WorkloadInspection inspection = WorkloadInspection::of(input);
  const topology::TopologySpec& topo = inspection.topology;
  const workload::WorkloadSpec& work = inspection.workload;
  const parallel::ParallelPlan& plan = inspection.plan;
  const int npus = topo.npus();
  const int job_npus = plan.dp * plan.tp * plan.pp;
  const auto devices = detail::job_devices(inspection, *inspection.placement);

  // Everything the run needs from the inputs is checked before anything is simulated.
  const reliability::ComponentInventory inventory(*inspection.topology_graph, topo, job_npus);
  const topology::ReliabilitySpec& reliability = topo.reliability;
  const int idle_servers = inventory.servers() - inventory.job_servers();
  int spares = reliability.spare_servers < 0 ? idle_servers : reliability.spare_servers;
  if (spares > idle_servers) {
    throw InputError(input.topology_file, "/reliability/spares/servers",
                     "asks for " + std::to_string(spares) + " spare servers but only " + std::to_string(idle_servers) +
                         " are idle (the job uses " + std::to_string(inventory.job_servers()) + " of " +
                         std::to_string(inventory.servers()) + " servers); add nodes or ask for fewer spares");
  }
  std::vector<reliability::Failure> trace_failures;
  if (reliability.failures == topology::ReliabilitySpec::Failures::trace)
    trace_failures = reliability::FailureProcess::resolve_trace(inventory, reliability, input.topology_file);

  for (const auto& d : devices) {
    if (!d.compute.device().calibrated) log->warn("device '{}': {}", d.compute.device().key, d.compute.device().calibration);
  }
  log->info("loaded and checked in {:.3f} s", since_start());
  const platform::Platform platform = platform::PlatformBuilder::build(*inspection.topology_graph);
  log->info("platform built at {:.3f} s ({} links)", since_start(), platform.link_count());

  // One library for the job: the first NPU's (a job does not mix HCCL and NCCL).
  const engine::CollectiveSettings collectives{work.collectives,
                                               input.fidelity,
                                               input.replay_private_calls,
                                               input.compute_uncontended_flows,
                                               work.algorithm_selection,
                                               inspection.device_of(0).library};
  // The fabric links a failure may narrow: the step records how much of them it uses, so that a
  // narrowing the step has room for is priced without simulating it again.
  engine::LinkDemand demand;
  if (reliability.failures != topology::ReliabilitySpec::Failures::none) {
    for (const char* kind : {"leaf uplinks", "pod uplinks", "router links", "trunks"})
      for (const auto& link : inventory.job_links(kind)) demand.watch.insert({link + "_UP", link + "_DOWN"});
  }
  const engine::StepResult step = detail::simulate_step(inspection, platform, *inspection.placement, collectives, trace, &demand);
  log->info("step simulated at {:.3f} s wall: {:.6f} s ({:.6f} s compute, {} flows)", since_start(), step.time_s,
            step.compute_s, step.flows);

  // Evaluation: forward passes over the validation set, split evenly over the ranks.
  const double eval_batch = std::ceil(static_cast<double>(work.eval_samples) / plan.dp);
  double eval_s = 0;  // the slowest device sets the pace
  for (const auto& d : devices) {
    if (work.eval_samples > 0) eval_s = std::max(eval_s, d.compute.forward_s(work.model, eval_batch));
  }

  engine::RunSetup setup;
  // Without a validation set there is nothing to evaluate: no evaluation points at all (the
  // loader bounds their number only when there are samples).
  const bool evaluates = work.eval_samples > 0;
  setup.plan = engine::RunPlan::from_epochs(work.epochs, work.train_samples, work.global_batch,
                                            evaluates ? work.eval_every_epochs : HUGE_VAL, evaluates && work.eval_at_end,
                                            step.time_s, eval_s);
  setup.reliability = reliability;
  setup.spare_servers = spares;
  setup.asynchronous_checkpoints = work.checkpoint.asynchronous;

  detail::SimulatedRunCosts::Io io;
  io.asynchronous = work.checkpoint.asynchronous;
  io.checkpoint_bytes_per_npu = workload::MemoryModel::checkpoint_bytes(work) / job_npus;
  for (const auto& t : work.checkpoint.tiers) io.checkpoint_tiers.push_back(t.tier);
  if (work.dataset_location) {
    io.dataset_location = work.dataset_location;
    io.data_bytes_per_npu = static_cast<double>(work.global_batch) * work.sample_bytes / job_npus;
    setup.data_loading = true;
    // The page cache keeps the dataset after the first epoch if one node's memory holds all of it.
    double smallest_dram = HUGE_VAL;
    for (int n = 0; n < topo.nodes; ++n) smallest_dram = std::min(smallest_dram, topo.node_template(n).host.dram_bytes);
    if (work.dataset_bytes() <= smallest_dram) {
      setup.warm_after_step = static_cast<std::int64_t>(
          std::ceil(static_cast<double>(work.train_samples) / static_cast<double>(work.global_batch) - 1e-9));
    }
  }
  detail::SimulatedRunCosts costs(inspection, platform, collectives, inventory, step.time_s, std::move(demand), io);
  const engine::IoCosts& healthy_io = costs.io(0);
  log->info("storage priced at {:.3f} s wall", since_start());
  // The run without failures, reading every sample cold: what "100 times as long" is measured against.
  const double failure_free_s =
      static_cast<double>(setup.plan.steps) * std::max(step.time_s, setup.data_loading ? healthy_io.read_cold_s : 0.0) +
      static_cast<double>(setup.plan.eval_after_step.size()) * eval_s;
  setup.give_up_after_s = kGiveUpFactor * failure_free_s + kDay;

  report::Report r;
  r.run_model.failures = reliability.failures == topology::ReliabilitySpec::Failures::rates   ? "rates"
                         : reliability.failures == topology::ReliabilitySpec::Failures::trace ? "trace"
                                                                                               : "none";
  // From the class rates, also with a trace (which replaces only the drawing of failures):
  // Young/Daly needs an MTBF.
  r.run_model.job_mtbf_s = reliability.failures == topology::ReliabilitySpec::Failures::none
                               ? HUGE_VAL
                               : reliability::FailureSummary::of(inventory, reliability).job_mtbf_s;
  // Young/Daly cadences come from the job's MTBF and the checkpoint's blocking cost, between starts.
  for (const auto& t : work.checkpoint.tiers) {
    engine::CheckpointCadence cadence{t.tier, 0, 0};
    report::CheckpointTierReport tier_report{workload::name_of(t.tier), "", 0, 0, healthy_io.of(t.tier)};
    switch (t.policy) {
      case workload::CheckpointTierSpec::Policy::every_steps:
        cadence.every_steps = t.every_steps;
        tier_report.policy = "every_steps";
        tier_report.every_steps = t.every_steps;
        break;
      case workload::CheckpointTierSpec::Policy::every_s:
        cadence.every_s = t.every_s;
        tier_report.policy = "every_s";
        break;
      case workload::CheckpointTierSpec::Policy::young_daly: {
        // δ is the time from starting a checkpoint to having it: an asynchronous one is not
        // there to restart from until its background copy is done.
        const engine::TierCosts& c = healthy_io.of(t.tier);
        const double cost_s = c.blocking_s + c.background_s;
        cadence.every_s = reliability::CheckpointInterval::daly_s(r.run_model.job_mtbf_s, cost_s) + cost_s;
        tier_report.policy = "young_daly";
        break;
      }
    }
    tier_report.every_s = cadence.every_s;
    // Each checkpoint is a few events of the run: bounded like evaluation passes, so that a
    // cadence far finer than the run is refused instead of simulated for hours.
    const double count = cadence.every_steps > 0 ? static_cast<double>(setup.plan.steps) / static_cast<double>(cadence.every_steps)
                                                 : failure_free_s / cadence.every_s;
    if (count > kMaxCheckpoints) {
      throw InputError(input.workload_file, t.json_path,
                       fmt::format("{} checkpoints to {} in a failure-free run of {:.3g} s; at most {:.0f} are simulated: "
                                   "checkpoint less often",
                                   fmt::format("{:.3g}", count), workload::name_of(t.tier), failure_free_s, kMaxCheckpoints));
    }
    setup.checkpoints.push_back(cadence);
    r.run_model.checkpoint_tiers.push_back(tier_report);
  }

  // Replicas: seed, seed + 1, ... The first one (the report's `run`) also draws the timeline.
  const engine::RunSimulator simulator(setup, inventory, costs);
  const auto failures_of = [&](int replica) {
    switch (reliability.failures) {
      case topology::ReliabilitySpec::Failures::rates:
        return reliability::FailureProcess(inventory, reliability, input.seed + static_cast<std::uint64_t>(replica));
      case topology::ReliabilitySpec::Failures::trace: return reliability::FailureProcess(trace_failures);
      case topology::ReliabilitySpec::Failures::none: break;
    }
    return reliability::FailureProcess();
  };
  std::vector<engine::RunResult> runs{simulator.simulate(failures_of(0), trace, kRunTraceProcess)};
  // Without drawn failures every replica is the first one.
  const bool drawn = reliability.failures == topology::ReliabilitySpec::Failures::rates;
  log->info("first replica simulated at {:.3f} s wall", since_start());
  const int rest = drawn ? input.replicas - 1 : 0;
  if (!drawn) runs.resize(static_cast<std::size_t>(input.replicas), runs.front());
  const int chunks = std::max(1, std::min(input.jobs, rest));
  if (rest > 0 && input.jobs > 1) {
    // Contiguous slices of the replicas, one child process each: the same seeds whatever the
    // number of processes, so the same results.
    const auto first_of = [rest, chunks](int chunk) { return 1 + static_cast<int>(static_cast<long long>(rest) * chunk / chunks); };
    const auto outcomes = ProcessPool::run(static_cast<std::size_t>(chunks), input.jobs, [&](std::size_t chunk) {
      std::vector<engine::RunResult> slice;
      for (int k = first_of(static_cast<int>(chunk)); k < first_of(static_cast<int>(chunk) + 1); ++k)
        slice.push_back(simulator.simulate(failures_of(k)));
      return to_bytes(slice);
    });
    for (const auto& outcome : outcomes) {
      if (!outcome.ok()) throw std::runtime_error("a replica process failed: " + outcome.error);
      for (const auto& run : from_bytes(outcome.output)) runs.push_back(run);
    }
  } else {
    for (int k = 1; k <= rest; ++k) runs.push_back(simulator.simulate(failures_of(k)));
  }
  std::int64_t events = 0;
  for (const auto& run : runs) events += run.activities;
  log->info("run simulated at {:.3f} s wall ({} replicas, {} events; {} steps re-simulated in {:.3f} s)", since_start(),
            runs.size(), events, costs.step_simulations(), costs.step_simulation_wall_s());

  r.tcsim_version = version();
  r.topology = topo.name;
  r.workload = work.name;
  r.device_calibrated = true;
  for (const auto& d : devices) {
    r.device += (r.device.empty() ? "" : " + ") + d.compute.device().display_name;
    r.device_calibrated = r.device_calibrated && d.compute.device().calibrated;
    r.device_calibration += (r.device_calibration.empty() ? "" : "; ") + d.compute.device().calibration;
  }
  r.npus = npus;
  r.dp = plan.dp;
  r.seed = input.seed;
  r.global_batch = work.global_batch;
  r.batch_per_npu = plan.batch_per_rank;
  r.epochs = work.epochs;
  r.tp = plan.tp;
  r.pp = plan.pp;
  r.ep = plan.ep;
  r.job_npus = job_npus;
  r.flops_per_step = inspection.flops_per_step();
  r.model_flops_per_step = inspection.model_flops_per_step();
  if (devices.size() == 1) r.job_peak_flops_per_s = job_npus * devices.front().compute.device().peak_fp16_flops_per_s;
  if (work.transformer) r.tokens_per_sample = work.transformer->seq_len;
  r.memory_per_npu_bytes = inspection.memory.total_bytes();
  r.step = step;
  r.run = runs.front();
  if (runs.size() > 1) r.monte_carlo = engine::MonteCarloSummary::of(runs);
  r.run_model.servers = inventory.servers();
  r.run_model.job_servers = inventory.job_servers();
  r.run_model.spare_servers = spares;
  r.run_model.cold_spares = reliability.cold_spares;
  r.run_model.checkpoint_bytes_per_npu = io.checkpoint_bytes_per_npu;
  r.run_model.asynchronous_checkpoints = io.asynchronous;
  r.run_model.data_loading = setup.data_loading;
  if (setup.data_loading) {
    r.run_model.dataset_location = workload::name_of(*work.dataset_location);
    r.run_model.read_cold_s = healthy_io.read_cold_s;
    r.run_model.read_warm_s = healthy_io.read_warm_s;
    r.run_model.warm_after_step = setup.warm_after_step;
  }
  {
    // The energy account: each NPU's levels from its device, the job's NPUs by what they do,
    // every other NPU idle all along; hosts, NICs and switches from the topology graph.
    engine::PowerModel power;
    power.pue = topo.pue;
    const auto& placement = *inspection.placement;
    const std::vector<bool> in_job = detail::job_npu_mask(inspection, placement);
    std::set<std::string> idle_unknown;
    for (int npu = 0; npu < npus; ++npu) {
      const topology::NodeTemplate& node = topo.node_template(placement.node_of(npu));
      const hw::DeviceProfile& device = node.npu;
      if (device.idle_w <= 0) idle_unknown.insert(device.display_name);
      if (in_job[npu]) {
        ++power.job_npus;
        power.job_busy_w += device.tdp_w;
        power.job_communicating_w += device.communicating_w;
        power.job_idle_w += device.idle_w;
      } else {
        ++power.other_npus;
        power.other_idle_w += device.idle_w;
      }
      const hw::NicProfile* nic = node.nic_model.empty() ? nullptr : topo.catalog.nics.find(node.nic_model);
      if (nic != nullptr && nic->power_w > 0) {
        power.nics_w += nic->power_w;
      } else {
        ++power.nics_without_power;
      }
    }
    for (auto [it, end] = boost::vertices(inspection.topology_graph->graph()); it != end; ++it) {
      const auto& v = inspection.topology_graph->graph()[*it];
      using Kind = topology::TopologyGraph::VertexKind;
      if (v.kind == Kind::host) {
        power.hosts_w += v.power_w;
      } else if (v.kind != Kind::npu && v.kind != Kind::storage_server && v.kind != Kind::object_store) {
        power.switches_w += v.power_w;
        if (v.power_w <= 0) ++power.unknown_switches;
      }
    }
    r.energy = engine::EnergyAccount::of(power, r.run, step.time_s > 0 ? step.compute_s / step.time_s : 0);
    r.energy_idle_unknown.assign(idle_unknown.begin(), idle_unknown.end());
  }
  r.platform_links = platform.link_count();
  r.step_resimulations = costs.step_simulations();
  if (input.is_builtin_default) {
    r.reference = report::PublishedReference{
        "Huawei Atlas 900 (2019), 1024 x Ascend 910", 59.8,
        "Huawei launch, Sept. 2019: ResNet-50 to 75.9% top-1 in 59.8 s, as reported by the press; see "
        "data/reference/devices.csv"};
  }
  r.wall_s = since_start();
  return r;
}

}  // namespace tcsim::scenario
