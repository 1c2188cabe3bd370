#include "tcsim/topology/TopologyGenerator.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>

#include <fmt/format.h>

#include "tcsim/common/InputError.hpp"
#include "tcsim/hw/HardwareCatalog.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/topology/NodeTemplates.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"
#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::topology {

namespace {

InputError bad_option(const std::string& flag, const std::string& message) { return InputError("generate", "", flag + ": " + message); }

/** A parameter that the kind would ignore is a mistake the user should hear about. */
void refuse_unused(const GeneratorOptions& o) {
  const bool clos = o.kind == "leaf-spine" || o.kind == "fat-tree";
  const bool torus = o.kind == "torus";
  const bool dragonfly = o.kind == "dragonfly";
  const auto refuse = [&o](bool given, bool used, const char* flag, const char* kinds) {
    if (given && !used) throw bad_option(flag, std::string("applies to ") + kinds + " only, not to a " + o.kind);
  };
  const char* clos_kinds = "leaf-spine and fat-tree";
  refuse(o.switch_ports.has_value(), clos, "--switch-ports", clos_kinds);
  refuse(o.port_gbps.has_value(), clos, "--port-gbps", clos_kinds);
  refuse(o.oversubscription.has_value(), clos, "--oversubscription", clos_kinds);
  refuse(o.rails, clos, "--rails", clos_kinds);
  refuse(o.agg_oversubscription.has_value(), o.kind == "fat-tree", "--agg-oversubscription", "fat-tree");
  refuse(!o.dims.empty(), torus, "--dims", "torus");
  refuse(o.link_gbps.has_value(), torus || dragonfly, "--link-gbps", "torus and dragonfly");
  refuse(o.groups.has_value(), dragonfly, "--groups", "dragonfly");
  refuse(o.routers_per_group.has_value(), dragonfly, "--routers-per-group", "dragonfly");
  refuse(o.nodes_per_router.has_value(), dragonfly, "--nodes-per-router", "dragonfly");
  refuse(o.global_links_per_router.has_value(), dragonfly, "--global-links-per-router", "dragonfly");
  refuse(o.global_link_gbps.has_value(), dragonfly, "--global-link-gbps", "dragonfly");
}

void check_int_within(const std::optional<int>& value, int least, const char* flag, int most = INT_MAX) {
  if (value && (*value < least || *value > most)) {
    throw bad_option(flag, "expected an integer from " + std::to_string(least) + " to " + std::to_string(most) + ", got " +
                               std::to_string(*value));
  }
}

void check_positive(const std::optional<double>& value, const char* flag) {
  if (value && !(*value > 0)) throw bad_option(flag, "expected a number > 0, got " + fmt::format("{}", *value));
}

/** The signs and sizes of what was given; the loader checks the document's ranges afterwards. */
void check_values(const GeneratorOptions& o) {
  check_int_within(o.nodes, 1, "--nodes", TopologySpec::kMaxNodes);
  check_int_within(o.switch_ports, 1, "--switch-ports", hw::SwitchProfile::kMaxPorts);
  check_positive(o.port_gbps, "--port-gbps");
  check_positive(o.oversubscription, "--oversubscription");
  check_positive(o.agg_oversubscription, "--agg-oversubscription");
  if (o.switch_latency_s && !(*o.switch_latency_s >= 0)) {
    throw bad_option("--switch-latency-s", "expected a latency >= 0, got " + fmt::format("{}", *o.switch_latency_s));
  }
  check_positive(o.link_gbps, "--link-gbps");
  check_int_within(o.groups, 2, "--groups");
  check_int_within(o.routers_per_group, 1, "--routers-per-group");
  check_int_within(o.nodes_per_router, 1, "--nodes-per-router");
  check_int_within(o.global_links_per_router, 1, "--global-links-per-router");
  check_positive(o.global_link_gbps, "--global-link-gbps");
}

/** Nodes of a shape given as factors, refused above the loader's limit before anything overflows. */
int shape_nodes(const std::vector<int>& factors, const std::string& shape) {
  std::int64_t product = 1;
  for (int f : factors) {
    product *= f;
    if (product > TopologySpec::kMaxNodes) {
      throw InputError("generate", "", shape + " makes more than " + std::to_string(TopologySpec::kMaxNodes) + " nodes");
    }
  }
  return static_cast<int>(product);
}

}  // namespace

nlohmann::ordered_json TopologyGenerator::generate(const GeneratorOptions& o) {
  const std::vector<std::string> kinds = {"leaf-spine", "fat-tree", "torus", "dragonfly"};
  if (std::find(kinds.begin(), kinds.end(), o.kind) == kinds.end()) {
    throw InputError("generate", "", "unknown topology kind '" + o.kind + "'; " + suggestion_text(o.kind, kinds));
  }
  nlohmann::ordered_json node = NodeTemplates::find(o.node_template);
  if (node.is_null()) {
    throw InputError("generate", "", "unknown node template '" + o.node_template + "'; " +
                                         suggestion_text(o.node_template, NodeTemplates::names()));
  }
  refuse_unused(o);
  check_values(o);

  int nodes = o.nodes.value_or(0);
  if (o.kind == "torus") {
    if (o.dims.empty()) throw InputError("generate", "", "a torus needs --dims, e.g. --dims 4x4x8");
    const int product = shape_nodes(o.dims, "--dims");
    if (nodes == 0) nodes = product;
    if (nodes != product) {
      throw InputError("generate", "", "--nodes " + std::to_string(nodes) + " differs from the product of --dims, " +
                                           std::to_string(product) + " (leave --nodes out)");
    }
  }
  if (o.kind == "dragonfly") {
    if (!o.groups || !o.routers_per_group) {
      throw InputError("generate", "", "a dragonfly needs --groups (>= 2) and --routers-per-group");
    }
    const int size = shape_nodes({*o.groups, *o.routers_per_group, o.nodes_per_router.value_or(1)},
                                 "--groups x --routers-per-group x --nodes-per-router");
    if (nodes == 0) nodes = size;
    if (nodes != size) {
      throw InputError("generate", "", "--nodes " + std::to_string(nodes) + " differs from groups x routers x nodes = " +
                                           std::to_string(size) + " (leave --nodes out)");
    }
  }
  if (nodes < 1) throw InputError("generate", "", "--nodes must be at least 1");
  const hw::HardwareCatalog& catalog = hw::HardwareCatalog::builtin();
  const hw::SwitchProfile* model = nullptr;
  if (!o.switch_model.empty()) {
    model = catalog.switches.find(o.switch_model);
    if (model == nullptr) {
      throw InputError("generate", "", "unknown switch model '" + o.switch_model + "'; " +
                                           suggestion_text(o.switch_model, catalog.switches.keys()));
    }
  }

  nlohmann::ordered_json doc;
  doc["schema"] = "tcsim.topology/1";
  doc["name"] = o.name.empty() ? o.node_template + "-" + o.kind + "-" + std::to_string(nodes) : o.name;
  doc["description"] = std::to_string(nodes) + " x " + NodeTemplates::description(o.node_template) + ", on a " + o.kind +
                       " fabric (generated by tcsim generate topology).";
  doc["sources"] = nlohmann::ordered_json::array({"tcsim built-in node template '" + o.node_template + "'"});
  doc["nodes"] = nodes;
  // The template name travels with the spelled-out fields (inspect shows it; the fields win).
  nlohmann::ordered_json named = {{"template", o.node_template}};
  named.update(node);
  doc["node"] = named;

  // Port speed: given, else the switch model's, else the NIC's (its own figure or its model's).
  double nic_gbps = 0;
  if (node["nic"].contains("gbps")) {
    nic_gbps = node["nic"]["gbps"].get<double>();
  } else {
    nic_gbps = catalog.nics.find(node["nic"]["model"].get<std::string>())->bandwidth_bytes_per_s * 8 / 1e9;
  }
  const double port_gbps = o.port_gbps ? *o.port_gbps : model ? model->port_bandwidth_bytes_per_s * 8 / 1e9 : nic_gbps;
  const int ports = o.switch_ports ? *o.switch_ports : model ? model->ports : 64;
  const double latency_s = o.switch_latency_s ? *o.switch_latency_s : model ? model->latency_s : 1e-6;
  const double link_gbps = o.link_gbps.value_or(400);
  const double oversubscription = o.oversubscription.value_or(1);
  if (o.kind == "dragonfly") {
    const int groups = *o.groups;
    const int routers = *o.routers_per_group;
    const int global_links = o.global_links_per_router ? *o.global_links_per_router : (groups - 1 + routers - 1) / routers;
    doc["fabric"] = {{"kind", "dragonfly"},
                     {"groups", groups},
                     {"routers_per_group", routers},
                     {"nodes_per_router", o.nodes_per_router.value_or(1)},
                     {"global_links_per_router", global_links},
                     {"link_gbps", link_gbps},
                     {"global_link_gbps", o.global_link_gbps.value_or(link_gbps)},
                     {"link_latency_s", 1e-7},
                     {"switch_latency_s", latency_s}};
  } else if (o.kind == "torus") {
    doc["fabric"] = {{"kind", "torus"},
                     {"dims", o.dims},
                     {"link_gbps", link_gbps},
                     {"link_latency_s", 1e-7},
                     {"switch_latency_s", latency_s}};
  } else if (o.kind == "leaf-spine") {
    doc["fabric"] = {{"kind", "leaf_spine"},
                     {"leaf_ports", ports},
                     {"spine_ports", ports},
                     {"port_gbps", port_gbps},
                     {"oversubscription", oversubscription},
                     {"switch_latency_s", latency_s},
                     {"rails", o.rails}};
  } else {
    doc["fabric"] = {{"kind", "fat_tree"},
                     {"leaf_ports", ports},
                     {"agg_ports", ports},
                     {"core_ports", ports},
                     {"port_gbps", port_gbps},
                     {"oversubscription", oversubscription},
                     {"agg_oversubscription", o.agg_oversubscription.value_or(1)},
                     {"switch_latency_s", latency_s},
                     {"rails", o.rails}};
  }
  // The model names the hardware (power in inspect); the figures above are spelled out so that
  // `--set` reaches them.
  if (model != nullptr && doc["fabric"]["kind"] != "torus" && doc["fabric"]["kind"] != "dragonfly") {
    doc["fabric"]["switch"] = o.switch_model;
  }
  // Never write a file that `run` would refuse: the same checks, against the parameters.
  const nlohmann::json plain = nlohmann::json::parse(doc.dump());
  TopologyGraph::from_spec(TopologyLoader::from_json(plain, "generated topology")).check("generated topology");
  return doc;
}

std::vector<int> TopologyGenerator::parse_dims(const std::string& text) {
  std::vector<int> dims;
  std::string part;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != 'x') {
      part += text[i];
      continue;
    }
    std::size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (part.empty() || used != part.size() || value < 1) {
      throw InputError("--dims", "", "expected sizes like 4x4x8, got '" + text + "'");
    }
    dims.push_back(value);
    part.clear();
  }
  return dims;
}

}  // namespace tcsim::topology
