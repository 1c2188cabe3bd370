#pragma once
/** @file Checkpoint writes and restores and dataset reads as SimGrid transfers and disk operations. */
#include <memory>
#include <optional>
#include <vector>

#include <simgrid/forward.h>

#include "tcsim/platform/Platform.hpp"
#include "tcsim/topology/TopologySpec.hpp"
#include "tcsim/workload/StorageTier.hpp"

namespace tcsim::engine {

/** @brief Transfers and disk operations that start together and make one I/O operation of the job. */
struct IoPlan {
  struct Transfer {
    simgrid::s4u::Host* from = nullptr;
    simgrid::s4u::Host* to = nullptr;
    double bytes = 0;
  };
  struct DiskOp {
    simgrid::s4u::Disk* disk = nullptr;
    double bytes = 0;
    bool write = true;
  };
  std::vector<Transfer> transfers;
  std::vector<DiskOp> disk_ops;
  bool empty() const { return transfers.empty() && disk_ops.empty(); }
};

/**
 * @brief The job's storage operations on the platform's tiers (node DRAM and NVMe as SimGrid
 * disks, parallel file system servers and the object store as hosts with disks, reached over
 * the storage network or the compute fabric).
 *
 * Every rank moves its shard at the same time, so the operation contends on PCIe, host links,
 * server links and drives. A stream is modelled as its transfers and disk operations all under
 * way at once (perfect pipelining): the slowest stage sets the time. What stays inside one node
 * (NPU to host memory over PCIe, the node's own memory and drives) is the same on every node
 * and shares nothing with other nodes, so it is simulated on one representative node per node
 * kind; what leaves the node (to a peer, the servers, the object store) is simulated for every
 * node of the job (the job's data striped evenly over the servers that are up: at most nodes +
 * servers flows). Peers: node i of the job keeps its copy on node i + 1 (wrapping).
 */
class StorageIo {
public:
  /** @brief Where a checkpoint write goes: NPU memory to the tier (synchronous, streamed), the blocking snapshot into host memory, or the background copy from host memory to the tier. */
  enum class Stage { whole, snapshot, background };

  StorageIo(const platform::Platform& platform, const topology::TopologySpec& spec, int job_npus);

  /** @brief Whether the topology has the tier (memory, drives, servers, and a network between hosts for peers). */
  static bool has_tier(const topology::TopologySpec& spec, workload::StorageTier tier);

  /** @brief Every job NPU writes `bytes_per_npu`; `servers_up`: the parallel file system's working servers. */
  IoPlan checkpoint_write(workload::StorageTier tier, double bytes_per_npu, Stage stage, const std::vector<int>& servers_up) const;
  /** @brief Every job NPU reads its shard back (peer_dram: one node pulls its shard from its peer). */
  IoPlan checkpoint_restore(workload::StorageTier tier, double bytes_per_npu, const std::vector<int>& servers_up) const;
  /**
   * @brief Every job node reads `bytes_per_npu` per NPU into host memory from `tier`, or from its
   * page cache when empty. Decoding and the copy to the NPU are not modelled.
   */
  IoPlan data_read(std::optional<workload::StorageTier> tier, double bytes_per_npu, const std::vector<int>& servers_up) const;

  /** @brief Simulated seconds until everything in `plan` is done, all started now. */
  double simulate(const IoPlan& plan) const;
  /** @brief Starts `plan` in the next simulation; the value is its duration once the engine has run. */
  std::shared_ptr<double> start(const IoPlan& plan) const;

  const std::vector<int>& job_nodes() const { return nodes_; }

private:
  double node_bytes(std::size_t i, double bytes_per_npu) const { return bytes_per_npu * npus_on_node_[i]; }
  /** NPUs to host memory (or back) on the representative nodes, with their disk operation. */
  void local(IoPlan& plan, simgrid::s4u::Disk* (platform::Platform::*disk)(std::size_t) const, double bytes_per_npu,
             bool write, bool pcie) const;
  /** Every job node to (or from) a shared tier: the servers that are up, or the object store. */
  void remote(IoPlan& plan, workload::StorageTier tier, double bytes_per_npu, bool write, const std::vector<int>& servers_up) const;

  const platform::Platform& platform_;
  /** Job nodes, the job's NPUs on each (the first is the node's first NPU), representatives (indices into nodes_). */
  std::vector<int> nodes_;
  std::vector<int> npus_on_node_;
  std::vector<int> first_npu_;
  std::vector<std::size_t> representatives_;
};

}  // namespace tcsim::engine
