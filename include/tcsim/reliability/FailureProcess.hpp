#pragma once
/** @file When which component fails: sampled from per-class rates, or replayed from a trace. */
#include <cstdint>
#include <optional>
#include <queue>
#include <unordered_set>
#include <vector>

#include "tcsim/common/Random.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/topology/ReliabilitySpec.hpp"

namespace tcsim::reliability {

/** @brief One component failure on the run's clock (seconds since the job started). */
struct Failure {
  double time_s = 0;
  topology::ComponentClass component_class = topology::ComponentClass::npu;
  std::size_t index = 0;
};

/**
 * @brief The failures of every component of the topology, in time order.
 *
 * Rates: each component's lifetime is exponential or Weibull with its class's MTBF (Weibull
 * scale = MTBF / Γ(1 + 1/k)); a failed component is out until the run says it is repaired, and
 * then starts a new life. The components of a class that have not failed yet share their age,
 * so their next failure is drawn at once, as the minimum of n lifetimes conditioned on having
 * survived so far: F(t + s) = 1 - exp(-n [((t+s)/η)^k - (t/η)^k]), inverted. A repaired
 * component draws its own. Sampling therefore costs O(failures), not O(components): a 30-day
 * run on 16,384 NPUs draws a few hundred variates. Trace: the file's failures, in order.
 */
class FailureProcess {
public:
  /** @brief From the class rates of `spec`, with the random stream of `seed`. */
  FailureProcess(const ComponentInventory& inventory, const topology::ReliabilitySpec& spec, std::uint64_t seed);
  /** @brief A fixed list (a resolved trace). */
  explicit FailureProcess(std::vector<Failure> trace);
  /** @brief No failures at all. */
  FailureProcess() = default;

  /**
   * @brief A trace's failures, each component looked up in the inventory. Throws InputError at
   * `topology_file`, /reliability/trace for a component the topology lacks (with the nearest names).
   */
  static std::vector<Failure> resolve_trace(const ComponentInventory& inventory, const topology::ReliabilitySpec& spec,
                                            const std::string& topology_file);

  /**
   * @brief When the next failure happens, if any will. A repair may bring an earlier one (a
   * component back in service can fail first), so ask again after each.
   */
  std::optional<double> next_time();
  /** @brief Takes the next failure (next_time() must have one): which component fails is drawn now. */
  Failure pop();
  /** @brief Component (c, index), failed earlier, is back in service at `time_s` with a fresh life. */
  void repaired(topology::ComponentClass c, std::size_t index, double time_s);

private:
  struct ClassState {
    bool active = false;
    double eta_s = 0;
    double shape = 1;
    std::size_t count = 0;
    /** Components that have never failed: they share the age since the start. */
    std::size_t original_alive = 0;
    std::unordered_set<std::size_t> left_original;
    std::uint64_t original_version = 0;
  };
  struct Event {
    double time_s;
    std::size_t cls;
    /** SIZE_MAX: the never-failed cohort of the class; else the repaired component's index. */
    std::size_t index;
    std::uint64_t version;
    bool operator>(const Event& other) const {
      if (time_s != other.time_s) return time_s > other.time_s;
      if (cls != other.cls) return cls > other.cls;
      return index > other.index;
    }
  };
  /** The first failure among `n` components born at `birth_s`, given all are alive at `now_s`. */
  double draw(const ClassState& c, double birth_s, double now_s, double n);
  void schedule_original(std::size_t cls, double now_s);
  /** Drops draws made stale by a change of their cohort. */
  void drop_stale();

  std::vector<ClassState> classes_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  Random random_{1};
  bool from_rates_ = false;
  std::vector<Failure> trace_;
  std::size_t trace_next_ = 0;
};

}  // namespace tcsim::reliability
