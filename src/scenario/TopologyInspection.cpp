#include "tcsim/scenario/TopologyInspection.hpp"

#include "tcsim/common/InputError.hpp"
#include "tcsim/platform/PlatformBuilder.hpp"
#include "tcsim/platform/PlatformExporter.hpp"
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
  out.failures = reliability::FailureSummary::of(reliability::ComponentInventory(graph, out.spec, out.spec.npus()),
                                                 out.spec.reliability);
  return out;
}

std::string TopologyInspection::simgrid_xml(const std::string& path, const std::vector<std::string>& overrides,
                                            const std::string& target) {
  const auto spec = topology::TopologyLoader::from_json(ScenarioInput::load_topology(path, overrides), path);
  const auto graph = topology::TopologyGraph::from_spec(spec);
  graph.check(path);
  // Refuse before building a platform that could not be exported anyway.
  if (graph.npu_count() > platform::PlatformExporter::kMaxNpus) {
    throw InputError(target, "", "the SimGrid export holds a route per pair of NPUs and is limited to " +
                                     std::to_string(platform::PlatformExporter::kMaxNpus) + " NPUs; this topology has " +
                                     std::to_string(graph.npu_count()) + " (resize with --set topology.nodes=N)");
  }
  return platform::PlatformExporter::to_xml(platform::PlatformBuilder::build(graph), target);
}

}  // namespace tcsim::scenario
