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

  /**
   * @brief The same topology built into SimGrid and written as an XML platform (see
   * platform::PlatformExporter); builds the process's one SimGrid platform.
   */
  static std::string simgrid_xml(const std::string& path, const std::vector<std::string>& overrides,
                                 const std::string& target);
};

}  // namespace tcsim::scenario
