#pragma once
/** @file Writes topology documents from a few parameters (`tcsim generate topology`). */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim::topology {

/** @brief Parameters of `tcsim generate topology KIND`. Zero means "the template's default". */
struct GeneratorOptions {
  /** @brief "leaf-spine", "fat-tree", "torus" or "dragonfly". */
  std::string kind;
  std::string name;
  /** @brief A NodeTemplates name. */
  std::string node_template = "atlas800";
  int nodes = 0;
  /**
   * @brief Clos: a catalog switch model (empty: none) and ports per switch (all tiers; 0: the
   * model's, else 64); port speed defaults to the model's, else the template's NIC speed.
   */
  std::string switch_model;
  int switch_ports = 0;
  double port_gbps = 0;
  double oversubscription = 1;
  double agg_oversubscription = 1;
  bool rails = false;
  /** @brief Switch or router latency (< 0: the model's, else 1 us). */
  double switch_latency_s = -1;
  /** @brief Torus: dimensions (their product is the node count) and link speed. */
  std::vector<int> dims;
  /** @brief Torus links and dragonfly local links, each direction, Gb/s. */
  double link_gbps = 400;
  /** @brief Dragonfly: groups of routers joined all-to-all, nodes per router, global links. */
  int groups = 0;
  int routers_per_group = 0;
  int nodes_per_router = 1;
  /** @brief 0: the fewest that give every pair of groups a link. */
  int global_links_per_router = 0;
  /** @brief 0: the local link speed. */
  double global_link_gbps = 0;
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
