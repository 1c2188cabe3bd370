#pragma once
/** @file Runs one scenario end to end: load, check, build, simulate step and run, report. */
#include "tcsim/engine/TraceRecorder.hpp"
#include "tcsim/report/Report.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"

namespace tcsim::scenario {

/** @brief The whole pipeline of DESIGN.md for one scenario. Uses the process's SimGrid engine. */
class ScenarioRunner {
public:
  /**
   * @brief Throws InputError for bad input (including plans that do not fit in memory);
   * `trace`, if given, receives the timeline of the simulated step (clock 0 is its start).
   */
  static report::Report run(const ScenarioInput& input, engine::TraceRecorder* trace = nullptr);
};

}  // namespace tcsim::scenario
