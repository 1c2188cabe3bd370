#pragma once
/** @file Private: the routes between NPUs, looked up in SimGrid once per pair. */
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include <simgrid/forward.h>

#include "tcsim/platform/Platform.hpp"

namespace tcsim::engine::detail {

/** @brief What a flow sees of its route. */
struct RouteFigures {
  double latency_s = 0;
  /** @brief Bandwidth of the slowest link (0 for a route without links). */
  double bandwidth_bytes_per_s = 0;
  /** @brief The links, in RouteCache::links. */
  std::size_t first_link = 0;
  std::size_t link_count = 0;
};

/**
 * @brief Routes between NPUs by (source, destination), each asked of SimGrid once: a step
 * looks the same pairs up for latencies, link loads and replays, and at 16k NPUs a lookup costs
 * as much as a flow's share of the whole simulation.
 */
class RouteCache {
 public:
  explicit RouteCache(const platform::Platform& platform) : platform_(platform) {}

  /** @brief The route from `src` to `dst`; the reference stays valid as long as the cache. */
  const RouteFigures& route(int src, int dst);
  /** @brief Link k of a route. */
  simgrid::s4u::Link* link(const RouteFigures& route, std::size_t k) const { return links_[route.first_link + k]; }

 private:
  const platform::Platform& platform_;
  std::unordered_map<std::uint64_t, RouteFigures> routes_;
  std::vector<simgrid::s4u::Link*> links_;
};

}  // namespace tcsim::engine::detail
