#pragma once
/** @file Private: which sets of flows no link ever slows, so that their routes give their duration. */
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simgrid/forward.h>

#include "tcsim/collective/FlowSchedule.hpp"
#include "tcsim/platform/Platform.hpp"

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

/**
 * @brief Finds the tasks (sets of flows that start together) of a schedule that are uncontended.
 *
 * No flow moves faster than the slowest link of its route, at b bytes/s. If every link a task
 * crosses could carry at once each of the task's flows at its own b plus every other flow that
 * may run at the same time at its b, then no link ever holds anyone below b: each flow of the
 * task runs at b from its first byte to its last, whatever starts or ends meanwhile, and takes
 * latency + bytes / b. That is exactly what SimGrid's max-min sharing gives it (CM02, no TCP
 * window, no correction factors; checked against SimGrid by tests), so its flows need no
 * simulating. The flows that are still simulated lose nothing either: the links they share
 * with an uncontended task never limit them, with or without its flows.
 *
 * "May run at the same time": each task comes with the stream it runs on, and a task of a stream
 * starts after the stream's previous task has ended; the caller promises that, and that nothing
 * outside the schedule uses the network meanwhile. So on any link at most one task of each
 * other stream overlaps a task: the other streams' busiest tasks there bound what it meets.
 */
class UncontendedTasks {
 public:
  explicit UncontendedTasks(const platform::Platform& platform) : platform_(platform) {}

  /** @brief Adds a task: `n` flows on `stream`; returns its index (0, 1, ...). */
  std::size_t add(int stream, const collective::Flow* flows, std::size_t n);
  /** @brief After the last add: whether each task, by index, is uncontended. */
  std::vector<bool> decide() const;
  /** @brief A task's distinct flow timings; its duration is the longest. */
  const std::vector<FlowTiming>& timings(std::size_t task) const { return tasks_.at(task).timings; }
  /** @brief The longest route latency of a task's flows, in seconds. */
  double route_latency_s(std::size_t task) const { return tasks_.at(task).route_latency_s; }

 private:
  struct Route {
    double latency_s = 0;
    double bandwidth_bytes_per_s = 0;
    std::size_t first_link = 0;
    std::size_t links = 0;
  };
  struct Task {
    std::size_t stream = 0;
    /** Sum of the flows' full speeds on each link the task crosses. */
    std::vector<std::pair<simgrid::s4u::Link*, double>> load;
    std::vector<FlowTiming> timings;
    double route_latency_s = 0;
    /** A flow without links (to its own NPU) is never worked out here. */
    bool loopback = false;
  };

  const Route& route(int src, int dst);

  const platform::Platform& platform_;
  std::unordered_map<std::uint64_t, Route> routes_;
  std::vector<simgrid::s4u::Link*> route_links_;
  std::unordered_map<int, std::size_t> stream_index_;
  /** Per stream: its busiest task's load on each link. */
  std::vector<std::unordered_map<simgrid::s4u::Link*, double>> stream_peak_;
  std::vector<Task> tasks_;
};

}  // namespace tcsim::engine::detail
