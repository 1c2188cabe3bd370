#pragma once
/** @file A loaded, validated `tcsim.topology/1` document, in SI units. */
#include <cstdint>
#include <string>
#include <vector>

#include "tcsim/hw/HardwareCatalog.hpp"
#include "tcsim/topology/FabricSpec.hpp"
#include "tcsim/topology/NodeTemplate.hpp"
#include "tcsim/topology/ReliabilitySpec.hpp"
#include "tcsim/topology/StorageSpec.hpp"

namespace tcsim::topology {

/**
 * @brief A cluster: `nodes` copies of a node template on a fabric, or (explicit fabrics only)
 * consecutive groups of nodes with different templates.
 */
struct TopologySpec {
  /** @brief Most nodes a topology may have (the loader and the generator refuse more). */
  static constexpr int kMaxNodes = 1'000'000;
  /**
   * @brief Most NPUs a topology may have: 2^20, ten times the largest clusters tcsim is built
   * for. Building the platform costs memory in proportion (2^20 NPUs take 3.7 GB and 26 s to
   * generate and check, 8 million took 21 GB and 220 s), so a mistyped count fails here instead
   * of exhausting the machine.
   */
  static constexpr std::int64_t kMaxNpus = 1 << 20;

  std::string name;
  std::string description;
  /** @brief File it was read from (for error messages), or "<built-in ...>". */
  std::string source_file;
  int nodes = 0;
  /** @brief Every node's template; in a heterogeneous cluster, the first group's. */
  NodeTemplate node;
  /** @brief Heterogeneous clusters: `count` consecutive nodes with `node`. Empty when homogeneous. */
  struct NodeGroup {
    int count = 0;
    NodeTemplate node;
  };
  std::vector<NodeGroup> node_groups;
  FabricSpec fabric;
  StorageSpec storage;
  /** @brief Failure rates, recovery and spares (the defaults when the file has no section). */
  ReliabilitySpec reliability = ReliabilitySpec::defaults();
  /**
   * @brief Facility power usage effectiveness: facility energy over IT energy (cooling, power
   * delivery); 1 (the default) reports IT energy only.
   */
  double pue = 1.0;
  /** @brief The built-in hardware catalog plus this file's `"catalog"` entries. */
  hw::HardwareCatalog catalog;

  bool heterogeneous() const { return !node_groups.empty(); }
  /** @brief Template of node `n` (0-based, in file order). */
  const NodeTemplate& node_template(int n) const {
    for (const auto& group : node_groups) {
      if (n < group.count) return group.node;
      n -= group.count;
    }
    return node;
  }
  /** @brief Servers in all (node n holds node_template(n).servers of them, numbered node-major). */
  int servers() const {
    if (!heterogeneous()) return nodes * node.servers;
    int total = 0;
    for (const auto& group : node_groups) total += group.count * group.node.servers;
    return total;
  }
  int npus() const {
    if (!heterogeneous()) return nodes * node.npus_per_node;
    int total = 0;
    for (const auto& group : node_groups) total += group.count * group.node.npus_per_node;
    return total;
  }
};

}  // namespace tcsim::topology
