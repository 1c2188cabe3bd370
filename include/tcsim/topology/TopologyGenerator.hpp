#pragma once
/** @file Writes topology documents from a few parameters (`tcsim generate topology`). */
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim::topology {

/**
 * @brief Parameters of `tcsim generate topology KIND`. An empty optional means "not given": the
 * default applies. A parameter given for a kind that has no use for it is an error.
 */
struct GeneratorOptions {
  /** @brief "leaf-spine", "fat-tree", "torus" or "dragonfly". */
  std::string kind;
  std::string name;
  /** @brief A NodeTemplates name. */
  std::string node_template = "atlas800";
  /** @brief Required for leaf-spine and fat-tree; torus and dragonfly derive it from their shape. */
  std::optional<int> nodes;
  /**
   * @brief Clos (leaf-spine, fat-tree): a catalog switch model (empty: none) and ports per switch
   * (all tiers; default: the model's, else 64); port speed defaults to the model's, else the
   * template's NIC speed; oversubscription 1.
   */
  std::string switch_model;
  std::optional<int> switch_ports;
  std::optional<double> port_gbps;
  std::optional<double> oversubscription;
  /** @brief Fat-tree only: the aggregation tier's downlink : uplink (default 1). */
  std::optional<double> agg_oversubscription;
  bool rails = false;
  /** @brief Switch or router latency, every kind (default: the model's, else 1 us). */
  std::optional<double> switch_latency_s;
  /** @brief Torus: dimensions (their product is the node count). */
  std::vector<int> dims;
  /** @brief Torus links and dragonfly local links, each direction, Gb/s (default 400). */
  std::optional<double> link_gbps;
  /** @brief Dragonfly: groups of routers joined all-to-all, nodes per router (default 1). */
  std::optional<int> groups;
  std::optional<int> routers_per_group;
  std::optional<int> nodes_per_router;
  /** @brief Default: the fewest that give every pair of groups a link. */
  std::optional<int> global_links_per_router;
  /** @brief Default: the local link speed. */
  std::optional<double> global_link_gbps;
};

/** @brief Builds the documents; every output is checked by the topology loader first. */
class TopologyGenerator {
public:
  /** @brief The document; throws InputError (file "generate") on bad parameters. */
  static nlohmann::ordered_json generate(const GeneratorOptions& options);
  /** @brief Torus dimensions from text such as "4x4x8"; throws InputError naming `--dims`. */
  static std::vector<int> parse_dims(const std::string& text);
};

}  // namespace tcsim::topology
