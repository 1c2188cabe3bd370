#include "tcsim/results/ResultTable.hpp"

#include <sstream>

#include "tcsim/results/MetricCatalog.hpp"

namespace tcsim::results {
namespace {

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
std::string cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/** Line breaks in a message become "; ", so that every record is one line. */
std::string single_line(std::string text) {
  for (std::size_t at = text.find_first_of("\r\n"); at != std::string::npos; at = text.find_first_of("\r\n", at)) {
    text.replace(at, 1, "; ");
  }
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
  return out;
}

}  // namespace

std::string ResultTable::csv_header() {
  std::string header =
      "id,topology_file,workload_file,overrides,seed,replicas,topology,workload,device,device_calibrated,npus,job_npus,"
      "dp,tp,pp,ep,global_batch,error";
  for (const auto& metric : MetricCatalog::all()) header += "," + metric.name;
  return header;
}

std::string ResultTable::joined_overrides(const std::vector<std::string>& overrides) { return joined(overrides); }

std::string ResultTable::csv_record(const ResultRow& r) {
  std::ostringstream out;
  out << cell(r.id) << "," << cell(r.topology_file) << "," << cell(r.workload_file) << "," << cell(joined(r.overrides))
      << "," << r.seed << "," << r.replicas << "," << cell(r.topology) << "," << cell(r.workload) << "," << cell(r.device)
      << "," << (r.device_calibrated ? "true" : "false") << "," << r.npus << "," << r.job_npus << "," << r.dp << ","
      << r.tp << "," << r.pp << "," << r.ep << "," << r.global_batch << "," << cell(single_line(r.error));
  for (const auto& metric : MetricCatalog::all()) {
    out << ",";
    const auto it = r.values.find(metric.name);
    if (it != r.values.end()) out << MetricCatalog::format(metric, it->second);
  }
  return out.str();
}

std::vector<std::string> ResultTable::split_record(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

std::string ResultTable::csv(const std::vector<ResultRow>& rows) {
  std::ostringstream out;
  out << csv_header() << "\n";
  for (const auto& r : rows) out << csv_record(r) << "\n";
  return out.str();
}

}  // namespace tcsim::results
