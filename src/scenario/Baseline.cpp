#include "tcsim/scenario/Baseline.hpp"

#include "tcsim/common/JsonCursor.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/results/MetricCatalog.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"

namespace tcsim::scenario {
namespace {


double tolerance_of(const JsonCursor& c) {
  const double t = c.positive_number();
  if (t >= 1) c.fail("expected a relative tolerance below 1 (0.01 is 1%)");
  return t;
}

}  // namespace

Baseline Baseline::load(const std::string& path) {
  const nlohmann::json document = read_json_file(path);
  const JsonCursor root(document, path);
  root.expect_object_with({"schema", "about", "changed", "reason", "tolerance", "scenarios"});
  if (root.at("schema").string() != "tcsim.baseline/1") root.at("schema").fail("expected \"tcsim.baseline/1\"");
  Baseline b;
  b.file = path;
  if (root.has("about")) b.about = root.at("about").string();
  if (root.has("changed")) b.changed = root.at("changed").string();
  if (root.has("reason")) b.reason = root.at("reason").string();
  if (root.has("tolerance")) b.tolerance = tolerance_of(root.at("tolerance"));
  const JsonCursor list = root.at("scenarios");
  if (!list.raw().is_array() || list.raw().empty()) list.fail("expected a non-empty array of scenarios");
  std::vector<std::string> metric_names;
  for (const auto& m : results::MetricCatalog::all()) metric_names.push_back(m.name);
  for (std::size_t i = 0; i < list.array_size(); ++i) {
    const JsonCursor s = list.at(i);
    s.expect_object_with({"name", "topology", "workload", "set", "seed", "replicas", "metrics"});
    Scenario scenario;
    scenario.name = s.at("name").string();
    for (const auto& other : b.scenarios)
      if (other.name == scenario.name) s.at("name").fail("another scenario has the name '" + scenario.name + "'");
    if (s.has("topology")) scenario.topology_as_written = s.at("topology").string();
    if (s.has("workload")) scenario.workload_as_written = s.at("workload").string();
    scenario.topology_file = path_beside(path, scenario.topology_as_written);
    scenario.workload_file = path_beside(path, scenario.workload_as_written);
    if (s.has("set")) scenario.overrides = s.at("set").string_array();
    if (s.has("seed")) scenario.seed = static_cast<std::uint64_t>(s.at("seed").int_within(0, 2147483647));
    if (s.has("replicas")) scenario.replicas = s.at("replicas").int_within(1, ScenarioInput::kMaxReplicas);
    const JsonCursor metrics = s.at("metrics");
    if (!metrics.raw().is_object() || metrics.raw().empty())
      metrics.fail("expected an object mapping metric names (step_time_s, time_to_train_s, ...) to pinned values");
    for (const auto& [name, value] : metrics.raw().items()) {
      const JsonCursor m = metrics.at(name);
      if (!results::MetricCatalog::find(name)) m.fail("unknown metric '" + name + "'; " + suggestion_text(name, metric_names));
      Pin pin;
      pin.metric = name;
      pin.tolerance = b.tolerance;
      if (value.is_object()) {
        m.expect_object_with({"value", "tolerance"});
        pin.value = m.at("value").number();
        if (m.has("tolerance")) {
          pin.tolerance = tolerance_of(m.at("tolerance"));
          pin.own_tolerance = true;
        }
      } else {
        pin.value = m.number();
      }
      scenario.pins.push_back(pin);
    }
    b.scenarios.push_back(std::move(scenario));
  }
  return b;
}

nlohmann::ordered_json Baseline::to_json() const {
  nlohmann::ordered_json j;
  j["schema"] = "tcsim.baseline/1";
  if (!about.empty()) j["about"] = about;
  if (!changed.empty()) j["changed"] = changed;
  if (!reason.empty()) j["reason"] = reason;
  j["tolerance"] = tolerance;
  j["scenarios"] = nlohmann::ordered_json::array();
  for (const auto& s : scenarios) {
    nlohmann::ordered_json e;
    e["name"] = s.name;
    if (!s.topology_as_written.empty()) e["topology"] = s.topology_as_written;
    if (!s.workload_as_written.empty()) e["workload"] = s.workload_as_written;
    if (!s.overrides.empty()) e["set"] = s.overrides;
    if (s.seed != 1) e["seed"] = s.seed;
    if (s.replicas != 1) e["replicas"] = s.replicas;
    nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
    for (const auto& p : s.pins) {
      if (p.own_tolerance) {
        metrics[p.metric] = {{"value", p.value}, {"tolerance", p.tolerance}};
      } else {
        metrics[p.metric] = p.value;
      }
    }
    e["metrics"] = std::move(metrics);
    j["scenarios"].push_back(std::move(e));
  }
  return j;
}

}  // namespace tcsim::scenario
