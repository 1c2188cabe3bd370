#include "tcsim/engine/StepSimulator.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <memory>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mailbox.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include "tcsim/collective/RingAlgorithms.hpp"
#include "tcsim/platform/SimGridSession.hpp"

namespace tcsim::engine {
namespace {

namespace s4u = simgrid::s4u;

/** One rank's share of one phase of a schedule: its flows and its latency cost. */
struct RankPhase {
  std::vector<std::pair<int, double>> out;  // (dst, bytes per unit of buffer)
  std::vector<int> in;                      // sources
  int latency_steps = 0;
  /** α of this rank's ring step: route latency plus software overhead, in seconds. */
  double step_latency_s = 0;
  /** Latency SimGrid already charges on the first flow (it is part of the first step). */
  double route_latency_s = 0;
};

/** Per-rank view of a schedule, built once and scaled by each bucket's size. */
class RankPrograms {
public:
  RankPrograms(const platform::Platform& platform, const collective::FlowSchedule& schedule, double step_overhead_s) {
    std::map<std::pair<int, int>, double> latency_cache;
    for (std::size_t p = 0; p < schedule.phases.size(); ++p) {
      const auto& phase = schedule.phases[p];
      for (const auto& flow : phase.flows) {
        ensure(flow.src, schedule.phases.size());
        ensure(flow.dst, schedule.phases.size());
        auto& out = programs_[flow.src][p];
        out.out.emplace_back(flow.dst, flow.bytes);
        programs_[flow.dst][p].in.push_back(flow.src);
        auto key = std::make_pair(flow.src, flow.dst);
        auto cached = latency_cache.find(key);
        const double latency = cached != latency_cache.end()
                                   ? cached->second
                                   : (latency_cache[key] = platform.route_latency_s(flow.src, flow.dst));
        out.route_latency_s = std::max(out.route_latency_s, latency);
        out.step_latency_s = std::max(out.step_latency_s, latency + step_overhead_s);
      }
      for (auto& [rank, phases] : programs_) {
        phases[p].latency_steps = phase.latency_steps;
        if (phases[p].out.empty() && phase.latency_steps > 0) phases[p].step_latency_s = step_overhead_s;
      }
    }
  }

  const std::map<int, std::vector<RankPhase>>& programs() const { return programs_; }

private:
  void ensure(int rank, std::size_t phases) {
    auto& v = programs_[rank];
    if (v.size() < phases) v.resize(phases);
  }
  std::map<int, std::vector<RankPhase>> programs_;
};

/** Counters shared by all actors of one simulation (SimGrid runs actors one at a time). */
struct Counters {
  double bytes_sent = 0;
  double bytes_received = 0;
  std::map<int, double> sent_by_rank;
  std::size_t flows = 0;
  std::size_t activities = 0;
};

s4u::Mailbox* mailbox(int src, int dst) { return s4u::Mailbox::by_name(std::to_string(src) + ">" + std::to_string(dst)); }

/** Runs `phases` for `rank`, every flow scaled by `scale` (the bucket's bytes). */
void run_phases(int rank, const std::vector<RankPhase>& phases, double scale, Counters& counters) {
  for (const auto& phase : phases) {
    std::vector<s4u::CommPtr> comms;
    std::deque<double> sent_sizes;  // payloads: the receiver reads the size it was sent
    std::vector<double*> received(phase.in.size(), nullptr);
    for (const auto& [dst, unit_bytes] : phase.out) {
      sent_sizes.push_back(unit_bytes * scale);
      comms.push_back(mailbox(rank, dst)->put_async(&sent_sizes.back(), static_cast<std::uint64_t>(std::llround(sent_sizes.back()))));
      counters.bytes_sent += sent_sizes.back();
      counters.sent_by_rank[rank] += sent_sizes.back();
      ++counters.flows;
    }
    for (std::size_t i = 0; i < phase.in.size(); ++i) comms.push_back(mailbox(phase.in[i], rank)->get_async<double>(&received[i]));
    counters.activities += comms.size();
    for (auto& comm : comms) comm->wait();
    for (const double* size : received) counters.bytes_received += *size;
    // The ring's remaining step latencies: the first flow already paid one route latency.
    const double extra_s = phase.latency_steps * phase.step_latency_s - phase.route_latency_s;
    if (phase.latency_steps > 0 && extra_s > 0) {
      s4u::this_actor::sleep_for(extra_s);
      ++counters.activities;
    }
  }
}

void compute(double seconds, Counters& counters) {
  if (seconds <= 0) return;
  s4u::this_actor::execute(seconds * s4u::this_actor::get_host()->get_speed());
  ++counters.activities;
}

collective::FlowSchedule unit_all_reduce(const std::vector<std::vector<int>>& ranks_by_node) {
  bool equal_nodes = true;
  for (const auto& node : ranks_by_node) equal_nodes = equal_nodes && node.size() == ranks_by_node.front().size();
  if (equal_nodes) return collective::RingAlgorithms::hierarchical_all_reduce(ranks_by_node, 1.0);
  // Uneven nodes (dp not a multiple of the node size): one flat ring over all ranks.
  std::vector<int> all;
  for (const auto& node : ranks_by_node) all.insert(all.end(), node.begin(), node.end());
  return collective::RingAlgorithms::flat_all_reduce(all, 1.0);
}

void fill_counters(StepResult& result, const Counters& counters) {
  result.bytes_sent = counters.bytes_sent;
  result.bytes_received = counters.bytes_received;
  result.flows = counters.flows;
  result.activities = counters.activities;
  for (const auto& [rank, bytes] : counters.sent_by_rank) result.max_bytes_sent_per_rank = std::max(result.max_bytes_sent_per_rank, bytes);
}

}  // namespace

StepResult StepSimulator::simulate(const platform::Platform& platform, const StepPlan& plan) {
  auto& engine = platform::SimGridSession::engine();
  const double start_s = s4u::Engine::get_clock();
  const RankPrograms programs(platform, unit_all_reduce(plan.dp_ranks_by_node), plan.collective_step_overhead_s);
  auto counters = std::make_shared<Counters>();
  auto step_end_s = std::make_shared<double>(start_s);
  auto comm_first_s = std::make_shared<double>(-1);
  auto comm_last_s = std::make_shared<double>(start_s);
  static const std::vector<RankPhase> no_phases;

  for (const auto& node : plan.dp_ranks_by_node) {
    for (int rank : node) {
      auto found = programs.programs().find(rank);
      const std::vector<RankPhase>* phases = found == programs.programs().end() ? &no_phases : &found->second;
      auto bucket_ready = s4u::Semaphore::create(0);
      auto gradients_reduced = s4u::Semaphore::create(0);
      s4u::Host* host = platform.npu(rank);

      s4u::Actor::create("compute" + std::to_string(rank), host, [&plan, counters, step_end_s, bucket_ready, gradients_reduced] {
        compute(plan.forward_s, *counters);
        for (double segment_s : plan.backward_segment_s) {
          compute(segment_s, *counters);
          bucket_ready->release();
        }
        compute(plan.backward_tail_s, *counters);
        gradients_reduced->acquire();
        compute(plan.optimizer_s, *counters);
        *step_end_s = std::max(*step_end_s, s4u::Engine::get_clock());
      });
      s4u::Actor::create("comm" + std::to_string(rank), host,
                         [&plan, rank, phases, counters, comm_first_s, comm_last_s, bucket_ready, gradients_reduced] {
                           for (double bytes : plan.bucket_bytes) {
                             bucket_ready->acquire();
                             if (*comm_first_s < 0) *comm_first_s = s4u::Engine::get_clock();
                             run_phases(rank, *phases, bytes, *counters);
                           }
                           *comm_last_s = std::max(*comm_last_s, s4u::Engine::get_clock());
                           gradients_reduced->release();
                         });
    }
  }
  engine.run();

  StepResult result;
  result.time_s = *step_end_s - start_s;
  result.compute_s = plan.compute_s();
  result.exposed_comm_s = std::max(0.0, result.time_s - result.compute_s);
  result.comm_busy_s = *comm_first_s < 0 ? 0.0 : *comm_last_s - *comm_first_s;
  result.buckets = plan.bucket_bytes.size();
  fill_counters(result, *counters);
  return result;
}

double StepSimulator::simulate_collective(const platform::Platform& platform, const collective::FlowSchedule& schedule,
                                          double step_overhead_s, StepResult* out) {
  auto& engine = platform::SimGridSession::engine();
  const double start_s = s4u::Engine::get_clock();
  const RankPrograms programs(platform, schedule, step_overhead_s);
  auto counters = std::make_shared<Counters>();
  auto end_s = std::make_shared<double>(start_s);
  for (const auto& [rank, phases] : programs.programs()) {
    const auto* program = &phases;
    const int r = rank;
    s4u::Actor::create("collective" + std::to_string(r), platform.npu(r), [r, program, counters, end_s] {
      run_phases(r, *program, 1.0, *counters);
      *end_s = std::max(*end_s, s4u::Engine::get_clock());
    });
  }
  engine.run();
  if (out != nullptr) {
    *out = StepResult{};
    out->time_s = *end_s - start_s;
    fill_counters(*out, *counters);
  }
  return *end_s - start_s;
}

}  // namespace tcsim::engine
