#pragma once
/** @file `tcsim check`: a baseline's scenarios re-run and their pinned figures compared. */
#include <string>
#include <vector>

#include "tcsim/results/ResultRow.hpp"
#include "tcsim/scenario/Baseline.hpp"

namespace tcsim::scenario {

/** @brief Re-runs a baseline and measures each pinned figure's drift. */
class BaselineCheck {
public:
  struct Drift {
    std::string metric;
    double pinned = 0;
    /** @brief The figure now (NaN when the run did not model it). */
    double value = 0;
    /** @brief value / pinned - 1. */
    double drift = 0;
    double tolerance = 0;
    bool within() const;
  };
  struct Outcome {
    std::string scenario;
    /** @brief What it gave; when it could not run, `row.error` says why (and there are no drifts). */
    results::ResultRow row;
    std::vector<Drift> drifts;
    bool passed() const;
  };

  /**
   * @brief Every scenario, with `overrides` added to its own, each in a child process, `jobs` at
   * a time; every scenario is loaded and planned first (bad input: InputError, nothing runs).
   */
  static std::vector<Outcome> run(const Baseline& baseline, const std::vector<std::string>& overrides, int jobs);
  /** @brief The baseline with every pin set to the figure now, `changed` to `date` and `reason`. */
  static Baseline updated(Baseline baseline, const std::vector<Outcome>& outcomes, const std::string& date,
                          const std::string& reason);
  /** @brief One line per figure: scenario, metric, pinned, now, drift, tolerance, verdict. */
  static std::string table(const std::vector<Outcome>& outcomes);
  /** @brief JUnit XML: a test case per scenario, a failure per figure out of tolerance. */
  static std::string junit(const Baseline& baseline, const std::vector<Outcome>& outcomes);
};

}  // namespace tcsim::scenario
