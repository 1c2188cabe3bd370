#include "tcsim/collective/FlowSchedule.hpp"

namespace tcsim::collective {

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
