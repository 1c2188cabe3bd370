#pragma once
/** @file Private: the run's costs, each distinct case simulated once with SimGrid and memoised. */
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tcsim/engine/CollectiveSettings.hpp"
#include "tcsim/engine/LinkDemand.hpp"
#include "tcsim/engine/RunCosts.hpp"
#include "tcsim/engine/StorageIo.hpp"
#include "tcsim/platform/Platform.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"

namespace tcsim::scenario::detail {

/**
 * @brief engine::RunCosts on the scenario's SimGrid platform.
 *
 * Steps: the healthy step is the one already simulated. A synchronous step goes at the pace of
 * its slowest link, so a degraded fabric is priced per kind of link by its worst loss (rounded up
 * a little, see priced_share) applied to every link of that kind the job uses, and a
 * re-placement per distance (route length from the farthest moved server to its own) by moving
 * the job's lowest server to the lowest spare at that distance; when several apply, the slowest
 * sets the step. Links of one kind, and servers of the job, are interchangeable for the step
 * time as the recipes build them and the plan repeats over them (docs/reliability.md). A fabric
 * whose narrowed links still carry the most the healthy step may put on them, and are no slower
 * than any NIC (so no route's slowest link changes), gives the healthy step without simulating. I/O: each tier's
 * write (or snapshot and background copy), restore and the step's data reads, per number of
 * parallel file system servers down. With storage on the compute fabric, an asynchronous copy
 * is also simulated together with a step, every flow simulated, to measure how much each slows
 * the other.
 */
class SimulatedRunCosts : public engine::RunCosts {
public:
  struct Io {
    std::vector<workload::StorageTier> checkpoint_tiers;
    bool asynchronous = false;
    double checkpoint_bytes_per_npu = 0;
    /** Data loading: what one step reads per NPU, from where (none: not modelled). */
    std::optional<workload::StorageTier> dataset_location;
    double data_bytes_per_npu = 0;
  };

  /** @brief `demand`: what the healthy step may put on each link (engine::LinkDemand). */
  SimulatedRunCosts(const WorkloadInspection& inspection, const platform::Platform& platform,
                    const engine::CollectiveSettings& settings, const reliability::ComponentInventory& inventory,
                    double healthy_step_s, engine::LinkDemand demand, Io io);

  double step_s(const engine::StepCondition& condition) override;
  const engine::IoCosts& io(int servers_down) override;
  int hops(int server_a, int server_b) override;

  /** @brief Steps simulated again for degraded fabrics and moved placements (for the report). */
  int step_simulations() const { return step_simulations_; }
  /** @brief Wall time those simulations took, in seconds. */
  double step_simulation_wall_s() const { return simulation_wall_s_; }

private:
  double degraded_step_s(const std::string& kind, double share);
  double moved_step_s(int hops_away);
  engine::TierCosts tier_costs(workload::StorageTier tier, const std::vector<int>& servers_up);

  const WorkloadInspection& inspection_;
  const platform::Platform& platform_;
  engine::CollectiveSettings settings_;
  const reliability::ComponentInventory& inventory_;
  double healthy_step_s_;
  engine::LinkDemand demand_;
  /** The fastest NIC of the topology: no route between nodes is faster. */
  double fastest_nic_bytes_per_s_ = 0;
  Io io_;
  engine::StorageIo storage_;
  std::map<std::pair<std::string, double>, double> degraded_steps_;
  std::map<int, double> moved_steps_;
  std::map<int, engine::IoCosts> io_costs_;
  std::map<std::pair<int, int>, int> hops_;
  int step_simulations_ = 0;
  double simulation_wall_s_ = 0;
};

}  // namespace tcsim::scenario::detail
