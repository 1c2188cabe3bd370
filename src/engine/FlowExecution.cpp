#include "FlowExecution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Semaphore.hpp>

namespace tcsim::engine::detail {

namespace s4u = simgrid::s4u;

void Counters::fill(StepResult& result) const {
  result.bytes_sent = bytes_sent;
  result.bytes_received = bytes_delivered;
  result.flows = flows;
  result.activities = activities;
  for (double bytes : sent_by_rank) result.max_bytes_sent_per_rank = std::max(result.max_bytes_sent_per_rank, bytes);
}

void compute(double seconds, Counters& counters) {
  if (seconds <= 0) return;
  s4u::this_actor::execute(seconds * s4u::this_actor::get_host()->get_speed());
  ++counters.activities;
}

namespace {

/** Any payload: the simulated size is what matters, and receivers ignore what they get. */
int payload = 0;

/** Sends at most kFlowsPerSender flows from the calling actor, which moves to each source NPU. */
void send_batch_and_wait(FlowTransport& transport, const collective::Flow* flows, std::size_t n, double scale,
                         Counters& counters) {
  const auto& platform = transport.platform();
  s4u::Host* home = s4u::this_actor::get_host();
  std::vector<s4u::CommPtr> comms;
  comms.reserve(n);
  for (std::size_t f = 0; f < n; ++f) {
    const auto& flow = flows[f];
    const double bytes = flow.bytes * scale;
    s4u::this_actor::set_host(platform.npu(flow.src));
    comms.push_back(transport.inbox(flow.dst)->put_async(&payload, static_cast<std::uint64_t>(std::llround(bytes))));
    counters.bytes_sent += bytes;
    counters.sent_by_rank[flow.src] += bytes;
  }
  if (s4u::this_actor::get_host() != home) s4u::this_actor::set_host(home);
  counters.flows += comms.size();
  counters.activities += comms.size();
  for (std::size_t k = 0; k < comms.size(); ++k) {
    comms[k]->wait();
    // Delivered: the transfer ran to completion (nothing left to send).
    if (comms[k]->get_remaining() <= 0) counters.bytes_delivered += flows[k].bytes * scale;
  }
}

}  // namespace

void send_and_wait(FlowTransport& transport, const collective::Flow* flows, std::size_t n, double scale,
                   Counters& counters) {
  if (n <= kFlowsPerSender) {
    send_batch_and_wait(transport, flows, n, scale, counters);
    return;
  }
  auto done = s4u::Semaphore::create(0);
  std::size_t helpers = 0;
  for (std::size_t first = 0; first < n; first += kFlowsPerSender, ++helpers) {
    const std::size_t count = std::min(kFlowsPerSender, n - first);
    s4u::Actor::create("flows", s4u::this_actor::get_host(), [&transport, flows, first, count, scale, &counters, done] {
      send_batch_and_wait(transport, flows + first, count, scale, counters);
      done->release();
    });
  }
  for (std::size_t k = 0; k < helpers; ++k) done->acquire();
}

void count_delivered(const collective::Flow* flows, std::size_t n, double scale, Counters& counters) {
  for (std::size_t f = 0; f < n; ++f) {
    const double bytes = flows[f].bytes * scale;
    counters.bytes_sent += bytes;
    counters.bytes_delivered += bytes;
    counters.sent_by_rank[flows[f].src] += bytes;
  }
}

void wait_for_computed(const FlowSplit& split, double scale, double since_s, Counters& counters) {
  if (split.computed.empty()) return;
  count_delivered(split.computed.data(), split.computed.size(), scale, counters);
  const double rest_s = split.computed_s(scale) - (s4u::Engine::get_clock() - since_s);
  if (rest_s > 0) {
    s4u::this_actor::sleep_for(rest_s);
    ++counters.activities;
  }
}

void finish_phase(const collective::FlowPhase& phase, double per_call, int count, double since_s,
                  const PhaseTiming& timing, Counters& counters) {
  const PipelinePath& path = timing.pipeline;
  const double transfer_s = since_s - timing.route_latency_s;
  const double fill_s = phase.fill_fraction(per_call) * path.fill_scale * std::max(0.0, transfer_s);
  const int calls = std::max(1, count);
  // A pipeline pays its path's latencies once per call, then one step per further chunk.
  const double latency_s = path.latency_s > 0
                               ? calls * (path.latency_s + (phase.chunks(per_call) - 1) * timing.step_latency_s)
                               : phase.steps(per_call) * calls * timing.step_latency_s;
  const double extra_s = fill_s + std::max(0.0, latency_s - timing.route_latency_s);
  if (phase.steps(per_call) > 0 && extra_s > 0) {
    s4u::this_actor::sleep_for(extra_s);
    ++counters.activities;
  }
}

PipelinePath pipeline_path(const collective::FlowPhase& phase, const collective::Flow* flows, std::size_t n,
                           RouteCache& routes, double step_overhead_s) {
  PipelinePath widest;
  if (phase.pipeline_depth <= 0 || n == 0) return widest;
  std::map<int, std::vector<const collective::Flow*>> groups;
  for (std::size_t f = 0; f < n; ++f) groups[flows[f].group].push_back(&flows[f]);
  widest.fill_scale = 0;
  for (const auto& [group, members] : groups) {
    double slowest = 0;
    for (const auto* flow : members) {
      const double bandwidth = routes.route(flow->src, flow->dst).bandwidth_bytes_per_s;
      if (bandwidth <= 0) return PipelinePath{};
      slowest = slowest == 0 ? bandwidth : std::min(slowest, bandwidth);
    }
    // Longest path by summed chunk-time (relative to the slowest hop's), then hops, over the
    // group's src -> dst edges in topological order (Kahn); edges forming a cycle are no pipeline.
    struct Hop {
      int to;
      double time;
      double latency_s;
    };
    std::map<int, std::vector<Hop>> out;
    std::map<int, int> in_degree;
    for (const auto* flow : members) {
      const RouteFigures& r = routes.route(flow->src, flow->dst);
      out[flow->src].push_back({flow->dst, slowest / r.bandwidth_bytes_per_s, r.latency_s + step_overhead_s});
      ++in_degree[flow->dst];
      in_degree.emplace(flow->src, 0);
    }
    std::vector<int> ready;
    for (const auto& [rank, degree] : in_degree)
      if (degree == 0) ready.push_back(rank);
    std::map<int, std::tuple<double, int, double>> best;  // per rank: longest path ending there (time, hops, latency)
    std::tuple<double, int, double> longest{0.0, 0, 0.0};
    std::size_t visited = 0;
    while (!ready.empty()) {
      const int rank = ready.back();
      ready.pop_back();
      ++visited;
      const auto here = best[rank];
      longest = std::max(longest, here);
      for (const Hop& hop : out[rank]) {
        auto& there = best[hop.to];
        there = std::max(there, std::make_tuple(std::get<0>(here) + hop.time, std::get<1>(here) + 1,
                                                std::get<2>(here) + hop.latency_s));
        if (--in_degree[hop.to] == 0) ready.push_back(hop.to);
      }
    }
    if (visited != in_degree.size()) return PipelinePath{};
    const auto [time, hops, latency_s] = longest;
    widest.fill_scale = std::max(widest.fill_scale, hops > 1 ? std::max(0.0, time - 1) / (hops - 1) : 1.0);
    widest.latency_s = std::max(widest.latency_s, latency_s);
  }
  return widest;
}

PhaseTiming phase_timing(const collective::FlowPhase& phase, const collective::Flow* flows, std::size_t n,
                         RouteCache& routes, double step_overhead_s) {
  PhaseTiming timing;
  for (std::size_t f = 0; f < n; ++f)
    timing.route_latency_s = std::max(timing.route_latency_s, routes.route(flows[f].src, flows[f].dst).latency_s);
  timing.step_latency_s = timing.route_latency_s + step_overhead_s;
  timing.pipeline = pipeline_path(phase, flows, n, routes, step_overhead_s);
  return timing;
}

TimedSchedule::TimedSchedule(RouteCache& routes, collective::FlowSchedule s, double bytes, double step_overhead_s)
    : schedule(std::move(s)), built_bytes(bytes > 0 ? bytes : 1.0) {
  for (const auto& phase : schedule.phases)
    timing.push_back(phase_timing(phase, phase.flows.data(), phase.flows.size(), routes, step_overhead_s));
}

void TimedSchedule::run_blocking(FlowTransport& transport, double bytes, int count, Counters& counters) {
  const double scale = bytes / built_bytes;
  const double per_call = scale / std::max(1, count);
  const auto key = std::make_pair(bytes, count);
  if (replay_repeated_calls) {
    auto done = simulated_s_.find(key);
    if (done != simulated_s_.end()) {
      // The same call on the same idle links: same duration, same bytes (no flows simulated).
      for (const auto& phase : schedule.phases) count_delivered(phase.flows.data(), phase.flows.size(), scale, counters);
      s4u::this_actor::sleep_for(done->second);
      ++counters.activities;
      return;
    }
  }
  const double start_s = s4u::Engine::get_clock();
  for (std::size_t p = 0; p < schedule.phases.size(); ++p) {
    const auto& phase = schedule.phases[p];
    const double t0 = s4u::Engine::get_clock();
    if (splits.empty()) {
      send_and_wait(transport, phase.flows.data(), phase.flows.size(), scale, counters);
    } else {
      send_and_wait(transport, splits[p].simulated.data(), splits[p].simulated.size(), scale, counters);
      wait_for_computed(splits[p], scale, t0, counters);
    }
    finish_phase(phase, per_call, count, s4u::Engine::get_clock() - t0, timing[p], counters);
  }
  if (replay_repeated_calls) simulated_s_[key] = s4u::Engine::get_clock() - start_s;
}

}  // namespace tcsim::engine::detail
