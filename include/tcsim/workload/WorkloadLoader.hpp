#pragma once
/** @file Parses and checks `tcsim.workload/1` JSON documents. */
#include <string>

#include <nlohmann/json.hpp>

#include "tcsim/workload/WorkloadSpec.hpp"

namespace tcsim::workload {

/** @brief Turns a workload document into a WorkloadSpec; throws InputError on bad input. */
class WorkloadLoader {
public:
  static WorkloadSpec from_json(const nlohmann::json& document, const std::string& file);
};

}  // namespace tcsim::workload
