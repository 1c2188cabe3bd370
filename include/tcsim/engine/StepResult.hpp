#pragma once
/** @file Outcome of one simulated training step. */
#include <cstddef>
#include <string>
#include <vector>

#include "tcsim/engine/CollectiveUse.hpp"
#include "tcsim/engine/StageBreakdown.hpp"

namespace tcsim::engine {

/** @brief Step time and its breakdown (slowest rank), plus what the simulation cost. */
struct StepResult {
  /** @brief Wall-clock time of the step, in seconds. */
  double time_s = 0;
  /** @brief Forward + backward + optimizer compute, in seconds. */
  double compute_s = 0;
  /** @brief Communication not hidden behind compute: time_s - compute_s. */
  double exposed_comm_s = 0;
  /** @brief Time the gradient all-reduces were in flight (first launch to last completion). */
  double comm_busy_s = 0;
  /** @brief Bytes put on the wire by all ranks, and received by all ranks (must be equal). */
  double bytes_sent = 0;
  double bytes_received = 0;
  /** @brief Largest number of bytes any one rank sent. */
  double max_bytes_sent_per_rank = 0;
  std::size_t buckets = 0;

  /**
   * @brief Where the time of the stage that finishes last went (they add up to time_s): its
   * compute, blocking tensor- and expert-parallel collectives, waiting for the previous or next
   * stage (pipeline bubble and transfers), data-parallel gradient synchronisation (and ZeRO
   * gathers), and the optimizer. On the data-parallel engine: compute, the gradient all-reduce
   * left after the backward pass (dp_comm_s) and the optimizer.
   */
  double stage_compute_s = 0;
  /** @brief Which pipeline stage finished last (the one broken down here). */
  int last_stage = 0;
  double tp_comm_s = 0;
  double ep_comm_s = 0;
  double pipeline_wait_s = 0;
  /**
   * @brief pipeline_wait_s split: waiting while the neighbouring stage was still computing (the
   * schedule's bubble) and waiting for a transfer already under way (exposed pipeline
   * communication); they add up to pipeline_wait_s.
   */
  double bubble_wait_s = 0;
  double pp_comm_s = 0;
  double dp_comm_s = 0;
  double optimizer_s = 0;
  /** @brief Mean over stages of the idle share of the forward/backward phase (0 without pipeline). */
  double bubble_fraction = 0;
  /** @brief The same in seconds: mean idle time of a stage between the step's start and its last backward. */
  double bubble_s = 0;
  int pipeline_stages = 1;
  int micro_batches = 1;
  /** @brief Every pipeline stage's breakdown, idle time included (pipeline engine only). */
  std::vector<StageBreakdown> stages;
  /** @brief The algorithm of each kind of collective, in order of first use. */
  std::vector<CollectiveUse> collectives;
  /** @brief "fast" or "detailed" (see collective::Fidelity). */
  std::string fidelity = "fast";
  /** @brief SimGrid communications started (one per flow). */
  std::size_t flows = 0;
  /** @brief SimGrid activities started (computations, communications, sleeps). */
  std::size_t activities = 0;
};

}  // namespace tcsim::engine
