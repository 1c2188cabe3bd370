#include "tcsim/scenario/TopologyInspection.hpp"

#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace tcsim::scenario {

TopologyInspection TopologyInspection::run(const std::string& path, const std::vector<std::string>& overrides) {
  const auto document = ScenarioInput::load_topology(path, overrides);
  TopologyInspection out;
  out.spec = topology::TopologyLoader::from_json(document, path);
  const auto graph = topology::TopologyGraph::from_spec(out.spec);
  graph.check(path);
  out.analysis = topology::TopologyAnalysis::analyse(graph);
  return out;
}

}  // namespace tcsim::scenario
