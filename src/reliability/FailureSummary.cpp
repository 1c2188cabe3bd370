#include "tcsim/reliability/FailureSummary.hpp"

#include <cmath>

namespace tcsim::reliability {

FailureSummary FailureSummary::of(const ComponentInventory& inventory, const topology::ReliabilitySpec& spec) {
  FailureSummary out;
  const bool rates = spec.failures == topology::ReliabilitySpec::Failures::rates;
  double job_rate = 0;
  for (topology::ComponentClass c : topology::component_classes()) {
    Class entry;
    entry.component_class = c;
    entry.components = inventory.count(c);
    entry.mtbf_s = spec.of(c).mtbf_s;
    entry.mttr_s = spec.of(c).mttr_s;
    for (std::size_t i = 0; i < entry.components; ++i) entry.interrupting += inventory.interrupts_job(c, i) ? 1 : 0;
    if (rates && std::isfinite(entry.mtbf_s)) {
      entry.failures_per_day = static_cast<double>(entry.components) * 86400.0 / entry.mtbf_s;
      job_rate += static_cast<double>(entry.interrupting) / entry.mtbf_s;
    }
    out.classes.push_back(entry);
  }
  out.job_mtbf_s = job_rate > 0 ? 1.0 / job_rate : HUGE_VAL;
  return out;
}

}  // namespace tcsim::reliability
