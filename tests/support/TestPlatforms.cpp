#include "support/TestPlatforms.hpp"

#include "support/CliRunner.hpp"
#include "tcsim/platform/PlatformBuilder.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace tcsim::test {

nlohmann::json atlas_topology() {
  // Without its storage tiers, which tests add where they need them (storage_topology).
  nlohmann::json doc = scenario::read_json_file(source_path("topologies/atlas900-1024.json"));
  doc.erase("storage");
  doc["node"]["host"].erase("frontend_gbps");
  doc["node"]["host"].erase("frontend_latency_s");
  return doc;
}

nlohmann::json small_topology(int nodes, int npus_per_node, int group) {
  nlohmann::json doc = atlas_topology();
  doc["name"] = "test-" + std::to_string(nodes) + "x" + std::to_string(npus_per_node);
  doc["nodes"] = nodes;
  doc["node"]["npus"] = npus_per_node;
  doc["node"]["intra"]["group_size"] = group;
  return doc;
}

nlohmann::json fat_tree_topology(int nodes, double agg_oversubscription) {
  nlohmann::json doc = atlas_topology();
  doc["name"] = "test-fat-tree";
  doc["nodes"] = nodes;
  doc["fabric"] = {{"kind", "fat_tree"},        {"leaf_ports", 16},   {"agg_ports", 16},
                   {"core_ports", 16},          {"port_gbps", 100},   {"oversubscription", 1},
                   {"agg_oversubscription", agg_oversubscription}, {"switch_latency_s", 1e-6}, {"rails", false}};
  return doc;
}

nlohmann::json torus_topology(const std::vector<int>& dims) {
  nlohmann::json doc = atlas_topology();
  int nodes = 1;
  for (int d : dims) nodes *= d;
  doc["name"] = "test-torus";
  doc["nodes"] = nodes;
  doc["node"]["nic"]["gbps"] = 400;
  doc["fabric"] = {{"kind", "torus"}, {"dims", dims}, {"link_gbps", 400}, {"link_latency_s", 1e-7}, {"switch_latency_s", 1e-7}};
  return doc;
}

nlohmann::json dragonfly_topology(int groups, double global_gbps) {
  nlohmann::json doc = atlas_topology();
  doc["name"] = "test-dragonfly";
  doc["nodes"] = groups * 2;
  doc["node"]["nic"]["gbps"] = 400;
  doc["fabric"] = {{"kind", "dragonfly"},       {"groups", groups},           {"routers_per_group", 2},
                   {"nodes_per_router", 1},     {"global_links_per_router", 2}, {"link_gbps", 400},
                   {"global_link_gbps", global_gbps}, {"link_latency_s", 1e-7},  {"switch_latency_s", 1e-7}};
  return doc;
}

nlohmann::json storage_topology(int nodes) {
  nlohmann::json doc = atlas_topology();
  doc["name"] = "test-storage";
  doc["nodes"] = nodes;
  doc["node"]["host"] = {{"dram_gib", 1024},        {"dram_gbps", 1600},   {"nvme_drives", 4},
                         {"nvme_read_gbps", 25.6},  {"nvme_write_gbps", 16}, {"frontend_gbps", 200},
                         {"frontend_latency_s", 2e-6}};
  doc["storage"] = {{"parallel_fs", {{"servers", 4}, {"drives_per_server", 12}, {"drive_read_gbps", 25.6},
                                     {"drive_write_gbps", 16}, {"server_gbps", 400}}},
                    {"object_store", {{"read_gbps", 100}, {"write_gbps", 50}, {"link_gbps", 100}, {"latency_s", 0.01}}}};
  return doc;
}

nlohmann::json explicit_line_topology() {
  nlohmann::json doc = atlas_topology();
  doc["name"] = "test-explicit";
  doc["nodes"] = 4;
  const auto sw = [](const char* name) { return nlohmann::json{{"name", name}, {"ports", 32}, {"latency_s", 1e-6}}; };
  doc["fabric"] = {{"kind", "explicit"},
                   {"port_gbps", 100},
                   {"switches", {sw("s0"), sw("s1"), sw("s2")}},
                   {"trunks",
                    {{{"a", "s0"}, {"b", "s1"}, {"count", 2}, {"gbps", 400}, {"latency_s", 0}},
                     {{"a", "s1"}, {"b", "s2"}, {"gbps", 400}, {"latency_s", 0}}}},
                   {"attach", {"s0", "s0", "s1", "s2"}}};
  return doc;
}

platform::Platform build_platform(const nlohmann::json& doc, topology::TopologySpec* spec_out) {
  const auto spec = topology::TopologyLoader::from_json(doc, "test");
  const auto graph = topology::TopologyGraph::from_spec(spec);
  graph.check("test");
  if (spec_out) *spec_out = spec;
  return platform::PlatformBuilder::build(graph);
}

}  // namespace tcsim::test
