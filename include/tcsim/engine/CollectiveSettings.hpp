#pragma once
/** @file How a simulation picks and simulates its collectives. */
#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/CollectivePolicy.hpp"

namespace tcsim::engine {

/** @brief The workload's forced algorithms and the fidelity chosen on the command line (--detailed). */
struct CollectiveSettings {
  collective::CollectivePolicy policy;
  collective::Fidelity fidelity = collective::Fidelity::fast;
};

}  // namespace tcsim::engine
