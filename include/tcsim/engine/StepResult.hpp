#pragma once
/** @file Outcome of one simulated training step. */
#include <cstddef>

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
  /** @brief SimGrid communications started (one per flow). */
  std::size_t flows = 0;
  /** @brief SimGrid activities started (computations, communications, sleeps). */
  std::size_t activities = 0;
};

}  // namespace tcsim::engine
