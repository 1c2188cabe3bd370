#include "tcsim/topology/ComponentClass.hpp"

namespace tcsim::topology {

const std::array<ComponentClass, kComponentClasses>& component_classes() {
  using C = ComponentClass;
  static const std::array<ComponentClass, kComponentClasses> all = {
      C::npu,         C::hbm,         C::host,          C::nic,           C::link,    C::leaf_switch,
      C::spine_switch, C::core_switch, C::scale_up_switch, C::storage_server, C::software};
  return all;
}

const char* name_of(ComponentClass c) {
  switch (c) {
    case ComponentClass::npu: return "npu";
    case ComponentClass::hbm: return "hbm";
    case ComponentClass::host: return "host";
    case ComponentClass::nic: return "nic";
    case ComponentClass::link: return "link";
    case ComponentClass::leaf_switch: return "leaf_switch";
    case ComponentClass::spine_switch: return "spine_switch";
    case ComponentClass::core_switch: return "core_switch";
    case ComponentClass::scale_up_switch: return "scale_up_switch";
    case ComponentClass::storage_server: return "storage_server";
    case ComponentClass::software: return "software";
  }
  return "?";
}

std::optional<ComponentClass> component_class_named(const std::string& name) {
  for (ComponentClass c : component_classes())
    if (name == name_of(c)) return c;
  return std::nullopt;
}

std::vector<std::string> component_class_names() {
  std::vector<std::string> names;
  for (ComponentClass c : component_classes()) names.emplace_back(name_of(c));
  return names;
}

}  // namespace tcsim::topology
