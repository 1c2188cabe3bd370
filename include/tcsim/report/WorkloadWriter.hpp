#pragma once
/** @file Renders `tcsim workload` (a plan on a topology) and its step graph. */
#include <string>

#include <nlohmann/json.hpp>

#include "tcsim/engine/StepGraph.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"

namespace tcsim::report {

/** @brief Output of `tcsim workload`: plan, placement, memory, FLOPs and collectives by group. */
class WorkloadWriter {
public:
  static nlohmann::ordered_json to_json(const scenario::WorkloadInspection& w);
  static std::string to_table(const scenario::WorkloadInspection& w);
  /** @brief "table" or "json". */
  static std::string render(const scenario::WorkloadInspection& w, const std::string& format);
  /**
   * @brief The whole step graph (`--emit`): per stage, its ranks and groups, every pass in
   * schedule order with its compute time, collectives (kind, group, bytes, count) and sends,
   * then gradient synchronisation and the optimizer.
   */
  static nlohmann::ordered_json step_graph(const scenario::WorkloadInspection& w);
};

}  // namespace tcsim::report
