// In-process micro-benchmarks of the parts that do not need SimGrid.
#include <benchmark/benchmark.h>

#include "tcsim/collective/RingAlgorithms.hpp"
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
  for (auto _ : state) benchmark::DoNotOptimize(tcsim::collective::RingAlgorithms::hierarchical_all_reduce(ranks, 1.0));
  state.counters["npus"] = nodes * 8;
}
BENCHMARK(BM_HierarchicalAllReduceSchedule)->Arg(128)->Arg(2048)->Unit(benchmark::kMicrosecond);

}  // namespace
