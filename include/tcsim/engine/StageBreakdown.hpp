#pragma once
/** @file Where one pipeline stage's representative rank spent a step. */

namespace tcsim::engine {

/**
 * @brief One stage's step, in seconds; the parts add up to the step time: compute, blocking
 * tensor- and expert-parallel collectives, waiting for the neighbouring stages (the schedule's
 * bubble, and transfers already under way), gradient synchronisation and ZeRO gathers, the
 * optimizer, and idle (done before the slowest stage).
 */
struct StageBreakdown {
  int stage = 0;
  double compute_s = 0;
  double tp_comm_s = 0;
  double ep_comm_s = 0;
  double bubble_wait_s = 0;
  double pp_comm_s = 0;
  double dp_comm_s = 0;
  double optimizer_s = 0;
  double idle_s = 0;
};

}  // namespace tcsim::engine
