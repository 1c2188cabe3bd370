#pragma once
/** @file Handles to a built SimGrid platform: NPU hosts in rank order and a controller host. */
#include <cstddef>
#include <vector>

#include <simgrid/forward.h>

namespace tcsim::platform {

/** @brief Non-owning view of the SimGrid platform (SimGrid owns hosts and links). */
class Platform {
public:
  /** @brief The host of NPU `rank` (global index, node-major). */
  simgrid::s4u::Host* npu(std::size_t rank) const { return npus_.at(rank); }
  std::size_t npu_count() const { return npus_.size(); }
  int npus_per_node() const { return npus_per_node_; }
  /** @brief A host outside the fabric for run-level actors (it has no links). */
  simgrid::s4u::Host* controller() const { return controller_; }
  /** @brief One-way latency of the route between two NPUs, in seconds. */
  double route_latency_s(std::size_t src_rank, std::size_t dst_rank) const;
  /** @brief SimGrid links created (for reports and benchmarks). */
  std::size_t link_count() const { return link_count_; }

private:
  friend class PlatformBuilder;
  std::vector<simgrid::s4u::Host*> npus_;
  simgrid::s4u::Host* controller_ = nullptr;
  int npus_per_node_ = 1;
  std::size_t link_count_ = 0;
};

}  // namespace tcsim::platform
