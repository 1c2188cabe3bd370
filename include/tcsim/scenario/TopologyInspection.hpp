#pragma once
/** @file `tcsim inspect`: a topology file checked and analysed, without simulating. */
#include <string>
#include <vector>

#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::scenario {

/** @brief A loaded, checked topology and its graph analysis. */
struct TopologyInspection {
  topology::TopologySpec spec;
  topology::TopologyAnalysis analysis;

  /** @brief Reads `path`, applies `topology.` overrides, checks and analyses; InputError on bad input. */
  static TopologyInspection run(const std::string& path, const std::vector<std::string>& overrides);
};

}  // namespace tcsim::scenario
