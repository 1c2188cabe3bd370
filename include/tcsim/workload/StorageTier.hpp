#pragma once
/** @file Where checkpoints are written and datasets read from. */
#include <optional>
#include <string>
#include <vector>

namespace tcsim::workload {

/**
 * @brief A storage tier of the topology: host_dram (each node's own memory), peer_dram (another
 * node's memory, reached over the storage network: survives its own node's failure), nvme (each
 * node's local drives), parallel_fs (the shared parallel file system), object_store.
 */
enum class StorageTier { host_dram, peer_dram, nvme, parallel_fs, object_store };

const char* name_of(StorageTier tier);
std::optional<StorageTier> storage_tier_named(const std::string& name);
std::vector<std::string> storage_tier_names();
/** @brief Whether the tier is per node (host_dram, nvme: lost with the node) rather than off the node. */
bool is_node_local(StorageTier tier);

}  // namespace tcsim::workload
