#include "tcsim/reliability/FailureProcess.hpp"

#include <cmath>
#include <limits>

#include "tcsim/common/InputError.hpp"

namespace tcsim::reliability {
namespace {
constexpr std::size_t kOriginal = std::numeric_limits<std::size_t>::max();
}

FailureProcess::FailureProcess(const ComponentInventory& inventory, const topology::ReliabilitySpec& spec, std::uint64_t seed)
    : random_(seed), from_rates_(true) {
  for (topology::ComponentClass c : topology::component_classes()) {
    const auto& r = spec.of(c);
    ClassState state;
    state.count = inventory.count(c);
    state.original_alive = state.count;
    state.shape = r.distribution == topology::ClassReliability::Distribution::weibull ? r.weibull_shape : 1.0;
    state.active = state.count > 0 && std::isfinite(r.mtbf_s) && r.mtbf_s > 0;
    // Weibull with mean MTBF: scale = MTBF / Γ(1 + 1/k) (k = 1: the exponential's mean).
    state.eta_s = state.active ? r.mtbf_s / std::tgamma(1.0 + 1.0 / state.shape) : 0;
    classes_.push_back(std::move(state));
  }
  for (std::size_t c = 0; c < classes_.size(); ++c) schedule_original(c, 0.0);
}

FailureProcess::FailureProcess(std::vector<Failure> trace) : trace_(std::move(trace)) {}

std::vector<Failure> FailureProcess::resolve_trace(const ComponentInventory& inventory, const topology::ReliabilitySpec& spec,
                                                   const std::string& topology_file) {
  std::vector<Failure> failures;
  for (const auto& entry : spec.trace) {
    const auto component = inventory.find(entry.component);
    if (!component) {
      throw InputError(topology_file, "/reliability/trace",
                       "row " + std::to_string(entry.row) + " of '" + spec.trace_file + "' names component '" +
                           entry.component + "', which the topology does not have; " + inventory.suggest(entry.component));
    }
    failures.push_back({entry.time_s, component->first, component->second});
  }
  return failures;
}

double FailureProcess::draw(const ClassState& c, double birth_s, double now_s, double n) {
  const double k = c.shape;
  const double age = std::pow((now_s - birth_s) / c.eta_s, k);
  return birth_s + c.eta_s * std::pow(age + random_.exponential() / n, 1.0 / k);
}

void FailureProcess::schedule_original(std::size_t cls, double now_s) {
  ClassState& c = classes_[cls];
  if (!c.active || c.original_alive == 0) return;
  events_.push({draw(c, 0.0, now_s, static_cast<double>(c.original_alive)), cls, kOriginal, ++c.original_version});
}

void FailureProcess::drop_stale() {
  while (!events_.empty()) {
    const Event& e = events_.top();
    if (e.index != kOriginal || e.version == classes_[e.cls].original_version) return;
    events_.pop();
  }
}

std::optional<double> FailureProcess::next_time() {
  if (!from_rates_) {
    if (trace_next_ < trace_.size()) return trace_[trace_next_].time_s;
    return std::nullopt;
  }
  drop_stale();
  if (events_.empty()) return std::nullopt;
  return events_.top().time_s;
}

Failure FailureProcess::pop() {
  if (!from_rates_) return trace_.at(trace_next_++);
  drop_stale();
  const Event e = events_.top();
  events_.pop();
  if (e.index != kOriginal) return {e.time_s, topology::component_classes()[e.cls], e.index};
  // One never-failed member, uniformly: few have left the cohort, so rejection is cheap.
  ClassState& c = classes_[e.cls];
  std::size_t member = 0;
  do {
    member = static_cast<std::size_t>(random_.below(c.count));
  } while (c.left_original.count(member) > 0);
  c.left_original.insert(member);
  --c.original_alive;
  schedule_original(e.cls, e.time_s);
  return {e.time_s, topology::component_classes()[e.cls], member};
}

void FailureProcess::repaired(topology::ComponentClass cls, std::size_t index, double time_s) {
  if (!from_rates_) return;
  const auto c = static_cast<std::size_t>(cls);
  if (!classes_[c].active) return;
  events_.push({draw(classes_[c], time_s, time_s, 1.0), c, index, 0});
}

}  // namespace tcsim::reliability
