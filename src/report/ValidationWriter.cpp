#include "tcsim/report/ValidationWriter.hpp"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

namespace tcsim::report {
namespace {

std::string fmt(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string status_of(const validation::ValidationRun::Row& row) {
  if (!row.input.skipped.empty()) return "skipped: " + row.input.skipped;
  if (!row.failure.empty()) return "failed: " + row.failure;
  return "";
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

std::string unit_of(const std::string& metric) { return metric == "time_to_train_s" ? "s" : "TFLOP/s"; }

}  // namespace

std::string ValidationWriter::render(const validation::ValidationRun& run, const std::string& format) {
  std::ostringstream out;
  if (format == "json") {
    nlohmann::ordered_json j;
    j["schema"] = "tcsim.validation/1";
    j["rows"] = nlohmann::ordered_json::array();
    for (const auto& row : run.rows) {
      nlohmann::ordered_json r{{"dataset", row.input.dataset},
                               {"label", row.input.label},
                               {"topology", row.input.topology},
                               {"workload", row.input.workload},
                               {"overrides", row.input.overrides},
                               {"metric", row.input.metric},
                               {"measured", row.input.measured}};
      if (row.scored()) {
        r["predicted"] = row.predicted;
        r["error"] = row.error;
      } else {
        r["status"] = status_of(row);
      }
      if (!row.input.note.empty()) r["note"] = row.input.note;
      j["rows"].push_back(r);
    }
    j["scored_rows"] = run.scored;
    j["median_abs_error"] = run.median_abs_error;
    j["worst_abs_error"] = run.worst_abs_error;
    return j.dump(2) + "\n";
  }
  if (format == "csv") {
    out.precision(10);
    out << "dataset,label,metric,measured,predicted,error,status\n";
    for (const auto& row : run.rows) {
      out << row.input.dataset << "," << csv_field(row.input.label) << "," << row.input.metric << "," << row.input.measured
          << ",";
      if (row.scored()) out << row.predicted << "," << row.error;
      else out << ",";
      out << "," << csv_field(status_of(row)) << "\n";
    }
    return out.str();
  }
  out << "tcsim validate: predictions against published measurements (data/reference/)\n\n";
  std::string dataset;
  for (const auto& row : run.rows) {
    if (row.input.dataset != dataset) {
      dataset = row.input.dataset;
      out << (dataset == "megatron" ? "Megatron-LM throughput per GPU (TFLOP/s)\n" : "MLPerf ResNet-50 time to train (s)\n");
    }
    char line[256];
    std::snprintf(line, sizeof line, "  %-62.62s", row.input.label.c_str());
    out << line;
    if (row.scored()) {
      out << fmt(" measured %9.1f", row.input.measured) << fmt("  predicted %9.1f", row.predicted)
          << fmt("  error %+6.1f%%", 100 * row.error);
      if (!row.input.note.empty()) out << "  (" << row.input.note << ")";
    } else {
      out << " " << status_of(row);
    }
    out << "\n";
  }
  out << "\n" << run.scored << " rows scored: median |error| " << fmt("%.1f%%", 100 * run.median_abs_error)
      << ", worst " << fmt("%.1f%%", 100 * run.worst_abs_error) << "\n";
  return out.str();
}

}  // namespace tcsim::report
