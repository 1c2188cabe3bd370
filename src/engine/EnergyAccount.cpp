#include "tcsim/engine/EnergyAccount.hpp"

#include <algorithm>

namespace tcsim::engine {

EnergyAccount EnergyAccount::of(const PowerModel& p, const RunResult& run, double busy_fraction) {
  EnergyAccount e;
  const double busy = std::clamp(busy_fraction, 0.0, 1.0);
  // Steps that count, steps redone after a failure, and evaluation passes all run the step's mix.
  const double stepping_s = run.train_s + run.lost_work_s + run.eval_s;
  const double stopped_s = run.checkpoint_s + run.restart_s + run.repair_wait_s;
  const double total_s = run.time_to_train_s;
  e.npus_computing_j = p.job_busy_w * busy * stepping_s;
  e.npus_communicating_j = p.job_communicating_w * ((1 - busy) * stepping_s + run.data_load_s);
  e.npus_stopped_j = p.job_idle_w * stopped_s;
  e.other_npus_j = p.other_idle_w * total_s;
  e.hosts_j = p.hosts_w * total_s;
  e.nics_j = p.nics_w * total_s;
  e.switches_j = p.switches_w * total_s;
  e.it_j = e.npus_computing_j + e.npus_communicating_j + e.npus_stopped_j + e.other_npus_j + e.hosts_j + e.nics_j +
           e.switches_j;
  e.pue = p.pue;
  e.facility_j = e.it_j * p.pue;
  e.average_w = total_s > 0 ? e.facility_j / total_s : 0;
  e.peak_w = p.pue * (std::max({p.job_busy_w, p.job_communicating_w, p.job_idle_w}) + p.other_idle_w + p.hosts_w + p.nics_w +
                      p.switches_w);
  e.unknown_switches = p.unknown_switches;
  e.nics_without_power = p.nics_without_power;
  return e;
}

}  // namespace tcsim::engine
