#pragma once
/** @file What many replicas of a run say: means with confidence intervals, percentiles, probabilities. */
#include <cmath>
#include <vector>

#include "tcsim/engine/RunResult.hpp"

namespace tcsim::engine {

/**
 * @brief A sample's mean with its 95% confidence interval (Student's t, clipped to the range the
 * quantity can take) and percentiles (linear interpolation).
 */
struct SampleStatistics {
  double mean = 0;
  double ci95_low = 0;
  double ci95_high = 0;
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  static SampleStatistics of(std::vector<double> samples, double lowest = -HUGE_VAL, double highest = HUGE_VAL);
};

/** @brief Monte Carlo replicas of one run (seeds seed, seed + 1, ...). */
struct MonteCarloSummary {
  int replicas = 0;
  /** @brief Replicas that gave up before their last step (their figures are those at giving up). */
  int unfinished = 0;
  SampleStatistics time_to_train_s;
  SampleStatistics goodput;
  SampleStatistics interruptions;
  SampleStatistics lost_work_s;
  SampleStatistics checkpoint_s;
  SampleStatistics restart_s;
  SampleStatistics repair_wait_s;
  /** @brief Share of replicas without any interruption, with its 95% Wilson score interval. */
  double p_no_interruption = 0;
  double p_no_interruption_low = 0;
  double p_no_interruption_high = 0;

  static MonteCarloSummary of(const std::vector<RunResult>& runs);
  /** @brief Student's t quantile 0.975 for `df` degrees of freedom (df >= 1). */
  static double t975(int df);
};

}  // namespace tcsim::engine
