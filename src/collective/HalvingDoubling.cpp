#include "tcsim/collective/HalvingDoubling.hpp"

#include <cassert>

namespace tcsim::collective {
namespace {

FlowPhase exchange(const std::string& label, const std::vector<int>& ranks, std::size_t distance, double bytes) {
  FlowPhase phase{label, {}, 1};
  phase.flows.reserve(ranks.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) phase.flows.push_back(Flow{ranks[i], ranks[i ^ distance], bytes, 0});
  return phase;
}

void halving(FlowSchedule& schedule, const std::vector<int>& ranks, double bytes) {
  const std::size_t n = ranks.size();
  double remaining = bytes;
  for (std::size_t distance = n / 2; distance >= 1; distance /= 2) {
    remaining /= 2;
    schedule.phases.push_back(exchange("recursive halving, distance " + std::to_string(distance), ranks, distance, remaining));
  }
}

void doubling(FlowSchedule& schedule, const std::vector<int>& ranks, double bytes) {
  const std::size_t n = ranks.size();
  for (std::size_t distance = 1; distance < n; distance *= 2) {
    schedule.phases.push_back(exchange("recursive doubling, distance " + std::to_string(distance), ranks, distance,
                                       bytes * static_cast<double>(distance) / static_cast<double>(n)));
  }
}

}  // namespace

FlowSchedule HalvingDoubling::all_reduce(const std::vector<int>& ranks, double bytes) {
  assert(is_power_of_two(ranks.size()));
  FlowSchedule schedule;
  schedule.algorithm = "halving_doubling";
  if (ranks.size() < 2) return schedule;
  halving(schedule, ranks, bytes);
  doubling(schedule, ranks, bytes);
  return schedule;
}

FlowSchedule HalvingDoubling::reduce_scatter(const std::vector<int>& ranks, double bytes) {
  assert(is_power_of_two(ranks.size()));
  FlowSchedule schedule;
  schedule.algorithm = "halving_doubling";
  if (ranks.size() >= 2) halving(schedule, ranks, bytes);
  return schedule;
}

FlowSchedule HalvingDoubling::all_gather(const std::vector<int>& ranks, double bytes) {
  assert(is_power_of_two(ranks.size()));
  FlowSchedule schedule;
  schedule.algorithm = "halving_doubling";
  if (ranks.size() >= 2) doubling(schedule, ranks, bytes);
  return schedule;
}

}  // namespace tcsim::collective
