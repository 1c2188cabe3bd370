#include "tcsim/scenario/WorkloadInspection.hpp"

#include <cstdio>

#include "tcsim/common/InputError.hpp"
#include "tcsim/engine/StorageIo.hpp"
#include "tcsim/topology/TopologyLoader.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

namespace tcsim::scenario {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

/** The storage tiers the workload names must exist in the topology. */
void check_tiers(const topology::TopologySpec& topology, const workload::WorkloadSpec& w, const std::string& file) {
  std::string available;
  for (const auto& name : workload::storage_tier_names()) {
    if (engine::StorageIo::has_tier(topology, *workload::storage_tier_named(name))) available += (available.empty() ? "" : ", ") + name;
  }
  const auto missing = [&](workload::StorageTier tier, const std::string& path) {
    throw InputError(file, path,
                     "the topology '" + topology.name + "' has no " + workload::name_of(tier) + " tier (it has: " +
                         (available.empty() ? "none" : available) +
                         "; node DRAM and drives come from node.host, the parallel file system and object store from "
                         "\"storage\", and peer_dram needs hosts on a storage network)");
  };
  for (const auto& t : w.checkpoint.tiers)
    if (!engine::StorageIo::has_tier(topology, t.tier)) missing(t.tier, t.json_path + "/tier");
  if (w.dataset_location && !engine::StorageIo::has_tier(topology, *w.dataset_location))
    missing(*w.dataset_location, "/dataset/location");
}

}  // namespace

const hw::DeviceProfile& WorkloadInspection::device_of(int npu) const {
  return topology.node_template(placement->node_of(npu)).npu;
}

double WorkloadInspection::flops_per_step() const {
  double per_replica = 0;
  for (const auto& stage : graph->stages()) per_replica += stage.flops_per_rank * plan.tp;
  return per_replica * plan.dp;
}

double WorkloadInspection::model_flops_per_step() const {
  return workload.model.training_flops_per_sample() * plan.batch_per_rank * plan.dp;
}

WorkloadInspection WorkloadInspection::of(const ScenarioInput& input) {
  WorkloadInspection out;
  out.topology = topology::TopologyLoader::from_json(input.topology, input.topology_file);
  out.workload = workload::WorkloadLoader::from_json(input.workload, input.workload_file);
  out.topology_graph = topology::TopologyGraph::from_spec(out.topology);
  out.topology_graph->check(input.topology_file);
  const workload::WorkloadSpec& w = out.workload;
  check_tiers(out.topology, w, input.workload_file);

  out.plan = parallel::ParallelPlan::resolve(w, out.topology.npus());
  out.placement = parallel::RankPlacement::on(out.topology, out.plan, w.placement_order);
  for (int p = 0; p < out.plan.pp; ++p) out.stage_compute.emplace_back(out.device_of(out.placement->npu(0, p, 0)));

  out.memory = workload::MemoryModel::per_npu(w, out.plan.dp, out.plan.micro_batch, out.plan.micro_batches,
                                              out.plan.virtual_stage_blocks);
  const hw::DeviceProfile* smallest = nullptr;
  for (int npu = 0; npu < out.plan.npus(); ++npu) {
    const hw::DeviceProfile& device = out.device_of(npu);
    if (smallest == nullptr || device.hbm_bytes < smallest->hbm_bytes) smallest = &device;
  }
  out.hbm_bytes = smallest->hbm_bytes;
  const workload::MemoryBreakdown& m = out.memory;
  if (m.total_bytes() > out.hbm_bytes) {
    // What the model allows: ResNet-50 runs data parallel only, without recompute.
    const std::string where = out.plan.pp > 1 ? " on pipeline stage " + std::to_string(m.stage) : std::string();
    const char* remedy = w.transformer ? "shard the model (tp, pp, ZeRO), recompute activations or lower the batch"
                                       : "split each step into smaller micro-batches (parallelism.micro_batch: "
                                         "gradient accumulation) or lower the batch";
    char text[700];
    std::snprintf(text, sizeof text,
                  "the plan needs %.2f GiB per NPU but %s has %.2f GiB of HBM (weights %.2f, gradients %.2f, optimizer "
                  "%.2f, activations %.2f GiB at micro-batch %g%s, buffers %.2f); %s",
                  m.total_bytes() / kGiB, smallest->display_name.c_str(), out.hbm_bytes / kGiB, m.weights_bytes / kGiB,
                  m.gradients_bytes / kGiB, m.optimizer_bytes / kGiB, m.activations_bytes / kGiB, out.plan.micro_batch,
                  where.c_str(), m.buffers_bytes / kGiB, remedy);
    // Point at what to change: the batch when activations dominate, else the parallel plan.
    const double states = m.weights_bytes + m.gradients_bytes + m.optimizer_bytes;
    throw InputError(input.workload_file, m.activations_bytes > states ? "/global_batch" : "/parallelism", text);
  }
  out.graph = engine::StepGraph::build(w, out.plan, *out.placement, out.stage_compute);
  return out;
}

}  // namespace tcsim::scenario
