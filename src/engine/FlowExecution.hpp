#pragma once
/** @file Private helpers shared by the step simulators: counters and blocking collectives. */
#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "tcsim/collective/FlowSchedule.hpp"
#include "tcsim/engine/StepResult.hpp"
#include "tcsim/platform/Platform.hpp"
#include "FlowTransport.hpp"
#include "RouteCache.hpp"
#include "UncontendedFlows.hpp"

namespace tcsim::engine::detail {

/** @brief Counters shared by all actors of one simulation (SimGrid runs actors one at a time). */
struct Counters {
  double bytes_sent = 0;
  double bytes_delivered = 0;
  /** @brief Bytes sent by each rank (indexed by NPU; sized to the platform). */
  std::vector<double> sent_by_rank;
  std::size_t flows = 0;
  std::size_t activities = 0;

  explicit Counters(std::size_t npus) : sent_by_rank(npus, 0.0) {}
  /** @brief Copies the totals into `result`. */
  void fill(StepResult& result) const;
};

/** @brief Runs `seconds` of compute on the calling actor's host. */
void compute(double seconds, Counters& counters);

/** @brief Most flows one actor sends at once (see FlowTransport); more go through helper actors. */
constexpr std::size_t kFlowsPerSender = 32;

/**
 * @brief Sends flows [first, first + n) (bytes multiplied by `scale`) at once and waits for all
 * of them; the calling actor ends where it started.
 */
void send_and_wait(FlowTransport& transport, const collective::Flow* first, std::size_t n, double scale,
                   Counters& counters);

/**
 * @brief Counts flows [first, first + n) (bytes multiplied by `scale`) as sent and delivered
 * without simulating them (their duration is known otherwise).
 */
void count_delivered(const collective::Flow* first, std::size_t n, double scale, Counters& counters);

/**
 * @brief Counts `split`'s computed flows (their bytes times `scale`) and waits until the slowest
 * of them is done, `since_s` being when they started (the simulated ones may have taken longer).
 */
void wait_for_computed(const FlowSplit& split, double scale, double since_s, Counters& counters);

/**
 * @brief The hops of a pipelined phase's slowest path, where they differ in speed (HCCS inside
 * nodes, NICs between them). A chunk pipeline along hops h takes Σ (t_h + α_h) to fill and then
 * one chunk per slowest step; the schedule alone counts every hop like the slowest one.
 */
struct PipelinePath {
  /** @brief (Σ t_h - t_b) / ((hops - 1)·t_b) along the path, t_b the group's slowest chunk-time: scales the schedule's fill. */
  double fill_scale = 1;
  /** @brief Σ α_h along the path (route latency plus step overhead per hop), in seconds; 0: not pipelined. */
  double latency_s = 0;
};

/**
 * @brief The PipelinePath of a pipelined phase run by flows [first, first + n): per group (a
 * chain or a tree: its flows' src -> dst edges), the path with the longest summed chunk-time;
 * the largest figures over the groups. Phases that are not pipelined get the defaults.
 */
PipelinePath pipeline_path(const collective::FlowPhase& phase, const collective::Flow* first, std::size_t n,
                           RouteCache& routes, double step_overhead_s);

/** @brief The latencies a phase pays besides its flows' transfers, from their routes. */
struct PhaseTiming {
  /** @brief The slowest route latency, which the flows already pay once, in seconds. */
  double route_latency_s = 0;
  /** @brief α of one algorithm step: the slowest route latency plus the software overhead. */
  double step_latency_s = 0;
  PipelinePath pipeline;
};

/** @brief The PhaseTiming of `phase` run by flows [first, first + n) (all its flows, or one group's). */
PhaseTiming phase_timing(const collective::FlowPhase& phase, const collective::Flow* first, std::size_t n,
                         RouteCache& routes, double step_overhead_s);

/**
 * @brief Waits out the rest of a phase whose flows started `since_s` seconds ago and are done:
 * the remaining algorithm steps' latencies (the flows already paid one route latency; each step
 * pays the step latency, a pipeline's fill its path's) and a pipelined phase's fill and drain,
 * for `count` back-to-back calls of `per_call` times the size the phase was built for.
 */
void finish_phase(const collective::FlowPhase& phase, double per_call, int count, double since_s,
                  const PhaseTiming& timing, Counters& counters);

/**
 * @brief A schedule with the latency each of its phases pays per algorithm step; built for one
 * collective of `built_bytes` per rank and run for any size by scaling its flows.
 */
struct TimedSchedule {
  collective::FlowSchedule schedule;
  double built_bytes = 1;
  /** @brief Per phase: its latencies. */
  std::vector<PhaseTiming> timing;
  /**
   * @brief Set when the schedule's links carry nothing else in the simulation and one actor runs
   * it, call after call: then a call's duration depends only on its size, and a size simulated
   * once is replayed as a wait instead of being simulated again.
   */
  bool replay_repeated_calls = false;
  /**
   * @brief Per phase, its flows split into simulated ones and ones no link can slow (see
   * UncontendedFlows); empty: every flow is simulated.
   */
  std::vector<FlowSplit> splits;

  TimedSchedule(RouteCache& routes, collective::FlowSchedule schedule, double built_bytes, double step_overhead_s);
  /**
   * @brief Runs the phases one after the other from the calling actor for `count` back-to-back
   * collectives of `bytes` per rank in all (their step latencies add up).
   */
  void run_blocking(FlowTransport& transport, double bytes, int count, Counters& counters);

 private:
  /** Duration of a call already simulated, by (bytes, count); used only with replay_repeated_calls. */
  std::map<std::pair<double, int>, double> simulated_s_;
};

}  // namespace tcsim::engine::detail
