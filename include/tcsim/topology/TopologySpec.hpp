#pragma once
/** @file A loaded, validated `tcsim.topology/1` document, in SI units. */
#include <string>

#include "tcsim/topology/FabricSpec.hpp"
#include "tcsim/topology/NodeTemplate.hpp"
#include "tcsim/topology/StorageSpec.hpp"

namespace tcsim::topology {

/** @brief A parametric cluster: `nodes` copies of a node template on a Clos fabric. */
struct TopologySpec {
  std::string name;
  std::string description;
  /** @brief File it was read from (for error messages), or "<built-in ...>". */
  std::string source_file;
  int nodes = 0;
  NodeTemplate node;
  FabricSpec fabric;
  StorageSpec storage;

  int npus() const { return nodes * node.npus_per_node; }
};

}  // namespace tcsim::topology
