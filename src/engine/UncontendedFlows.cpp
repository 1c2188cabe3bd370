#include "UncontendedFlows.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
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

double FlowSplit::computed_s(double scale) const {
  double longest_s = 0;
  for (const auto& timing : timings) longest_s = std::max(longest_s, timing.duration_s(scale));
  return longest_s;
}

std::size_t UncontendedFlows::add(int stream, const collective::Flow* flows, std::size_t n) {
  auto [it, added] = stream_index_.emplace(stream, stream_peak_.size());
  if (added) stream_peak_.emplace_back();
  Task task;
  task.stream = it->second;
  task.flows = flows;
  task.n = n;
  task.routes.reserve(n);
  // The task's load per link: every (link, flow speed) of its routes, sorted by link and summed
  // (one allocation, where a hash map would make one per link).
  std::vector<std::pair<simgrid::s4u::Link*, double>> load;
  for (std::size_t f = 0; f < n; ++f) {
    const collective::Flow& flow = flows[f];
    const RouteFigures& r = routes_.route(flow.src, flow.dst);
    task.routes.push_back(&r);
    for (std::size_t k = 0; k < r.link_count; ++k) load.emplace_back(routes_.link(r, k), r.bandwidth_bytes_per_s);
  }
  std::sort(load.begin(), load.end(), [](const auto& a, const auto& b) { return std::less<>()(a.first, b.first); });
  auto& peak = stream_peak_[task.stream];
  for (std::size_t i = 0; i < load.size();) {
    simgrid::s4u::Link* link = load[i].first;
    double bytes_per_s = 0;
    for (; i < load.size() && load[i].first == link; ++i) bytes_per_s += load[i].second;
    double& p = peak[link];
    p = std::max(p, bytes_per_s);
    task.load.emplace_back(link, bytes_per_s);
  }
  tasks_.push_back(std::move(task));
  return tasks_.size() - 1;
}

void UncontendedFlows::add_unbounded(int src, int dst) {
  const RouteFigures& r = routes_.route(src, dst);
  for (std::size_t k = 0; k < r.link_count; ++k) unbounded_.insert(routes_.link(r, k));
}

void UncontendedFlows::record(LinkDemand& demand) const {
  std::unordered_map<simgrid::s4u::Link*, double> all_streams;
  for (const auto& peak : stream_peak_)
    for (const auto& [link, bytes_per_s] : peak) all_streams[link] += bytes_per_s;
  // As split() judges: per stream, the busiest task judged uncontended on each watched link.
  std::vector<std::unordered_map<simgrid::s4u::Link*, double>> uncontended_peak(stream_peak_.size());
  for (const Task& task : tasks_) {
    const auto& own_peak = stream_peak_[task.stream];
    for (const auto& [link, bytes_per_s] : task.load) {
      if (unbounded_.count(link) != 0 || demand.watch.count(link->get_name()) == 0) continue;
      const double with_others = bytes_per_s + all_streams.at(link) - own_peak.at(link);
      if (with_others > link->get_bandwidth() * (1 + 1e-9)) continue;
      double& verdict = demand.verdict_bytes_per_s[link->get_name()];
      verdict = std::max(verdict, with_others);
      double& peak = uncontended_peak[task.stream][link];
      peak = std::max(peak, bytes_per_s);
    }
  }
  for (const auto& peak : uncontended_peak)
    for (const auto& [link, bytes_per_s] : peak) demand.computed_bytes_per_s[link->get_name()] += bytes_per_s;
}

std::vector<FlowSplit> UncontendedFlows::split() const {
  // What every stream may put on each link at once.
  std::unordered_map<simgrid::s4u::Link*, double> all_streams;
  for (const auto& peak : stream_peak_) {
    for (const auto& [link, bytes_per_s] : peak) all_streams[link] += bytes_per_s;
  }
  std::vector<FlowSplit> splits(tasks_.size());
  for (std::size_t t = 0; t < tasks_.size(); ++t) {
    const Task& task = tasks_[t];
    const auto& own_peak = stream_peak_[task.stream];
    // The links this task can meet contention on (usually none or a few).
    std::unordered_set<simgrid::s4u::Link*> contended;
    for (const auto& [link, bytes_per_s] : task.load) {
      // A fat pipe gives every flow its whole bandwidth: flows there never meet.
      if (link->get_sharing_policy() == simgrid::s4u::Link::SharingPolicy::FATPIPE) continue;
      const double others = all_streams.at(link) - own_peak.at(link);
      // Relative slack for the rounding of the sums (a link loaded to exactly its capacity fits).
      if (unbounded_.count(link) != 0 || bytes_per_s + others > link->get_bandwidth() * (1 + 1e-9))
        contended.insert(link);
    }
    FlowSplit& split = splits[t];
    for (std::size_t f = 0; f < task.n; ++f) {
      const collective::Flow& flow = task.flows[f];
      const RouteFigures& r = *task.routes[f];
      // A flow without links (to its own NPU) is left to SimGrid.
      bool free = r.link_count > 0;
      for (std::size_t k = 0; free && k < r.link_count; ++k) free = contended.count(routes_.link(r, k)) == 0;
      if (!free) {
        split.simulated.push_back(flow);
        continue;
      }
      split.computed.push_back(flow);
      split.timings.push_back({r.latency_s, flow.bytes, r.bandwidth_bytes_per_s});
    }
    std::sort(split.timings.begin(), split.timings.end());
    split.timings.erase(std::unique(split.timings.begin(), split.timings.end()), split.timings.end());
  }
  return splits;
}

}  // namespace tcsim::engine::detail
