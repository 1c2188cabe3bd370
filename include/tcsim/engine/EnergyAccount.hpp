#pragma once
/** @file Energy of a run as an activity account: each part's time at the power it draws then. */
#include <string>
#include <vector>

#include "tcsim/engine/RunResult.hpp"

namespace tcsim::engine {

/**
 * @brief What the cluster draws, by part, in watts (sums over the parts, so mixed clusters add
 * up exactly). The job's NPUs draw `job_busy_w` while they compute, `job_communicating_w` while
 * they wait on communication or the pipeline, and `job_idle_w` while the job is stopped
 * (checkpoint stalls, restarts, waits for repair); NPUs the job does not use (the rest of the
 * topology, spares) draw `other_idle_w` all along. Hosts, NICs and switches draw a constant
 * power; parts of unknown power are counted, not guessed.
 */
struct PowerModel {
  int job_npus = 0;
  int other_npus = 0;
  double job_busy_w = 0;
  double job_communicating_w = 0;
  double job_idle_w = 0;
  double other_idle_w = 0;
  /** @brief Every host's CPUs at their TDP (an upper bound: no CPU activity is modelled). */
  double hosts_w = 0;
  double nics_w = 0;
  int nics_without_power = 0;
  double switches_w = 0;
  int unknown_switches = 0;
  /** @brief Facility energy over IT energy (cooling, power delivery); 1 counts IT only. */
  double pue = 1.0;
};

/** @brief The run's energy by part, in joules, and what follows from it. */
struct EnergyAccount {
  double npus_computing_j = 0;
  double npus_communicating_j = 0;
  /** @brief The job's NPUs while the job is stopped. */
  double npus_stopped_j = 0;
  double other_npus_j = 0;
  double hosts_j = 0;
  double nics_j = 0;
  double switches_j = 0;
  double it_j = 0;
  /** @brief it_j x PUE. */
  double facility_j = 0;
  double average_w = 0;
  /** @brief Everything at its highest level at once (the job's NPUs busy), facility side. */
  double peak_w = 0;
  double pue = 1;
  int unknown_switches = 0;
  int nics_without_power = 0;

  /**
   * @brief The account of `run`, whose steps compute a share `busy_fraction` of their time
   * (compute on the critical path over the step) and wait on communication the rest. Training,
   * lost work and evaluation are steps; data loading waits like communication; checkpoints,
   * restarts and waits for repair stop the job.
   */
  static EnergyAccount of(const PowerModel& power, const RunResult& run, double busy_fraction);
};

}  // namespace tcsim::engine
