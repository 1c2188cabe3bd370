#pragma once
/** @file How often a cluster's components fail, by class, and how often that stops a job. */
#include <cstddef>
#include <vector>

#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/topology/ReliabilitySpec.hpp"

namespace tcsim::reliability {

/** @brief The expected failures of a cluster at its rates, first order (constant hazards). */
struct FailureSummary {
  struct Class {
    topology::ComponentClass component_class = topology::ComponentClass::npu;
    std::size_t components = 0;
    /** @brief Components whose failure stops the job on its placement. */
    std::size_t interrupting = 0;
    double mtbf_s = 0;
    double mttr_s = 0;
    /** @brief Expected failures of the whole class per day. */
    double failures_per_day = 0;
  };
  std::vector<Class> classes;
  /** @brief 1 / the summed rates of the components that stop the job (infinite without rates). */
  double job_mtbf_s = 0;

  /** @brief From the inventory's components (its job decides what interrupts) and the rates of `spec`. */
  static FailureSummary of(const ComponentInventory& inventory, const topology::ReliabilitySpec& spec);
};

}  // namespace tcsim::reliability
