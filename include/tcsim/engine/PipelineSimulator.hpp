#pragma once
/** @file Simulates one step of a hybrid (tensor, pipeline, expert, data) parallel plan. */
#include "tcsim/engine/CollectiveSettings.hpp"
#include "tcsim/engine/LinkDemand.hpp"
#include "tcsim/engine/StepGraph.hpp"
#include "tcsim/engine/StepResult.hpp"
#include "tcsim/engine/TraceRecorder.hpp"
#include "tcsim/platform/Platform.hpp"

namespace tcsim::engine {

/**
 * @brief Runs a StepGraph on the SimGrid platform. Each pipeline stage of data replica 0 is one
 * actor that runs its passes in schedule order: it waits for the pass's input (activations or
 * gradients sent by the neighbouring virtual stage as SimGrid flows between the matching tensor
 * ranks), computes, and runs the pass's blocking collectives as flows over the whole group
 * (every tensor rank's ring, every expert rank's all-to-all); sends are asynchronous. After its
 * last backward the stage reduces gradients over the data-parallel groups of every replica and
 * updates its parameters. The bubble, exposed communication and contention emerge from the run.
 */
class PipelineSimulator {
public:
  /** @brief Simulates one step starting at the engine's current clock. */
  /** @brief `trace`, if given, receives the timeline of each stage's representative rank (replica 0, tensor rank 0). */
  static StepResult simulate(const platform::Platform& platform, const StepGraph& graph,
                             const CollectiveSettings& settings = {}, TraceRecorder* trace = nullptr,
                             LinkDemand* demand = nullptr);
};

}  // namespace tcsim::engine
