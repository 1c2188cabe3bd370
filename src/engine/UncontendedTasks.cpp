#include "UncontendedTasks.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <simgrid/s4u/Link.hpp>

namespace tcsim::engine::detail {

double FlowTiming::duration_s(double scale) const {
  // Transfers carry whole bytes (send_and_wait rounds the same way).
  return latency_s + static_cast<double>(std::llround(bytes * scale)) / bandwidth_bytes_per_s;
}

bool FlowTiming::operator<(const FlowTiming& o) const {
  return std::tie(latency_s, bytes, bandwidth_bytes_per_s) < std::tie(o.latency_s, o.bytes, o.bandwidth_bytes_per_s);
}

bool FlowTiming::operator==(const FlowTiming& o) const {
  return latency_s == o.latency_s && bytes == o.bytes && bandwidth_bytes_per_s == o.bandwidth_bytes_per_s;
}

const UncontendedTasks::Route& UncontendedTasks::route(int src, int dst) {
  const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(src)) << 32) |
                            static_cast<std::uint32_t>(dst);
  auto found = routes_.find(key);
  if (found != routes_.end()) return found->second;
  Route r;
  r.first_link = route_links_.size();
  r.latency_s = platform_.route(static_cast<std::size_t>(src), static_cast<std::size_t>(dst), route_links_);
  r.links = route_links_.size() - r.first_link;
  r.bandwidth_bytes_per_s = 0;
  for (std::size_t k = 0; k < r.links; ++k) {
    const double bandwidth = route_links_[r.first_link + k]->get_bandwidth();
    r.bandwidth_bytes_per_s = k == 0 ? bandwidth : std::min(r.bandwidth_bytes_per_s, bandwidth);
  }
  return routes_.emplace(key, r).first->second;
}

std::size_t UncontendedTasks::add(int stream, const collective::Flow* flows, std::size_t n) {
  auto [it, added] = stream_index_.emplace(stream, stream_peak_.size());
  if (added) stream_peak_.emplace_back();
  Task task;
  task.stream = it->second;
  std::unordered_map<simgrid::s4u::Link*, double> load;
  for (std::size_t f = 0; f < n; ++f) {
    const Route& r = route(flows[f].src, flows[f].dst);
    task.route_latency_s = std::max(task.route_latency_s, r.latency_s);
    if (r.links == 0) {
      task.loopback = true;
      continue;
    }
    for (std::size_t k = 0; k < r.links; ++k) load[route_links_[r.first_link + k]] += r.bandwidth_bytes_per_s;
    task.timings.push_back({r.latency_s, flows[f].bytes, r.bandwidth_bytes_per_s});
  }
  std::sort(task.timings.begin(), task.timings.end());
  task.timings.erase(std::unique(task.timings.begin(), task.timings.end()), task.timings.end());
  auto& peak = stream_peak_[task.stream];
  task.load.reserve(load.size());
  for (const auto& [link, bytes_per_s] : load) {
    double& p = peak[link];
    p = std::max(p, bytes_per_s);
    task.load.emplace_back(link, bytes_per_s);
  }
  tasks_.push_back(std::move(task));
  return tasks_.size() - 1;
}

std::vector<bool> UncontendedTasks::decide() const {
  // What every stream may put on each link at once.
  std::unordered_map<simgrid::s4u::Link*, double> all_streams;
  for (const auto& peak : stream_peak_) {
    for (const auto& [link, bytes_per_s] : peak) all_streams[link] += bytes_per_s;
  }
  std::vector<bool> uncontended(tasks_.size(), false);
  for (std::size_t t = 0; t < tasks_.size(); ++t) {
    const Task& task = tasks_[t];
    if (task.loopback) continue;
    const auto& own_peak = stream_peak_[task.stream];
    bool fits = true;
    for (const auto& [link, bytes_per_s] : task.load) {
      // A fat pipe gives every flow its whole bandwidth: flows there never meet.
      if (link->get_sharing_policy() == simgrid::s4u::Link::SharingPolicy::FATPIPE) continue;
      const double others = all_streams.at(link) - own_peak.at(link);
      // Relative slack for the rounding of the sums (a link loaded to exactly its capacity fits).
      if (bytes_per_s + others > link->get_bandwidth() * (1 + 1e-9)) {
        fits = false;
        break;
      }
    }
    uncontended[t] = fits;
  }
  return uncontended;
}

}  // namespace tcsim::engine::detail
