#pragma once
/** @file Writes topology documents from a few parameters (`tcsim generate topology`). */
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim::topology {

/** @brief Parameters of `tcsim generate topology KIND`. Zero means "the template's default". */
struct GeneratorOptions {
  /** @brief "leaf-spine", "fat-tree" or "torus". */
  std::string kind;
  std::string name;
  /** @brief A NodeTemplates name. */
  std::string node_template = "atlas800";
  int nodes = 0;
  /** @brief Clos: ports per switch (all tiers); port speed defaults to the template's NIC speed. */
  int switch_ports = 64;
  double port_gbps = 0;
  double oversubscription = 1;
  double agg_oversubscription = 1;
  bool rails = false;
  double switch_latency_s = 1e-6;
  /** @brief Torus: dimensions (their product is the node count) and link speed. */
  std::vector<int> dims;
  double link_gbps = 400;
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
