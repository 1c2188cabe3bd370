#include "tcsim/workload/StorageTier.hpp"

namespace tcsim::workload {
namespace {
constexpr StorageTier kAll[] = {StorageTier::host_dram, StorageTier::peer_dram, StorageTier::nvme, StorageTier::parallel_fs,
                                StorageTier::object_store};
}

const char* name_of(StorageTier tier) {
  switch (tier) {
    case StorageTier::host_dram: return "host_dram";
    case StorageTier::peer_dram: return "peer_dram";
    case StorageTier::nvme: return "nvme";
    case StorageTier::parallel_fs: return "parallel_fs";
    case StorageTier::object_store: return "object_store";
  }
  return "?";
}

std::optional<StorageTier> storage_tier_named(const std::string& name) {
  for (StorageTier t : kAll)
    if (name == name_of(t)) return t;
  return std::nullopt;
}

std::vector<std::string> storage_tier_names() {
  std::vector<std::string> names;
  for (StorageTier t : kAll) names.emplace_back(name_of(t));
  return names;
}

bool is_node_local(StorageTier tier) { return tier == StorageTier::host_dram || tier == StorageTier::nvme; }

}  // namespace tcsim::workload
