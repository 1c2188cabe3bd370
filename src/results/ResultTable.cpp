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

std::string ResultTable::csv(const std::vector<ResultRow>& rows) {
  std::ostringstream out;
  out << csv_header() << "\n";
  for (const auto& r : rows) {
    out << cell(r.id) << "," << cell(r.topology_file) << "," << cell(r.workload_file) << "," << cell(joined(r.overrides))
        << "," << r.seed << "," << r.replicas << "," << cell(r.topology) << "," << cell(r.workload) << ","
        << cell(r.device) << "," << (r.device_calibrated ? "true" : "false") << "," << r.npus << "," << r.job_npus << ","
        << r.dp << "," << r.tp << "," << r.pp << "," << r.ep << "," << r.global_batch << "," << cell(r.error);
    for (const auto& metric : MetricCatalog::all()) {
      out << ",";
      const auto it = r.values.find(metric.name);
      if (it != r.values.end()) out << MetricCatalog::format(metric, it->second);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace tcsim::results
