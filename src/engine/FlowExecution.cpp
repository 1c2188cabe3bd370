#include "FlowExecution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

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

void send_and_wait(const platform::Platform& platform, const collective::Flow* flows, std::size_t n, double scale,
                   Counters& counters) {
  std::vector<s4u::CommPtr> comms;
  comms.reserve(n);
  for (std::size_t f = 0; f < n; ++f) {
    const auto& flow = flows[f];
    const double bytes = flow.bytes * scale;
    comms.push_back(s4u::Comm::sendto_async(platform.npu(flow.src), platform.npu(flow.dst),
                                            static_cast<std::uint64_t>(std::llround(bytes))));
    counters.bytes_sent += bytes;
    counters.sent_by_rank[flow.src] += bytes;
  }
  counters.flows += comms.size();
  counters.activities += comms.size();
  for (std::size_t k = 0; k < comms.size(); ++k) {
    comms[k]->wait();
    // Delivered: the transfer ran to completion (nothing left to send).
    if (comms[k]->get_remaining() <= 0) counters.bytes_delivered += flows[k].bytes * scale;
  }
}

TimedSchedule::TimedSchedule(const platform::Platform& platform, collective::FlowSchedule s, double bytes,
                             double step_overhead_s)
    : schedule(std::move(s)), built_bytes(bytes > 0 ? bytes : 1.0) {
  for (const auto& phase : schedule.phases) {
    double route_s = 0;
    for (const auto& flow : phase.flows) route_s = std::max(route_s, platform.route_latency_s(flow.src, flow.dst));
    route_latency_s.push_back(route_s);
    step_latency_s.push_back(route_s + step_overhead_s);
  }
}

void TimedSchedule::run_blocking(const platform::Platform& platform, double bytes, int count, Counters& counters) const {
  const double scale = bytes / built_bytes;
  const double per_call = scale / std::max(1, count);
  for (std::size_t p = 0; p < schedule.phases.size(); ++p) {
    const auto& phase = schedule.phases[p];
    const double t0 = s4u::Engine::get_clock();
    send_and_wait(platform, phase.flows.data(), phase.flows.size(), scale, counters);
    // A pipelined phase also waits for its pipeline to fill and drain.
    const double transfer_s = s4u::Engine::get_clock() - t0 - route_latency_s[p];
    const double fill_s = phase.fill_fraction(per_call) * std::max(0.0, transfer_s);
    const int steps = phase.steps(per_call) * std::max(1, count);
    const double extra_s = fill_s + std::max(0.0, steps * step_latency_s[p] - route_latency_s[p]);
    if (steps > 0 && extra_s > 0) {
      s4u::this_actor::sleep_for(extra_s);
      ++counters.activities;
    }
  }
}

}  // namespace tcsim::engine::detail
