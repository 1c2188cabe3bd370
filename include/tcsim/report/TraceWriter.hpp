#pragma once
/** @file Chrome trace-event JSON (opens in ui.perfetto.dev and chrome://tracing). */
#include <string>

#include "tcsim/engine/TraceRecorder.hpp"

namespace tcsim::report {

/**
 * @brief Writes a step's timeline as trace events: "X" (complete) events with microsecond
 * timestamps from the step's start, and "M" metadata naming processes and threads.
 */
class TraceWriter {
public:
  static std::string to_json(const engine::TraceRecorder& trace, double step_start_s);
};

}  // namespace tcsim::report
