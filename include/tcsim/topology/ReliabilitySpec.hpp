#pragma once
/** @file A topology's `"reliability"` section: failure rates per component class, recovery, spares. */
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "tcsim/topology/ComponentClass.hpp"

namespace tcsim::topology {

/** @brief How one class of components fails and is repaired, in SI units. */
struct ClassReliability {
  enum class Distribution { exponential, weibull };
  /** @brief Mean time between failures of one component, in seconds (infinity: never fails). */
  double mtbf_s = 0;
  Distribution distribution = Distribution::exponential;
  /** @brief Weibull shape k (> 0; 1 is exponential; < 1 infant mortality, > 1 wear-out). */
  double weibull_shape = 1;
  /** @brief Mean time to repair (replace and return to the pool), in seconds; 0 for software. */
  double mttr_s = 0;
  /** @brief Where the rate comes from (the default's derivation, or the topology file). */
  std::string source;
};

/** @brief One line of a failure trace: when (seconds since the job started) and which component. */
struct FailureTraceEntry {
  double time_s = 0;
  std::string component;
  /** @brief Row of the trace file (its line; the header is row 1), for error messages. */
  std::size_t row = 0;
};

/**
 * @brief Failures and recovery of a cluster. Rates default to the ones derived from Meta's
 * Llama 3 405B interruption table (ReliabilitySpec::defaults, docs/reliability.md); a topology
 * scales or overrides them per class, or replays a trace instead.
 */
struct ReliabilitySpec {
  enum class Failures { rates, trace, none };
  Failures failures = Failures::rates;
  std::array<ClassReliability, kComponentClasses> classes;
  /** @brief Failures::trace: the file (as given) and its entries in time order. */
  std::string trace_file;
  std::vector<FailureTraceEntry> trace;

  /** @brief From a failure to the job noticing it (heartbeat or collective timeout), in seconds. */
  double detection_s = 60;
  /** @brief Restarting the whole job on a new placement (scheduling, start-up, communicators), before restoring. */
  double restart_s = 420;
  /** @brief Restarting the processes in place after a software failure (no hardware replaced). */
  double process_restart_s = 120;
  /** @brief Idle servers kept as spares: -1 means every server the job does not use. */
  int spare_servers = -1;
  /** @brief Cold spares must be powered up and provisioned before they join (cold_start_s). */
  bool cold_spares = false;
  double cold_start_s = 0;

  const ClassReliability& of(ComponentClass c) const { return classes[static_cast<std::size_t>(c)]; }
  ClassReliability& of(ComponentClass c) { return classes[static_cast<std::size_t>(c)]; }

  /** @brief The documented defaults (rates from the Llama 3 table, repair and recovery times assumed). */
  static ReliabilitySpec defaults();
};

}  // namespace tcsim::topology
