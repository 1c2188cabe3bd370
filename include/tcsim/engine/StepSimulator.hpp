#pragma once
/** @file Simulates one training step on the SimGrid platform. */
#include "tcsim/collective/FlowSchedule.hpp"
#include "tcsim/engine/CollectiveSettings.hpp"
#include "tcsim/engine/LinkDemand.hpp"
#include "tcsim/engine/StepPlan.hpp"
#include "tcsim/engine/StepResult.hpp"
#include "tcsim/engine/TraceRecorder.hpp"
#include "tcsim/platform/Platform.hpp"

namespace tcsim::engine {

/**
 * @brief Runs a StepPlan on every data-parallel rank. Each NPU has a compute stream (SimGrid
 * executions on its host) and a communication stream (the bucket all-reduces as SimGrid flows);
 * a bucket's all-reduce starts when the backward pass has produced it and the previous bucket's
 * all-reduce is done, so overlap and contention emerge from the simulation.
 */
class StepSimulator {
public:
  /**
   * @brief Simulates one step starting at the engine's current clock; `trace`, if given, receives
   * each compute stream's timeline and the bucket all-reduces; `demand`, if given, the most the
   * step may put on each link at once.
   */
  static StepResult simulate(const platform::Platform& platform, const StepPlan& plan,
                             const CollectiveSettings& settings = {}, TraceRecorder* trace = nullptr,
                             LinkDemand* demand = nullptr);

  /**
   * @brief Runs one collective schedule alone on the platform (all ranks start together) and
   * returns its duration in seconds; for tests and the detailed checks of collective algorithms.
   * `compute_uncontended` as CollectiveSettings::compute_uncontended_flows.
   */
  static double simulate_collective(const platform::Platform& platform, const collective::FlowSchedule& schedule,
                                    double step_overhead_s, StepResult* counters = nullptr,
                                    bool compute_uncontended = true);
};

}  // namespace tcsim::engine
