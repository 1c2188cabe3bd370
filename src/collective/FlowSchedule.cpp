#include "tcsim/collective/FlowSchedule.hpp"

#include <algorithm>
#include <cmath>

namespace tcsim::collective {

int FlowPhase::chunks(double scale) const {
  if (pipeline_depth <= 0 || chunk_bytes <= 0) return 1;
  double largest = 0;
  for (const auto& flow : flows) largest = std::max(largest, flow.bytes * scale);
  return std::max(1, static_cast<int>(std::ceil(largest / chunk_bytes - 1e-9)));
}

int FlowPhase::steps(double scale) const {
  if (pipeline_depth <= 0) return latency_steps;
  return chunks(scale) + pipeline_depth - 1;
}

FlowPhase FlowPhase::without_flows() const {
  FlowPhase copy;
  copy.label = label;
  copy.latency_steps = latency_steps;
  copy.pipeline_depth = pipeline_depth;
  copy.chunk_bytes = chunk_bytes;
  copy.fill_steps = fill_steps;
  copy.also_after_lane = also_after_lane;
  return copy;
}

double FlowPhase::fill_fraction(double scale) const {
  if (pipeline_depth <= 0) return 0.0;
  return fill_steps / chunks(scale);
}

std::size_t FlowSchedule::flow_count() const {
  std::size_t n = 0;
  for (const auto& phase : phases) n += phase.flows.size();
  return n;
}

double FlowSchedule::bytes_sent_by(int rank) const {
  double total = 0;
  for (const auto& phase : phases)
    for (const auto& flow : phase.flows) total += flow.src == rank ? flow.bytes : 0.0;
  return total;
}

double FlowSchedule::bytes_received_by(int rank) const {
  double total = 0;
  for (const auto& phase : phases)
    for (const auto& flow : phase.flows) total += flow.dst == rank ? flow.bytes : 0.0;
  return total;
}

}  // namespace tcsim::collective
