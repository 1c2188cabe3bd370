#include "SimulatedRunCosts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "StepEngine.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/common/ProcessPool.hpp"

namespace tcsim::scenario::detail {

using workload::StorageTier;

SimulatedRunCosts::SimulatedRunCosts(const WorkloadInspection& inspection, const platform::Platform& platform,
                                     const engine::CollectiveSettings& settings,
                                     const reliability::ComponentInventory& inventory, double healthy_step_s,
                                     engine::LinkDemand demand, Io io)
    : inspection_(inspection),
      platform_(platform),
      settings_(settings),
      inventory_(inventory),
      healthy_step_s_(healthy_step_s),
      demand_(std::move(demand)),
      io_(std::move(io)),
      storage_(platform, inspection.topology, inventory.job_npus()) {
  for (int n = 0; n < inspection.topology.nodes; ++n)
    fastest_nic_bytes_per_s_ = std::max(fastest_nic_bytes_per_s_, inspection.topology.node_template(n).nic_bandwidth_bytes_per_s);
}

namespace {

/**
 * Runs one more step simulation in a child process and returns its time. SimGrid keeps the
 * stacks of every actor a simulation started (a receiving daemon per NPU) for the life of the
 * process, so repeated step simulations in one process exhaust its memory mappings at a few
 * thousand NPUs; a child's are freed when it exits, and the parent's platform is left as it was.
 */
std::vector<double> in_child(const std::function<std::vector<double>()>& simulate, double* wall_s) {
  const auto outcome = ProcessPool::run(1, 1, [&](std::size_t) {
    std::string text;
    char number[40];
    for (double x : simulate()) {
      std::snprintf(number, sizeof number, "%.17g ", x);
      text += number;
    }
    return text;
  })[0];
  *wall_s += outcome.wall_s;
  if (!outcome.ok()) {
    if (outcome.input_error) throw InputError("", "", outcome.error);
    throw std::runtime_error("a step simulation failed: " + outcome.error);
  }
  std::vector<double> values;
  const char* at = outcome.output.c_str();
  for (char* end = nullptr;; at = end) {
    const double x = std::strtod(at, &end);
    if (end == at) break;
    values.push_back(x);
  }
  return values;
}

/**
 * The share of its links a kind loses, as priced: rounded up to a multiple of 1/256 (a plane of
 * seven: 37/256 for 1/7), and at least 1/32 (a spine of 32, a leaf's cable). Large fabrics lose
 * many different small shares (a core's or a cable's part of a pod's uplinks: 1/1024, 1/256,
 * ...); pricing them all as 1/32 costs one simulation instead of one each, and overstates a
 * loss that small at most by that much (reliability.md).
 */
double priced_share(double share) { return std::min(1.0, std::max(1.0 / 32, std::ceil(share * 256 - 1e-9) / 256)); }
}  // namespace

double SimulatedRunCosts::step_s(const engine::StepCondition& condition) {
  // A synchronous step goes at the pace of its slowest link: each kind of link is priced by its
  // worst loss, applied to every link of that kind the job uses, and the worst kind (or move)
  // sets the step (docs/reliability.md).
  std::map<std::string, double> worst;
  for (const auto& loss : condition.degraded) {
    double& share = worst[loss.kind];
    share = std::max(share, loss.lost_bytes_per_s / loss.healthy_bytes_per_s);
  }
  double seconds = healthy_step_s_;
  for (const auto& [kind, share] : worst) seconds = std::max(seconds, degraded_step_s(kind, priced_share(share)));
  if (condition.displacement_hops > 0) seconds = std::max(seconds, moved_step_s(condition.displacement_hops));
  return seconds;
}

double SimulatedRunCosts::degraded_step_s(const std::string& kind, double share) {
  const auto key = std::make_pair(kind, share);
  if (const auto it = degraded_steps_.find(key); it != degraded_steps_.end()) return it->second;
  // Fabric links (not a node's own scale-up links, whose loss slows routes inside the node)
  // that keep room for what the healthy step put and may put on them, at no less than a NIC's
  // speed (no route's slowest link changes), never limit a flow of that step: the step is the
  // healthy one (exact, see engine::LinkDemand).
  if (kind != "scale-up") {
    bool room = demand_.complete;
    for (const auto& link : inventory_.job_links(kind)) {
      const double narrowed = platform::Platform::link_bandwidth(link) * (1.0 - share);
      room = room && narrowed >= fastest_nic_bytes_per_s_ && demand_.fits(link + "_UP", narrowed) &&
             demand_.fits(link + "_DOWN", narrowed);
      if (!room) break;
    }
    if (room) {
      logger("engine")->info("step with every {} of the job down {:g}: the healthy step (none of them binds)", kind, share);
      return degraded_steps_[key] = healthy_step_s_;
    }
  }
  const double seconds = in_child([&] {
    for (const auto& link : inventory_.job_links(kind))
      platform::Platform::set_link_bandwidth(link, platform::Platform::link_bandwidth(link) * (1.0 - share));
    return std::vector<double>{simulate_step(inspection_, platform_, *inspection_.placement, settings_, nullptr).time_s};
  }, &simulation_wall_s_)[0];
  ++step_simulations_;
  logger("engine")->info("step with every {} of the job down {:g}: {:.6f} s (healthy {:.6f} s)", kind, share, seconds,
                         healthy_step_s_);
  return degraded_steps_[key] = seconds;
}

double SimulatedRunCosts::moved_step_s(int hops_away) {
  if (const auto it = moved_steps_.find(hops_away); it != moved_steps_.end()) return it->second;
  // The job's lowest server onto the lowest spare at that distance (or the nearest distance there is).
  int from = -1;
  int to = -1;
  int best_gap = 1 << 30;
  for (int j = 0; j < inventory_.job_servers() && best_gap > 0; ++j) {
    for (int s = inventory_.job_servers(); s < inventory_.servers() && best_gap > 0; ++s) {
      if (inventory_.npus_of_server(s) != inventory_.npus_of_server(j)) continue;
      const int gap = std::abs(hops(j, s) - hops_away);
      if (gap < best_gap) {
        best_gap = gap;
        from = j;
        to = s;
      }
    }
  }
  double seconds = healthy_step_s_;
  if (from >= 0) {
    const parallel::RankPlacement moved = inspection_.placement->with_moved_npus(
        inventory_.first_npu_of_server(from), inventory_.first_npu_of_server(to), inventory_.npus_of_server(from));
    seconds = in_child([&] { return std::vector<double>{simulate_step(inspection_, platform_, moved, settings_, nullptr).time_s}; },
                       &simulation_wall_s_)[0];
    ++step_simulations_;
    logger("engine")->info("step with server {} moved to server {} ({} links away): {:.6f} s (healthy {:.6f} s)", from, to,
                           hops_away, seconds, healthy_step_s_);
  }
  return moved_steps_[hops_away] = seconds;
}

int SimulatedRunCosts::hops(int server_a, int server_b) {
  if (server_a == server_b) return 0;
  const auto key = std::make_pair(server_a, server_b);
  if (const auto it = hops_.find(key); it != hops_.end()) return it->second;
  std::vector<simgrid::s4u::Link*> links;
  platform_.route(static_cast<std::size_t>(inventory_.first_npu_of_server(server_a)),
                  static_cast<std::size_t>(inventory_.first_npu_of_server(server_b)), links);
  return hops_[key] = static_cast<int>(links.size());
}

engine::TierCosts SimulatedRunCosts::tier_costs(StorageTier tier, const std::vector<int>& servers_up) {
  engine::TierCosts c;
  if (tier == StorageTier::parallel_fs && servers_up.empty()) {
    c.available = false;
    return c;
  }
  const double bytes = io_.checkpoint_bytes_per_npu;
  using Stage = engine::StorageIo::Stage;
  c.restore_s = storage_.simulate(storage_.checkpoint_restore(tier, bytes, servers_up));
  if (!io_.asynchronous) {
    c.blocking_s = storage_.simulate(storage_.checkpoint_write(tier, bytes, Stage::whole, servers_up));
    return c;
  }
  c.blocking_s = storage_.simulate(storage_.checkpoint_write(tier, bytes, Stage::snapshot, servers_up));
  const engine::IoPlan copy = storage_.checkpoint_write(tier, bytes, Stage::background, servers_up);
  c.background_s = storage_.simulate(copy);
  // On a dedicated storage network the copy (host memory, host and server links, drives) shares
  // no link with the step; on the compute fabric both are simulated together, every flow
  // simulated, and the copy's progress during the step gives its pace while training runs.
  const bool crosses_fabric = inspection_.topology.storage.network == topology::StorageSpec::Network::shared &&
                              !workload::is_node_local(tier) && c.background_s > 0;
  if (!crosses_fabric) return c;
  engine::CollectiveSettings every_flow = settings_;
  every_flow.replay_private_calls = false;
  every_flow.compute_uncontended_flows = false;
  const std::vector<double> together = in_child([&] {
    const auto copy_s = storage_.start(copy);
    const double step = simulate_step(inspection_, platform_, *inspection_.placement, every_flow, nullptr).time_s;
    return std::vector<double>{step, *copy_s};
  }, &simulation_wall_s_);
  const double step_s = together.at(0);
  const double together_s = together.at(1);  // the copy's duration when it started with the step
  c.step_slowdown = std::max(0.0, step_s / healthy_step_s_ - 1.0);
  if (together_s <= step_s) {
    c.background_s = step_s;  // done within the step: it slows that one step
  } else {
    // After the step the copy ran alone at its own pace; what it did during the step sets its
    // pace beside training.
    const double done_during_step = 1.0 - (together_s - step_s) / c.background_s;
    c.background_s = done_during_step > 1e-9 ? std::max(c.background_s, step_s / done_during_step) : together_s;
  }
  logger("engine")->info("checkpoint copy to {} beside a step: step {:.6f} s (alone {:.6f} s), copy {:.3f} s", workload::name_of(tier),
                         step_s, healthy_step_s_, c.background_s);
  return c;
}

const engine::IoCosts& SimulatedRunCosts::io(int servers_down) {
  if (const auto it = io_costs_.find(servers_down); it != io_costs_.end()) return it->second;
  // The lowest-numbered servers are the ones down (the servers are alike).
  std::vector<int> up;
  for (int s = servers_down; s < inspection_.topology.storage.pfs_servers; ++s) up.push_back(s);
  engine::IoCosts costs;
  for (StorageTier tier : io_.checkpoint_tiers) costs.of(tier) = tier_costs(tier, up);
  if (io_.dataset_location) {
    costs.data_available = *io_.dataset_location != StorageTier::parallel_fs || !up.empty();
    if (costs.data_available) {
      costs.read_cold_s = storage_.simulate(storage_.data_read(io_.dataset_location, io_.data_bytes_per_npu, up));
      costs.read_warm_s = storage_.simulate(storage_.data_read(std::nullopt, io_.data_bytes_per_npu, up));
    }
  }
  return io_costs_.emplace(servers_down, costs).first->second;
}

}  // namespace tcsim::scenario::detail
