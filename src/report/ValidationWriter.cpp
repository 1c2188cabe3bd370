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

std::string unit_of(const std::string& metric) {
  if (metric == "time_to_train_s" || metric == "step_time_s") return "s";
  if (metric == "tokens_per_s_per_device") return "tokens/s";
  return "TFLOP/s";
}

std::string heading_of(const std::string& dataset) {
  if (dataset == "megatron") return "Megatron-LM throughput per GPU (TFLOP/s)";
  if (dataset == "gpu-llm") return "LLM pre-training on GPUs (each row's published figure: step time, TFLOP/s or tokens/s per GPU)";
  if (dataset == "ascend-llm") return "LLM pre-training on Ascend NPUs (tokens/s per NPU)";
  return "MLPerf ResNet-50 time to train (s)";
}

std::string family_name(const std::string& family) {
  if (family == "resnet50") return "ResNet-50 (MLPerf)";
  if (family == "gpu-llm") return "GPU LLM";
  return "Ascend LLM";
}

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
    for (const auto& [family, summary] : run.families) {
      j["families"][family] = {{"scored_rows", summary.scored},
                               {"median_abs_error", summary.median_abs_error},
                               {"worst_abs_error", summary.worst_abs_error}};
    }
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
      out << heading_of(dataset) << "\n";
    }
    char line[256];
    std::snprintf(line, sizeof line, "  %-62.62s", row.input.label.c_str());
    out << line;
    if (row.scored()) {
      const bool llm = row.input.dataset == "gpu-llm" || row.input.dataset == "ascend-llm";
      const char* number = llm ? "%9.4g" : "%9.1f";
      out << " measured " << fmt(number, row.input.measured) << "  predicted " << fmt(number, row.predicted)
          << fmt("  error %+6.1f%%", 100 * row.error) << (llm ? " " + unit_of(row.input.metric) : "");
      if (!row.input.note.empty()) out << "  (" << row.input.note << ")";
    } else {
      out << " " << status_of(row);
    }
    out << "\n";
  }
  out << "\n" << run.scored << " rows scored: median |error| " << fmt("%.1f%%", 100 * run.median_abs_error)
      << ", worst " << fmt("%.1f%%", 100 * run.worst_abs_error) << "\n";
  for (const auto& [family, summary] : run.families) {
    if (summary.scored == 0) continue;
    char line[160];
    std::snprintf(line, sizeof line, "  %-20s %2zu rows: median |error| %.1f%%, worst %.1f%%\n", family_name(family).c_str(),
                  summary.scored, 100 * summary.median_abs_error, 100 * summary.worst_abs_error);
    out << line;
  }
  return out.str();
}

}  // namespace tcsim::report
