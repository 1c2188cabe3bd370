#include "tcsim/engine/TraceRecorder.hpp"

namespace tcsim::engine {

void TraceRecorder::name_process(int process, const std::string& name) { processes_.emplace_back(process, name); }

void TraceRecorder::name_thread(int process, int thread, const std::string& name) {
  threads_.push_back({{process, thread}, name});
}

void TraceRecorder::add(Span span) {
  if (span.duration_s < 0) span.duration_s = 0;
  spans_.push_back(std::move(span));
}

}  // namespace tcsim::engine
