#include "tcsim/hw/CommunicationLibrary.hpp"

#include <array>
#include <utility>

namespace tcsim::hw {
namespace {

constexpr std::array<std::pair<CommunicationLibrary, const char*>, 3> kNames{{
    {CommunicationLibrary::nccl, "nccl"},
    {CommunicationLibrary::hccl, "hccl"},
    {CommunicationLibrary::hccl_910, "hccl_910"},
}};

}  // namespace

const char* name_of(CommunicationLibrary library) {
  for (const auto& [value, name] : kNames)
    if (value == library) return name;
  return "?";
}

std::optional<CommunicationLibrary> communication_library_named(const std::string& name) {
  for (const auto& [value, n] : kNames)
    if (name == n) return value;
  return std::nullopt;
}

std::vector<std::string> communication_library_names() {
  std::vector<std::string> names;
  for (const auto& entry : kNames) names.emplace_back(entry.second);
  return names;
}

}  // namespace tcsim::hw
