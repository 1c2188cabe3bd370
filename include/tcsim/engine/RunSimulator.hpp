#pragma once
/** @file Simulates a whole training run on the SimGrid clock. */
#include "tcsim/engine/RunPlan.hpp"
#include "tcsim/engine/RunResult.hpp"
#include "tcsim/platform/Platform.hpp"

namespace tcsim::engine {

/**
 * @brief Plays a RunPlan on the SimGrid clock (a run actor on the controller host): blocks of
 * steps at the memoised step time, evaluations between them. Failures, restarts and checkpoints
 * will be further actors on the same clock.
 */
class RunSimulator {
public:
  static RunResult simulate(const platform::Platform& platform, const RunPlan& plan);
};

}  // namespace tcsim::engine
