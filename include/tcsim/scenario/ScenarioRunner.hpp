#pragma once
/** @file Runs one scenario end to end: load, check, build, simulate step and run, report. */
#include "tcsim/report/Report.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"

namespace tcsim::scenario {

/** @brief The whole pipeline of DESIGN.md for one scenario. Uses the process's SimGrid engine. */
class ScenarioRunner {
public:
  /** @brief Throws InputError for bad input (including plans that do not fit in memory). */
  static report::Report run(const ScenarioInput& input);
};

}  // namespace tcsim::scenario
