#include "tcsim/report/TraceWriter.hpp"

#include <nlohmann/json.hpp>

namespace tcsim::report {

std::string TraceWriter::to_json(const engine::TraceRecorder& trace, double step_start_s) {
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& [pid, name] : trace.processes()) {
    events.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", pid}, {"tid", 0}, {"args", {{"name", name}}}});
    events.push_back({{"ph", "M"}, {"name", "process_sort_index"}, {"pid", pid}, {"tid", 0}, {"args", {{"sort_index", pid}}}});
  }
  for (const auto& [ids, name] : trace.threads()) {
    events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", ids.first}, {"tid", ids.second}, {"args", {{"name", name}}}});
  }
  for (const auto& span : trace.spans()) {
    nlohmann::ordered_json e{{"ph", "X"},
                             {"name", span.name},
                             {"cat", span.category},
                             {"pid", span.process},
                             {"tid", span.thread},
                             {"ts", (span.start_s - step_start_s) * 1e6},
                             {"dur", span.duration_s * 1e6}};
    if (!span.args_json.empty()) e["args"] = nlohmann::ordered_json::parse(span.args_json);
    events.push_back(std::move(e));
  }
  nlohmann::ordered_json doc{{"displayTimeUnit", "ms"},
                             {"otherData", {{"generator", "tcsim"}, {"time_unit", "microseconds of simulated time"}}},
                             {"traceEvents", std::move(events)}};
  return doc.dump() + "\n";
}

}  // namespace tcsim::report
