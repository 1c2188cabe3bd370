// Wall time and peak memory of SimGrid scenarios. SimGrid allows one engine per process, so
// every iteration runs in a forked child that measures itself and reports through a pipe; the
// parent reads the child's peak resident memory from wait4().
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "tcsim/platform/PlatformBuilder.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

namespace {

struct ChildResult {
  double seconds = -1;
  double peak_mib = 0;
};

/** Runs `body` (which returns the seconds it measured) in a child process. */
ChildResult in_child(const std::function<double()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const double seconds = body();
    (void)!::write(fds[1], &seconds, sizeof seconds);
    ::_exit(0);
  }
  ::close(fds[1]);
  ChildResult result;
  (void)!::read(fds[0], &result.seconds, sizeof result.seconds);
  ::close(fds[0]);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  result.peak_mib = usage.ru_maxrss / 1024.0;  // ru_maxrss is in KiB on Linux
  return result;
}

/** The reference scenario resized to `nodes` Atlas 800 nodes (32 images per NPU). */
tcsim::scenario::ScenarioInput resized(int nodes) {
  return tcsim::scenario::ScenarioInput::load(
      std::nullopt, std::nullopt,
      {"topology.nodes=" + std::to_string(nodes), "topology.fabric.spine_ports=4096",
       "workload.global_batch=" + std::to_string(nodes * 8 * 32)},
      1);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void report(benchmark::State& state, const ChildResult& r, int nodes) {
  state.SetIterationTime(r.seconds);
  state.counters["npus"] = nodes * 8;
  state.counters["peak_MiB"] = r.peak_mib;
}

void BM_PlatformBuild(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const auto r = in_child([nodes] {
      const auto input = resized(nodes);
      const auto start = std::chrono::steady_clock::now();
      const auto spec = tcsim::topology::TopologyLoader::from_json(input.topology, input.topology_file);
      const auto graph = tcsim::topology::TopologyGraph::from_spec(spec);
      const auto platform = tcsim::platform::PlatformBuilder::build(graph);
      benchmark::DoNotOptimize(platform.npu_count());
      return seconds_since(start);
    });
    report(state, r, nodes);
  }
}
BENCHMARK(BM_PlatformBuild)->Arg(128)->Arg(512)->Arg(2048)->Arg(12500)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

/**
 * One simulated step of a scenario, end to end as `tcsim run` does it (load, build the platform,
 * simulate the step, the run-level plan, the report); counters: NPUs, flows, peak memory.
 */
void run_scenario(benchmark::State& state, const std::optional<std::string>& topology,
                  const std::optional<std::string>& workload, const std::vector<std::string>& overrides) {
  for (auto _ : state) {
    const auto r = in_child([&] {
      const auto start = std::chrono::steady_clock::now();
      const auto input = tcsim::scenario::ScenarioInput::load(topology, workload, overrides, 1);
      const auto report = tcsim::scenario::ScenarioRunner::run(input);
      benchmark::DoNotOptimize(report.step.time_s);
      return seconds_since(start);
    });
    state.SetIterationTime(r.seconds);
    state.counters["peak_MiB"] = r.peak_mib;
  }
}

std::string source(const char* path) { return std::string(TCSIM_SOURCE_DIR) + "/" + path; }

/** The step benchmarks time one step and the failure-free run: nothing fails, nothing is re-simulated. */
const std::string kNoFailures = R"(topology.reliability={"failures": "none"})";

/** (a) ResNet-50 data parallel, 32 images per NPU, on `nodes` Atlas 800 nodes (8 NPUs each). */
void BM_ResNet50DataParallelStep(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0));
  state.counters["npus"] = nodes * 8;
  run_scenario(state, std::nullopt, std::nullopt,
               {"topology.nodes=" + std::to_string(nodes), "topology.fabric.spine_ports=4096",
                "workload.global_batch=" + std::to_string(nodes * 8 * 32), kNoFailures});
}
BENCHMARK(BM_ResNet50DataParallelStep)->Arg(128)->Arg(512)->Arg(2048)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

/** (b) GPT-3 175B, TP8 PP16, 12 sequences per data-parallel replica (192 micro-batches). */
void BM_Gpt3Tp8Pp16Step(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0));
  state.counters["npus"] = nodes * 8;
  run_scenario(state, std::nullopt, source("workloads/gpt3-175b.json"),
               {"topology.nodes=" + std::to_string(nodes), "topology.fabric.spine_ports=4096",
                "workload.global_batch=" + std::to_string(nodes * 12), kNoFailures});
}
BENCHMARK(BM_Gpt3Tp8Pp16Step)->Arg(128)->Arg(512)->Arg(2048)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

/** (c) DeepSeek-V3-style MoE (EP16, PP8) on 11 CloudMatrix supernodes: 4,224 NPUs, dp 528. */
void BM_MoEStep4k(benchmark::State& state) {
  state.counters["npus"] = 11 * 384;
  run_scenario(state, source("topologies/supernode-cluster.json"), source("workloads/deepseek-v3-moe.json"),
               {"topology.nodes=11", "workload.parallelism.dp=528", "workload.global_batch=4224", kNoFailures});
}
BENCHMARK(BM_MoEStep4k)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

/** The whole default run: load, build, step, 2190 steps with evaluations, report. */
void BM_ResNet50TimeToTrain1024(benchmark::State& state) {
  for (auto _ : state) {
    const auto r = in_child([] {
      const auto start = std::chrono::steady_clock::now();
      const auto input = tcsim::scenario::ScenarioInput::load(std::nullopt, std::nullopt, {}, 1);
      benchmark::DoNotOptimize(tcsim::scenario::ScenarioRunner::run(input));
      return seconds_since(start);
    });
    report(state, r, 128);
  }
}
/** (d) above: the whole default ResNet-50 time-to-train run on 1,024 NPUs. */
BENCHMARK(BM_ResNet50TimeToTrain1024)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);

/**
 * (e) The resilient run at scale, as `tcsim run --replicas 100` does it on one core: Llama 3 70B
 * on 2,048 DGX H100 (16,384 GPUs) plus 32 spare nodes, about 30 days of training with the default
 * failure rates, asynchronous checkpoints to peer memory, the file system and the object store,
 * 100 Monte Carlo replicas: the step, the storage prices, every degraded fabric and moved
 * placement the replicas meet (each simulated once), and the timelines.
 */
void BM_ThirtyDayRun16k(benchmark::State& state) {
  state.counters["npus"] = 16384;
  for (auto _ : state) {
    const auto r = in_child([] {
      const auto start = std::chrono::steady_clock::now();
      auto input = tcsim::scenario::ScenarioInput::load(
          source("topologies/dgx-h100-superpod.json"), source("workloads/llama3-70b-long.json"),
          {"topology.nodes=2080", "workload.parallelism.dp=512", "workload.global_batch=4096"}, 1);
      input.replicas = 100;
      benchmark::DoNotOptimize(tcsim::scenario::ScenarioRunner::run(input));
      return seconds_since(start);
    });
    state.SetIterationTime(r.seconds);
    state.counters["peak_MiB"] = r.peak_mib;
  }
}
BENCHMARK(BM_ThirtyDayRun16k)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
