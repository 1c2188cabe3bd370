#pragma once
/** @file Private: the one place that decides which step engine simulates a plan. */
#include <vector>

#include "tcsim/engine/CollectiveSettings.hpp"
#include "tcsim/engine/LinkDemand.hpp"
#include "tcsim/engine/StepPlan.hpp"
#include "tcsim/engine/StepResult.hpp"
#include "tcsim/engine/TraceRecorder.hpp"
#include "tcsim/parallel/RankPlacement.hpp"
#include "tcsim/platform/Platform.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"

namespace tcsim::scenario::detail {

/** @brief Which NPUs of the topology the plan's ranks run on (by NPU index). */
std::vector<bool> job_npu_mask(const WorkloadInspection& inspection, const parallel::RankPlacement& placement);

/** @brief One compute model per accelerator model the plan's ranks run on, each represented by its first rank. */
std::vector<engine::StepPlan::RankCompute> job_devices(const WorkloadInspection& inspection,
                                                       const parallel::RankPlacement& placement);

/**
 * @brief Simulates one step of the plan with its ranks on `placement` (the inspection's own, or
 * one with servers moved onto spares) on the platform as it is now (links may be degraded).
 * Plain data parallelism without accumulation runs on the bucketed engine (gradient all-reduces
 * overlapped with the backward pass); every other plan on the pipeline engine. `demand`, if
 * given, receives the most the step may put on each link at once. Throws InputError
 * when a forced algorithm cannot run on the plan's groups.
 */
engine::StepResult simulate_step(const WorkloadInspection& inspection, const platform::Platform& platform,
                                 const parallel::RankPlacement& placement, const engine::CollectiveSettings& settings,
                                 engine::TraceRecorder* trace, engine::LinkDemand* demand = nullptr);

}  // namespace tcsim::scenario::detail
