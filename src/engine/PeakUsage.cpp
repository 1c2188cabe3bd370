#include "PeakUsage.hpp"

#include <algorithm>

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Link.hpp>

namespace tcsim::engine::detail {
namespace {
PeakUsage* current = nullptr;
}

PeakUsage::PeakUsage(const std::unordered_set<std::string>& names) {
  for (const auto& name : names) {
    if (const auto* link = simgrid::s4u::Link::by_name_or_null(name)) links_.emplace_back(link, 0.0);
  }
  static const bool connected = [] {
    simgrid::s4u::Engine::on_time_advance_cb([](double) {
      if (current != nullptr) current->sample();
    });
    return true;
  }();
  (void)connected;
  current = this;
}

PeakUsage::~PeakUsage() {
  if (current == this) current = nullptr;
}

void PeakUsage::sample() {
  for (auto& [link, peak] : links_) peak = std::max(peak, link->get_usage());
}

std::unordered_map<std::string, double> PeakUsage::peaks() const {
  std::unordered_map<std::string, double> out;
  for (const auto& [link, peak] : links_) out[link->get_name()] = peak;
  return out;
}

}  // namespace tcsim::engine::detail
