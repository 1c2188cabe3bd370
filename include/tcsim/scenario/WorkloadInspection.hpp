#pragma once
/** @file A workload's parallel plan resolved, placed and sized on a topology, without simulating. */
#include <optional>
#include <vector>

#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/StepGraph.hpp"
#include "tcsim/parallel/ParallelPlan.hpp"
#include "tcsim/parallel/RankPlacement.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologySpec.hpp"
#include "tcsim/workload/MemoryModel.hpp"
#include "tcsim/workload/WorkloadSpec.hpp"

namespace tcsim::scenario {

/**
 * @brief Everything `tcsim workload` shows and `tcsim run` starts from: the loaded documents,
 * the resolved plan, where its ranks run, the memory of the busiest NPU and the step graph.
 */
struct WorkloadInspection {
  topology::TopologySpec topology;
  /** @brief The topology's checked graph (what the SimGrid platform is built from). */
  std::optional<topology::TopologyGraph> topology_graph;
  workload::WorkloadSpec workload;
  parallel::ParallelPlan plan;
  std::optional<parallel::RankPlacement> placement;
  /** @brief Compute model of each pipeline stage's accelerator (data replica 0). */
  std::vector<engine::ComputeModel> stage_compute;
  workload::MemoryBreakdown memory;
  /** @brief The smallest HBM among the accelerators the plan uses, in bytes. */
  double hbm_bytes = 0;
  std::optional<engine::StepGraph> graph;

  /** @brief The accelerator NPU `npu` runs on. */
  const hw::DeviceProfile& device_of(int npu) const;
  /** @brief Training FLOPs of the whole job in one step, recomputation included. */
  double flops_per_step() const;
  /** @brief Model FLOPs per step: forward and backward once, without recompute (the basis of MFU). */
  double model_flops_per_step() const;

  /**
   * @brief Loads and checks both documents, resolves and places the plan and builds its step graph.
   * @throw InputError for bad input, impossible plans and plans that do not fit in HBM (with the numbers).
   */
  static WorkloadInspection of(const ScenarioInput& input);
};

}  // namespace tcsim::scenario
