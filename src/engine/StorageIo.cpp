#include "tcsim/engine/StorageIo.hpp"

#include <algorithm>
#include <stdexcept>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Disk.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Io.hpp>

#include "tcsim/platform/SimGridSession.hpp"

namespace tcsim::engine {

namespace s4u = simgrid::s4u;
using workload::StorageTier;

StorageIo::StorageIo(const platform::Platform& platform, const topology::TopologySpec& spec, int job_npus) : platform_(platform) {
  int npu = 0;
  const topology::NodeTemplate* last_kind = nullptr;
  for (int n = 0; n < spec.nodes && npu < job_npus; ++n) {
    const auto& kind = spec.node_template(n);
    nodes_.push_back(n);
    first_npu_.push_back(npu);
    npus_on_node_.push_back(std::min(kind.npus_per_node, job_npus - npu));
    // One representative per node kind: node groups are consecutive, so a new kind starts a group.
    if (&kind != last_kind) representatives_.push_back(nodes_.size() - 1);
    last_kind = &kind;
    npu += kind.npus_per_node;
  }
}

bool StorageIo::has_tier(const topology::TopologySpec& spec, StorageTier tier) {
  bool all_dram = true;
  bool all_nvme = true;
  for (int n = 0; n < spec.nodes; ++n) {
    all_dram = all_dram && spec.node_template(n).host.dram_bandwidth_bytes_per_s > 0;
    all_nvme = all_nvme && spec.node_template(n).host.nvme_drives > 0;
  }
  switch (tier) {
    case StorageTier::host_dram: return all_dram;
    // Hosts reach each other over the storage network (or, shared, the fabric), which exists with shared tiers.
    case StorageTier::peer_dram: return all_dram && spec.storage.has_shared_tiers() && spec.nodes > 1;
    case StorageTier::nvme: return all_nvme;
    case StorageTier::parallel_fs: return spec.storage.pfs_servers > 0;
    case StorageTier::object_store: return spec.storage.object_link_bytes_per_s > 0;
  }
  return false;
}

void StorageIo::local(IoPlan& plan, s4u::Disk* (platform::Platform::*disk)(std::size_t) const, double bytes_per_npu,
                      bool write, bool pcie) const {
  for (std::size_t i : representatives_) {
    const auto node = static_cast<std::size_t>(nodes_[i]);
    s4u::Host* host = platform_.node_host(node);
    if (pcie) {
      for (int k = 0; k < npus_on_node_[i]; ++k) {
        s4u::Host* npu = platform_.npu(static_cast<std::size_t>(first_npu_[i] + k));
        plan.transfers.push_back(write ? IoPlan::Transfer{npu, host, bytes_per_npu} : IoPlan::Transfer{host, npu, bytes_per_npu});
      }
    }
    if (disk != nullptr) plan.disk_ops.push_back({(platform_.*disk)(node), node_bytes(i, bytes_per_npu), write});
  }
}

void StorageIo::remote(IoPlan& plan, StorageTier tier, double bytes_per_npu, bool write, const std::vector<int>& servers_up) const {
  std::vector<s4u::Host*> servers;
  if (tier == StorageTier::parallel_fs) {
    for (int s : servers_up) servers.push_back(platform_.storage_servers().at(static_cast<std::size_t>(s)));
  } else {
    servers.push_back(platform_.object_store());
  }
  if (servers.empty()) throw std::logic_error("no working server for the tier");
  // Striping spreads the job's bytes evenly over the servers: the nodes' data laid end to end
  // and cut into equal server shares, so each node talks to the servers its stretch covers
  // (at most nodes + servers flows, every server loaded alike).
  double total = 0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) total += node_bytes(i, bytes_per_npu);
  const double share = total / static_cast<double>(servers.size());
  std::vector<double> per_server(servers.size(), 0.0);
  std::size_t s = 0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    s4u::Host* host = platform_.node_host(static_cast<std::size_t>(nodes_[i]));
    for (double left = node_bytes(i, bytes_per_npu); left > 0;) {
      if (per_server[s] >= share * (1 - 1e-12) && s + 1 < servers.size()) ++s;
      const double bytes = s + 1 < servers.size() ? std::min(left, share - per_server[s]) : left;
      plan.transfers.push_back(write ? IoPlan::Transfer{host, servers[s], bytes} : IoPlan::Transfer{servers[s], host, bytes});
      per_server[s] += bytes;
      left -= bytes;
    }
  }
  for (std::size_t k = 0; k < servers.size(); ++k) {
    if (per_server[k] > 0) plan.disk_ops.push_back({servers[k]->get_disks().at(0), per_server[k], write});
  }
}

IoPlan StorageIo::checkpoint_write(StorageTier tier, double bytes_per_npu, Stage stage, const std::vector<int>& servers_up) const {
  IoPlan plan;
  const bool to_host = stage != Stage::background;  // NPU memory into the host's
  switch (tier) {
    case StorageTier::host_dram:
      if (to_host) local(plan, &platform::Platform::dram, bytes_per_npu, true, true);
      break;
    case StorageTier::nvme:
      // The snapshot lands in host memory; the drives are written directly or in the background.
      if (stage == Stage::snapshot) local(plan, &platform::Platform::dram, bytes_per_npu, true, true);
      else local(plan, &platform::Platform::nvme, bytes_per_npu, true, to_host);
      break;
    case StorageTier::peer_dram:
      if (stage == Stage::snapshot) {
        local(plan, &platform::Platform::dram, bytes_per_npu, true, true);
        break;
      }
      if (to_host) local(plan, nullptr, bytes_per_npu, true, true);
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const auto node = static_cast<std::size_t>(nodes_[i]);
        const auto peer = static_cast<std::size_t>(nodes_[(i + 1) % nodes_.size()]);
        plan.transfers.push_back({platform_.node_host(node), platform_.node_host(peer), node_bytes(i, bytes_per_npu)});
        plan.disk_ops.push_back({platform_.dram(peer), node_bytes(i, bytes_per_npu), true});
      }
      break;
    case StorageTier::parallel_fs:
    case StorageTier::object_store:
      if (stage == Stage::snapshot) {
        local(plan, &platform::Platform::dram, bytes_per_npu, true, true);
        break;
      }
      if (to_host) local(plan, nullptr, bytes_per_npu, true, true);
      remote(plan, tier, bytes_per_npu, true, servers_up);
      break;
  }
  return plan;
}

IoPlan StorageIo::checkpoint_restore(StorageTier tier, double bytes_per_npu, const std::vector<int>& servers_up) const {
  IoPlan plan;
  switch (tier) {
    case StorageTier::host_dram: local(plan, &platform::Platform::dram, bytes_per_npu, false, true); break;
    case StorageTier::nvme: local(plan, &platform::Platform::nvme, bytes_per_npu, false, true); break;
    case StorageTier::peer_dram: {
      // The re-placed node pulls its shard from its peer's memory; the others read their own.
      local(plan, &platform::Platform::dram, bytes_per_npu, false, true);
      if (nodes_.size() > 1) {
        const auto node = static_cast<std::size_t>(nodes_[0]);
        const auto peer = static_cast<std::size_t>(nodes_[1]);
        plan.disk_ops.push_back({platform_.dram(peer), node_bytes(0, bytes_per_npu), false});
        plan.transfers.push_back({platform_.node_host(peer), platform_.node_host(node), node_bytes(0, bytes_per_npu)});
      }
      break;
    }
    case StorageTier::parallel_fs:
    case StorageTier::object_store:
      local(plan, nullptr, bytes_per_npu, false, true);
      remote(plan, tier, bytes_per_npu, false, servers_up);
      break;
  }
  return plan;
}

IoPlan StorageIo::data_read(std::optional<StorageTier> tier, double bytes_per_npu, const std::vector<int>& servers_up) const {
  IoPlan plan;
  if (!tier) {
    local(plan, &platform::Platform::dram, bytes_per_npu, false, false);
  } else if (*tier == StorageTier::nvme) {
    local(plan, &platform::Platform::nvme, bytes_per_npu, false, false);
  } else {
    remote(plan, *tier, bytes_per_npu, false, servers_up);
  }
  return plan;
}

std::shared_ptr<double> StorageIo::start(const IoPlan& plan) const {
  auto duration = std::make_shared<double>(0.0);
  if (plan.empty()) return duration;
  s4u::Actor::create("storage-io", platform_.controller(), [plan, duration] {
    const double start_s = s4u::Engine::get_clock();
    std::vector<s4u::CommPtr> comms;
    std::vector<s4u::IoPtr> ios;
    for (const auto& t : plan.transfers) {
      if (t.bytes > 0 && t.from != t.to) comms.push_back(s4u::Comm::sendto_async(t.from, t.to, static_cast<std::uint64_t>(t.bytes)));
    }
    for (const auto& d : plan.disk_ops) {
      if (d.bytes <= 0 || d.disk == nullptr) continue;
      const auto size = static_cast<sg_size_t>(d.bytes);
      ios.push_back(d.write ? d.disk->write_async(size) : d.disk->read_async(size));
    }
    for (auto& c : comms) c->wait();
    for (auto& io : ios) io->wait();
    *duration = s4u::Engine::get_clock() - start_s;
  });
  return duration;
}

double StorageIo::simulate(const IoPlan& plan) const {
  auto duration = start(plan);
  if (!plan.empty()) platform::SimGridSession::engine().run();
  return *duration;
}

}  // namespace tcsim::engine
