#pragma once
/** @file The process-wide SimGrid engine, created once with tcsim's network-model settings. */
#include <simgrid/forward.h>

namespace tcsim::platform {

/**
 * @brief Owns the configuration of the one SimGrid engine a process may have.
 *
 * SimGrid keeps one engine (and one clock) per process, so every scenario runs in its own
 * process (ctest runs each test in its own; multi-scenario commands fork).
 * The network model is CM02 (max-min fair sharing) without TCP window limits, cross-traffic
 * or latency/bandwidth correction factors: RDMA fabrics are closer to that than to TCP.
 */
class SimGridSession {
public:
  /** @brief The engine, created on first use. */
  static simgrid::s4u::Engine& engine();
};

}  // namespace tcsim::platform
