#include "RouteCache.hpp"

#include <algorithm>

#include <simgrid/s4u/Link.hpp>

namespace tcsim::engine::detail {

const RouteFigures& RouteCache::route(int src, int dst) {
  const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(src)) << 32) |
                            static_cast<std::uint32_t>(dst);
  auto found = routes_.find(key);
  if (found != routes_.end()) return found->second;
  RouteFigures r;
  r.first_link = links_.size();
  r.latency_s = platform_.route(static_cast<std::size_t>(src), static_cast<std::size_t>(dst), links_);
  r.link_count = links_.size() - r.first_link;
  for (std::size_t k = 0; k < r.link_count; ++k) {
    const double bandwidth = links_[r.first_link + k]->get_bandwidth();
    r.bandwidth_bytes_per_s = k == 0 ? bandwidth : std::min(r.bandwidth_bytes_per_s, bandwidth);
  }
  return routes_.emplace(key, r).first->second;
}

}  // namespace tcsim::engine::detail
