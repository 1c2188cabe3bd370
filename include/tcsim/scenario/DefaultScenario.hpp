#pragma once
/** @file The built-in default scenario, compiled in from topologies/ and workloads/. */
#include <string>

namespace tcsim::scenario {

/** @brief Text of topologies/atlas900-1024.json as it was at build time. */
const std::string& default_topology_text();
/** @brief Text of workloads/resnet50-mlperf.json as it was at build time. */
const std::string& default_workload_text();
/** @brief Names shown for the built-in files in messages. */
inline const char* kDefaultTopologyFile = "<built-in topologies/atlas900-1024.json>";
inline const char* kDefaultWorkloadFile = "<built-in workloads/resnet50-mlperf.json>";

}  // namespace tcsim::scenario
