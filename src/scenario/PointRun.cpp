#include "tcsim/scenario/PointRun.hpp"

#include "tcsim/scenario/ScenarioRunner.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"

namespace tcsim::scenario {
namespace {

std::optional<std::string> file_or_default(const std::string& path) {
  return path.empty() ? std::nullopt : std::optional<std::string>(path);
}

}  // namespace

ScenarioInput PointRun::input() const {
  ScenarioInput in = ScenarioInput::load(file_or_default(topology_file), file_or_default(workload_file), overrides, seed);
  in.replicas = replicas;
  // The pool runs points side by side: replicas stay in the point's own process.
  in.jobs = 1;
  return in;
}

void PointRun::check() const { WorkloadInspection::of(input()); }

std::string PointRun::simulate() const {
  const auto report = ScenarioRunner::run(input());
  return results::ResultRow::of(report, id, topology_file, workload_file, overrides, replicas).to_json().dump();
}

results::ResultRow PointRun::row(const ProcessPool::Outcome& outcome) const {
  if (outcome.ok()) return results::ResultRow::from_json(nlohmann::json::parse(outcome.output));
  results::ResultRow failed;
  failed.id = id;
  failed.topology_file = topology_file;
  failed.workload_file = workload_file;
  failed.overrides = overrides;
  failed.seed = seed;
  failed.replicas = replicas;
  failed.error = outcome.error;
  failed.error_is_input = outcome.input_error;
  return failed;
}

}  // namespace tcsim::scenario
