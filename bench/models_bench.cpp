// In-process micro-benchmarks of the parts that do not need SimGrid.
#include <benchmark/benchmark.h>

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/engine/RunSimulator.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/StepPlan.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

namespace {

void BM_ResNet50Build(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(tcsim::workload::ResNetBuilder::resnet50());
}
BENCHMARK(BM_ResNet50Build);

void BM_ResNet50StepPlan(benchmark::State& state) {
  const auto model = tcsim::workload::ResNetBuilder::resnet50();
  const tcsim::engine::ComputeModel compute(*tcsim::hw::DeviceCatalog::builtin().find("ascend910"));
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        tcsim::engine::StepPlan::data_parallel(model, compute, 32, 25.0 * 1024 * 1024, "lars", {{0}}, 2e-6));
  }
}
BENCHMARK(BM_ResNet50StepPlan);

void BM_HierarchicalAllReduceSchedule(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0));
  std::vector<std::vector<int>> ranks(nodes);
  for (int r = 0; r < nodes * 8; ++r) ranks[r / 8].push_back(r);
  const tcsim::collective::Communicator communicator(ranks);
  for (auto _ : state) {
    benchmark::DoNotOptimize(tcsim::collective::CollectiveLibrary::build(
        tcsim::collective::Algorithm::hierarchical_ring, tcsim::collective::Operation::all_reduce, communicator, 1.0,
        tcsim::collective::Fidelity::fast));
  }
  state.counters["npus"] = nodes * 8;
}
BENCHMARK(BM_HierarchicalAllReduceSchedule)->Arg(128)->Arg(2048)->Unit(benchmark::kMicrosecond);

/** Prices fixed at what the 16k-GPU Llama 3 70B run's SimGrid simulations give (tcsim run -v). */
class MeasuredCosts : public tcsim::engine::RunCosts {
public:
  MeasuredCosts() {
    using tcsim::workload::StorageTier;
    io_.of(StorageTier::peer_dram) = {0.004, 0.02, 0, 0.02, true};
    io_.of(StorageTier::parallel_fs) = {0.004, 1.8, 0, 0.93, true};
    io_.of(StorageTier::object_store) = {0.004, 9.9, 0, 4.9, true};
    io_.read_cold_s = 7e-5;
  }
  double step_s(const tcsim::engine::StepCondition& c) override { return c.degraded.empty() ? 5.85 : 5.851; }
  const tcsim::engine::IoCosts& io(int) override { return io_; }
  int hops(int a, int b) override { return a == b ? 0 : 6; }

private:
  tcsim::engine::IoCosts io_;
};

/**
 * The run's discrete-event timeline alone (no SimGrid): 30 days of Llama 3 70B steps on 2,048
 * DGX H100 with 32 spares, the default failure rates, three checkpoint tiers; one replica per
 * iteration.
 */
void BM_RunTimeline16k(benchmark::State& state) {
  auto doc = tcsim::scenario::read_json_file(std::string(TCSIM_SOURCE_DIR) + "/topologies/dgx-h100-superpod.json");
  doc["nodes"] = 2080;
  const auto spec = tcsim::topology::TopologyLoader::from_json(doc, "dgx.json");
  const auto graph = tcsim::topology::TopologyGraph::from_spec(spec);
  const tcsim::reliability::ComponentInventory inventory(graph, spec, 16384);
  MeasuredCosts costs;
  tcsim::engine::RunSetup setup;
  setup.plan.steps = 447035;
  setup.asynchronous_checkpoints = true;
  setup.checkpoints = {{tcsim::workload::StorageTier::peer_dram, 20, 0},
                       {tcsim::workload::StorageTier::parallel_fs, 0, 173.0},
                       {tcsim::workload::StorageTier::object_store, 0, 86400.0}};
  setup.data_loading = true;
  setup.reliability = spec.reliability;
  setup.spare_servers = 32;
  setup.give_up_after_s = 1e9;
  const tcsim::engine::RunSimulator simulator(setup, inventory, costs);
  std::uint64_t seed = 1;
  std::int64_t events = 0;
  for (auto _ : state) {
    const auto r = simulator.simulate(tcsim::reliability::FailureProcess(inventory, spec.reliability, seed++));
    events += r.activities;
    benchmark::DoNotOptimize(r.time_to_train_s);
  }
  state.counters["events_per_replica"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RunTimeline16k)->Unit(benchmark::kMillisecond);

}  // namespace
