#pragma once
/** @file Private: the flows no link can slow, whose routes give their duration without simulating them. */
#include <cstddef>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <simgrid/forward.h>

#include "tcsim/collective/FlowSchedule.hpp"
#include "tcsim/engine/LinkDemand.hpp"
#include "RouteCache.hpp"

namespace tcsim::engine::detail {

/** @brief What a flow's duration depends on when no link slows it. */
struct FlowTiming {
  double latency_s = 0;
  /** @brief Bytes at the size the schedule was built for. */
  double bytes = 0;
  /** @brief Bandwidth of the slowest link of the route. */
  double bandwidth_bytes_per_s = 0;

  /** @brief Route latency plus the bytes (times `scale`, rounded as transfers are) at full speed. */
  double duration_s(double scale) const;
  bool operator<(const FlowTiming& o) const;
  bool operator==(const FlowTiming& o) const;
};

/** @brief A task's flows: those to simulate, and those whose routes give their duration. */
struct FlowSplit {
  std::vector<collective::Flow> simulated;
  std::vector<collective::Flow> computed;
  /** @brief The computed flows' distinct timings. */
  std::vector<FlowTiming> timings;

  /** @brief How long the computed flows take at `scale` times their bytes (the slowest one). */
  double computed_s(double scale) const;
};

/**
 * @brief Splits the tasks (sets of flows that start together) of one simulation into flows
 * that must be simulated and flows no link can slow.
 *
 * No flow moves faster than the slowest link of its route, at b bytes/s. If each link of a
 * flow's route could carry at once every flow that may use it at the same time, each at its own
 * b, then no link ever holds that flow below b: it runs at b from its first byte to its last,
 * whatever starts or ends meanwhile, and takes latency + bytes / b. That is what SimGrid's
 * max-min sharing gives it (CM02, no TCP window, no correction factors; tests compare), so it
 * needs no simulating. The flows still simulated lose nothing either: the links they share with
 * it are never a limit, with or without it.
 *
 * "May use it at the same time": each task comes with the stream it runs on, and a task starts
 * after its stream's previous task has ended (the caller's promise). So what a task meets on a
 * link is at most the busiest task of every other stream there. Traffic that cannot be bounded
 * so (any number of transfers may be in flight) is declared with add_unbounded: no flow sharing a
 * link with it is worked out.
 */
class UncontendedFlows {
 public:
  explicit UncontendedFlows(RouteCache& routes) : routes_(routes) {}

  /**
   * @brief Adds a task: `n` flows on `stream`; returns its index (0, 1, ...). The flows are not
   * copied: they must stay where they are until split().
   */
  std::size_t add(int stream, const collective::Flow* flows, std::size_t n);
  /** @brief Traffic of unknown amount on the route from `src` to `dst`. */
  void add_unbounded(int src, int dst);
  /** @brief After the last add: each task's flows, split. */
  std::vector<FlowSplit> split() const;
  /** @brief For the links `demand` watches: what the uncontended tasks could put on them, and the verdicts' highest load. */
  void record(LinkDemand& demand) const;

 private:
  struct Task {
    std::size_t stream = 0;
    const collective::Flow* flows = nullptr;
    std::size_t n = 0;
    /** Each flow's route (RouteCache keeps them where they are). */
    std::vector<const RouteFigures*> routes;
    /** Sum of the flows' full speeds on each link the task crosses. */
    std::vector<std::pair<simgrid::s4u::Link*, double>> load;
  };

  RouteCache& routes_;
  std::unordered_map<int, std::size_t> stream_index_;
  /** Per stream: its busiest task's load on each link. */
  std::vector<std::unordered_map<simgrid::s4u::Link*, double>> stream_peak_;
  std::unordered_set<simgrid::s4u::Link*> unbounded_;
  std::vector<Task> tasks_;
};

}  // namespace tcsim::engine::detail
