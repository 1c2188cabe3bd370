#pragma once
/** @file Simulates a whole training run: steps, evaluations, checkpoints, failures, recovery. */
#include "tcsim/engine/RunCosts.hpp"
#include "tcsim/engine/RunResult.hpp"
#include "tcsim/engine/RunSetup.hpp"
#include "tcsim/engine/TraceRecorder.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/reliability/FailureProcess.hpp"

namespace tcsim::engine {

/**
 * @brief The training run as discrete events on its own clock: blocks of steps at the step time
 * of the current fabric and placement, evaluations, checkpoints per tier and cadence (blocking,
 * or a snapshot and a background copy), data loading exposed behind the steps, failures with
 * their blast radius, detection, re-placement onto spares or waiting for repair, restart,
 * restore from the newest checkpoint that survived, and repairs.
 *
 * Where the boundary lies: what contends (a step on a placement and fabric, a checkpoint written
 * by every rank at once, a restore, a step's data reads) is priced by RunCosts, which simulates
 * each distinct case once with SimGrid; the run replays those prices as events in plain C++, so
 * a 30-day run with hundreds of failures costs microseconds per event, not a simulation per step.
 */
class RunSimulator {
public:
  RunSimulator(const RunSetup& setup, const reliability::ComponentInventory& inventory, RunCosts& costs);

  /**
   * @brief One run with the failures `failures` draws. `trace`, if given, receives the run's
   * timeline (process `trace_process`: training, checkpoints, failures, recovery).
   */
  RunResult simulate(reliability::FailureProcess failures, TraceRecorder* trace = nullptr, int trace_process = 0) const;

private:
  const RunSetup& setup_;
  const reliability::ComponentInventory& inventory_;
  RunCosts& costs_;
};

}  // namespace tcsim::engine
