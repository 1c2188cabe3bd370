#include "tcsim/scenario/DesignComparison.hpp"

#include <charconv>
#include <map>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"

namespace tcsim::scenario {
namespace {

std::string stem(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

std::optional<std::string> file_or_default(const std::string& path) {
  return path.empty() ? std::nullopt : std::optional<std::string>(path);
}

}  // namespace

std::vector<Design> DesignComparison::designs(const std::vector<std::string>& files, bool designs_are_topologies,
                                              const std::string& fixed, const std::vector<std::string>& set,
                                              const std::vector<std::string>& set_each) {
  std::vector<Design> out;
  std::map<std::string, int> seen;
  for (const auto& file : files) {
    Design d;
    d.id = stem(file);
    if (const int n = ++seen[d.id]; n > 1) d.id += "#" + std::to_string(n);
    d.topology_file = designs_are_topologies ? file : fixed;
    d.workload_file = designs_are_topologies ? fixed : file;
    d.overrides = set;
    out.push_back(std::move(d));
  }
  for (const auto& entry : set_each) {
    const auto colon = entry.find(':');
    int index = 0;
    const char* end = entry.data() + (colon == std::string::npos ? 0 : colon);
    const auto [last, error] = std::from_chars(entry.data(), end, index);
    if (colon == std::string::npos || error != std::errc() || last != end || colon + 1 >= entry.size()) {
      throw InputError("--set-each", "", "expected I:KEY=VALUE with I the design's position from 1, got '" + entry + "'");
    }
    if (index < 1 || index > static_cast<int>(out.size())) {
      throw InputError("--set-each", "", "design " + std::to_string(index) + " does not exist: there are " +
                                             std::to_string(out.size()) + " designs, numbered from 1 ('" + entry + "')");
    }
    out[static_cast<std::size_t>(index - 1)].overrides.push_back(entry.substr(colon + 1));
  }
  return out;
}

std::vector<results::ResultRow> DesignComparison::run(const std::vector<Design>& designs, std::uint64_t seed,
                                                      int replicas, int jobs) {
  // Every design's files, overrides, topology and plan are checked before any simulation starts.
  for (const auto& d : designs) {
    WorkloadInspection::of(
        ScenarioInput::load(file_or_default(d.topology_file), file_or_default(d.workload_file), d.overrides, seed));
  }
  const auto outcomes = ProcessPool::run(designs.size(), jobs, [&](std::size_t k) {
    const Design& d = designs[k];
    auto input = ScenarioInput::load(file_or_default(d.topology_file), file_or_default(d.workload_file), d.overrides, seed);
    input.replicas = replicas;
    input.jobs = 1;
    const auto report = ScenarioRunner::run(input);
    return results::ResultRow::of(report, d.id, d.topology_file, d.workload_file, d.overrides, replicas).to_json().dump();
  });
  std::vector<results::ResultRow> rows;
  for (std::size_t k = 0; k < designs.size(); ++k) {
    const auto& outcome = outcomes[k];
    if (outcome.ok()) {
      rows.push_back(results::ResultRow::from_json(nlohmann::json::parse(outcome.output)));
      continue;
    }
    results::ResultRow failed;
    failed.id = designs[k].id;
    failed.topology_file = designs[k].topology_file;
    failed.workload_file = designs[k].workload_file;
    failed.overrides = designs[k].overrides;
    failed.seed = seed;
    failed.replicas = replicas;
    failed.error = outcome.error;
    failed.error_is_input = outcome.input_error;
    rows.push_back(std::move(failed));
  }
  return rows;
}

}  // namespace tcsim::scenario
