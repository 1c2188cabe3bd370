#pragma once
/** @file Handles to a built SimGrid platform: NPU hosts in rank order, node hosts, storage, a controller. */
#include <cstddef>
#include <string>
#include <vector>

#include <simgrid/forward.h>

namespace tcsim::platform {

/** @brief Non-owning view of the SimGrid platform (SimGrid owns hosts and links). */
class Platform {
public:
  /** @brief The host of NPU `rank` (global index, node-major). */
  simgrid::s4u::Host* npu(std::size_t rank) const { return npus_.at(rank); }
  std::size_t npu_count() const { return npus_.size(); }
  /** @brief A host outside the fabric for run-level actors (it has no links). */
  simgrid::s4u::Host* controller() const { return controller_; }
  /** @brief One-way latency of the route between two NPUs, in seconds. */
  double route_latency_s(std::size_t src_rank, std::size_t dst_rank) const;
  /** @brief Bandwidth of the slowest link on the route between two NPUs, in bytes per second. */
  double route_bandwidth_bytes_per_s(std::size_t src_rank, std::size_t dst_rank) const;
  /** @brief The route between two NPUs: its links in order (appended to `links`); returns its latency. */
  double route(std::size_t src_rank, std::size_t dst_rank, std::vector<simgrid::s4u::Link*>& links) const;
  /** @brief Bandwidth of the link named `name`, in bytes per second (std::out_of_range if there is none). */
  static double link_bandwidth(const std::string& name);
  /** @brief Sets that link's bandwidth (a degraded fabric), in bytes per second. */
  static void set_link_bandwidth(const std::string& name, double bytes_per_s);
  /** @brief SimGrid links created (for reports and benchmarks). */
  std::size_t link_count() const { return link_count_; }

  /** @brief Node `node`'s host (CPU side: its PCIe reaches the node's NPUs). */
  simgrid::s4u::Host* node_host(std::size_t node) const { return node_hosts_.at(node); }
  std::size_t node_count() const { return node_hosts_.size(); }
  /** @brief Node `node`'s memory as a storage tier, or nullptr if the topology gives none. */
  simgrid::s4u::Disk* dram(std::size_t node) const { return dram_.at(node); }
  /** @brief Node `node`'s NVMe drives as one disk, or nullptr. */
  simgrid::s4u::Disk* nvme(std::size_t node) const { return nvme_.at(node); }
  /** @brief The parallel file system's servers (each with one disk: its drives). */
  const std::vector<simgrid::s4u::Host*>& storage_servers() const { return storage_servers_; }
  /** @brief The object store (one disk), or nullptr. */
  simgrid::s4u::Host* object_store() const { return object_store_; }

private:
  friend class PlatformBuilder;
  std::vector<simgrid::s4u::Host*> npus_;
  simgrid::s4u::Host* controller_ = nullptr;
  std::size_t link_count_ = 0;
  std::vector<simgrid::s4u::Host*> node_hosts_;
  std::vector<simgrid::s4u::Disk*> dram_;
  std::vector<simgrid::s4u::Disk*> nvme_;
  std::vector<simgrid::s4u::Host*> storage_servers_;
  simgrid::s4u::Host* object_store_ = nullptr;
};

}  // namespace tcsim::platform
