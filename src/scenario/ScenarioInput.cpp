#include "tcsim/scenario/ScenarioInput.hpp"

#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/DefaultScenario.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/scenario/Override.hpp"

namespace tcsim::scenario {

ScenarioInput ScenarioInput::load(const std::optional<std::string>& topology_path,
                                  const std::optional<std::string>& workload_path,
                                  const std::vector<std::string>& overrides, std::uint64_t seed) {
  ScenarioInput input;
  input.seed = seed;
  if (topology_path) {
    input.topology_file = *topology_path;
    input.topology = read_json_file(*topology_path);
  } else {
    input.topology_file = kDefaultTopologyFile;
    input.topology = parse_json_text(default_topology_text(), input.topology_file);
  }
  if (workload_path) {
    input.workload_file = *workload_path;
    input.workload = read_json_file(*workload_path);
  } else {
    input.workload_file = kDefaultWorkloadFile;
    input.workload = parse_json_text(default_workload_text(), input.workload_file);
  }
  for (const auto& text : overrides) {
    const Override o = Override::parse(text);
    if (o.target == "topology") o.apply(input.topology, input.topology_file);
    else o.apply(input.workload, input.workload_file);
  }
  input.is_builtin_default = !topology_path && !workload_path && overrides.empty();
  return input;
}

nlohmann::json ScenarioInput::load_topology(const std::string& path, const std::vector<std::string>& overrides) {
  nlohmann::json topology = read_json_file(path);
  for (const auto& text : overrides) {
    const Override o = Override::parse(text);
    if (o.target != "topology") throw InputError("--set", "", "'" + text + "': only topology.* keys apply here");
    o.apply(topology, path);
  }
  return topology;
}

}  // namespace tcsim::scenario
