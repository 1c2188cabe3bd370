#include "tcsim/results/ResultRow.hpp"

#include "tcsim/results/MetricCatalog.hpp"

namespace tcsim::results {

ResultRow ResultRow::of(const report::Report& report, std::string id, std::string topology_file, std::string workload_file,
                        std::vector<std::string> overrides, int replicas) {
  ResultRow row;
  row.id = std::move(id);
  row.topology_file = std::move(topology_file);
  row.workload_file = std::move(workload_file);
  row.overrides = std::move(overrides);
  row.seed = report.seed;
  row.replicas = replicas;
  row.topology = report.topology;
  row.workload = report.workload;
  row.device = report.device;
  row.device_calibrated = report.device_calibrated;
  row.calibration = report.device_calibration;
  row.npus = report.npus;
  row.job_npus = report.job_npus;
  row.dp = report.dp;
  row.tp = report.tp;
  row.pp = report.pp;
  row.ep = report.ep;
  row.global_batch = report.global_batch;
  for (const auto& metric : MetricCatalog::all()) {
    if (const auto value = metric.value(report)) row.values[metric.name] = *value;
  }
  return row;
}

std::string ResultRow::plan() const {
  std::string text = "dp " + std::to_string(dp) + " x tp " + std::to_string(tp) + " x pp " + std::to_string(pp);
  if (ep > 1) text += " x ep " + std::to_string(ep);
  return text;
}

nlohmann::ordered_json ResultRow::to_json() const {
  nlohmann::ordered_json j;
  j["id"] = id;
  j["inputs"] = {{"topology_file", topology_file},
                 {"workload_file", workload_file},
                 {"overrides", overrides},
                 {"seed", seed},
                 {"replicas", replicas}};
  j["design"] = {{"topology", topology},       {"workload", workload}, {"device", device},
                 {"device_calibrated", device_calibrated}, {"calibration", calibration}, {"npus", npus},
                 {"job_npus", job_npus},       {"dp", dp},             {"tp", tp},
                 {"pp", pp},                   {"ep", ep},             {"global_batch", global_batch}};
  if (!error.empty()) {
    j["error"] = error;
    j["error_is_input"] = error_is_input;
  }
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  // In catalog order, so that the JSON reads like the CSV.
  for (const auto& metric : MetricCatalog::all()) {
    const auto it = values.find(metric.name);
    if (it != values.end()) metrics[metric.name] = it->second;
  }
  j["metrics"] = std::move(metrics);
  return j;
}

ResultRow ResultRow::from_json(const nlohmann::json& j) {
  ResultRow row;
  row.id = j.at("id").get<std::string>();
  const auto& inputs = j.at("inputs");
  row.topology_file = inputs.at("topology_file").get<std::string>();
  row.workload_file = inputs.at("workload_file").get<std::string>();
  row.overrides = inputs.at("overrides").get<std::vector<std::string>>();
  row.seed = inputs.at("seed").get<std::uint64_t>();
  row.replicas = inputs.at("replicas").get<int>();
  const auto& design = j.at("design");
  row.topology = design.at("topology").get<std::string>();
  row.workload = design.at("workload").get<std::string>();
  row.device = design.at("device").get<std::string>();
  row.device_calibrated = design.at("device_calibrated").get<bool>();
  row.calibration = design.at("calibration").get<std::string>();
  row.npus = design.at("npus").get<int>();
  row.job_npus = design.at("job_npus").get<int>();
  row.dp = design.at("dp").get<int>();
  row.tp = design.at("tp").get<int>();
  row.pp = design.at("pp").get<int>();
  row.ep = design.at("ep").get<int>();
  row.global_batch = design.at("global_batch").get<std::int64_t>();
  if (j.contains("error")) {
    row.error = j.at("error").get<std::string>();
    row.error_is_input = j.at("error_is_input").get<bool>();
  }
  for (const auto& [name, value] : j.at("metrics").items()) row.values[name] = value.get<double>();
  return row;
}

}  // namespace tcsim::results
