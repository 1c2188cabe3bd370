#pragma once
/** @file `tcsim inspect`: a topology file checked and analysed, without simulating. */
#include <string>
#include <vector>

#include "tcsim/reliability/FailureSummary.hpp"
#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::scenario {

/** @brief A loaded, checked topology, its graph analysis and its failures (a job on every NPU). */
struct TopologyInspection {
  topology::TopologySpec spec;
  topology::TopologyAnalysis analysis;
  reliability::FailureSummary failures;

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
