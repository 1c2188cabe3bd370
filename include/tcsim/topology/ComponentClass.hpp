#pragma once
/** @file The kinds of component whose failures tcsim models, one failure rate each. */
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tcsim::topology {

/**
 * @brief A class of failing components. `link` is a cable of the scale-out fabric (an NPU's NIC
 * cable or an inter-switch cable); `leaf_switch` is the switch an NPU's NIC plugs into (also a
 * torus or dragonfly router, or a switch of an explicit fabric); `spine_switch` is the middle
 * tier (the spines of a leaf-spine, the aggregation switches of a fat tree); `scale_up_switch` is
 * one plane of a node's in-node switch fabric (NVSwitch, the supernode's Unified Bus);
 * `software` is one training process (one per NPU of the job).
 */
enum class ComponentClass {
  npu,
  hbm,
  host,
  nic,
  link,
  leaf_switch,
  spine_switch,
  core_switch,
  scale_up_switch,
  storage_server,
  software
};

inline constexpr std::size_t kComponentClasses = 11;

/** @brief Every class, in the order of the enum (reports list them so). */
const std::array<ComponentClass, kComponentClasses>& component_classes();
/** @brief The class's key in files and reports: "npu", "leaf_switch", ... */
const char* name_of(ComponentClass c);
std::optional<ComponentClass> component_class_named(const std::string& name);
std::vector<std::string> component_class_names();

}  // namespace tcsim::topology
