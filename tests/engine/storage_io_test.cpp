// Storage physics: checkpoint writes, restores and data reads on the SimGrid tiers. Each TEST runs
// in its own process (ctest), so each has a fresh SimGrid engine.
#include <gtest/gtest.h>
#include <simgrid/s4u/Disk.hpp>
#include <simgrid/s4u/Host.hpp>

#include "support/TestPlatforms.hpp"
#include "tcsim/engine/StorageIo.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace {

using tcsim::engine::StorageIo;
using tcsim::workload::StorageTier;
constexpr double kGbps = 1e9 / 8;

/** 8 Atlas 800 nodes with the test storage; parallel file system servers with `server_gbps` links and `drive_gbps` drives. */
nlohmann::json cluster(double server_gbps, double drive_write_gbps) {
  auto doc = tcsim::test::storage_topology(8);
  doc["storage"]["parallel_fs"]["server_gbps"] = server_gbps;
  doc["storage"]["parallel_fs"]["drive_write_gbps"] = drive_write_gbps;
  return doc;
}

const std::vector<int> kAllServers = {0, 1, 2, 3};

}  // namespace

TEST(StorageIo, doubling_the_bottleneck_servers_links_halves_a_checkpoint_write) {
  // 8 hosts at 200 Gb/s write 64 shards; 4 servers whose 100 Gb/s links bind (drives: 12 x 160 Gb/s).
  tcsim::topology::TopologySpec spec;
  const auto slow_platform = tcsim::test::build_platform(cluster(100, 160), &spec);
  const StorageIo slow(slow_platform, spec, 64);
  const double bytes_per_npu = 1e9;
  const double t100 = slow.simulate(slow.checkpoint_write(StorageTier::parallel_fs, bytes_per_npu, StorageIo::Stage::background, kAllServers));
  // 64 GB through 4 x 100 Gb/s.
  EXPECT_NEAR(t100, 64e9 / (4 * 100 * kGbps), 0.01 * t100);
  for (int s = 0; s < 4; ++s) {
    const std::string link = "pfs" + std::to_string(s) + ".link";
    tcsim::platform::Platform::set_link_bandwidth(link, 2 * tcsim::platform::Platform::link_bandwidth(link));
  }
  const double t200 = slow.simulate(slow.checkpoint_write(StorageTier::parallel_fs, bytes_per_npu, StorageIo::Stage::background, kAllServers));
  EXPECT_NEAR(t100 / t200, 2.0, 0.05 * 2.0);
}

TEST(StorageIo, doubling_the_bottleneck_drives_halves_a_checkpoint_write) {
  // Drives bind: 12 x 4 Gb/s = 48 Gb/s per server behind 400 Gb/s links.
  tcsim::topology::TopologySpec spec;
  const auto platform = tcsim::test::build_platform(cluster(400, 4), &spec);
  const StorageIo io(platform, spec, 64);
  const double t = io.simulate(io.checkpoint_write(StorageTier::parallel_fs, 1e9, StorageIo::Stage::background, kAllServers));
  EXPECT_NEAR(t, 64e9 / (4 * 48 * kGbps), 0.01 * t);
  for (auto* server : platform.storage_servers()) {
    auto* disk = server->get_disks().at(0);
    disk->set_write_bandwidth(2 * disk->get_write_bandwidth());
  }
  const double t2 = io.simulate(io.checkpoint_write(StorageTier::parallel_fs, 1e9, StorageIo::Stage::background, kAllServers));
  EXPECT_NEAR(t / t2, 2.0, 0.05 * 2.0);
}

TEST(StorageIo, a_server_down_slows_the_file_system_by_its_share) {
  tcsim::topology::TopologySpec spec;
  const auto platform = tcsim::test::build_platform(cluster(100, 160), &spec);
  const StorageIo io(platform, spec, 64);
  const double four = io.simulate(io.checkpoint_write(StorageTier::parallel_fs, 1e9, StorageIo::Stage::background, kAllServers));
  const double three = io.simulate(io.checkpoint_write(StorageTier::parallel_fs, 1e9, StorageIo::Stage::background, {1, 2, 3}));
  EXPECT_NEAR(three / four, 4.0 / 3.0, 0.02);
}

TEST(StorageIo, local_tiers_are_bounded_by_pcie_and_the_nodes_own_memory_or_drives) {
  tcsim::topology::TopologySpec spec;
  const auto platform = tcsim::test::build_platform(tcsim::test::storage_topology(8), &spec);
  const StorageIo io(platform, spec, 64);
  const double shard = 1e9;
  // Host memory at 1600 Gb/s takes 8 GB per node; each NPU's own 252 Gb/s PCIe takes its 1 GB.
  const double dram = io.simulate(io.checkpoint_write(StorageTier::host_dram, shard, StorageIo::Stage::whole, {}));
  EXPECT_NEAR(dram, std::max(8e9 / (1600 * kGbps), 1e9 / (252 * kGbps)), 0.01 * dram);
  // NVMe: 4 drives x 16 Gb/s write.
  const double nvme = io.simulate(io.checkpoint_write(StorageTier::nvme, shard, StorageIo::Stage::whole, {}));
  EXPECT_NEAR(nvme, 8e9 / (4 * 16 * kGbps), 0.01 * nvme);
  // The asynchronous snapshot is the host-memory write; the background copy to the drives the rest.
  EXPECT_NEAR(io.simulate(io.checkpoint_write(StorageTier::nvme, shard, StorageIo::Stage::snapshot, {})), dram, 1e-9);
  EXPECT_NEAR(io.simulate(io.checkpoint_write(StorageTier::nvme, shard, StorageIo::Stage::background, {})), nvme, 0.01 * nvme);
  // A peer's memory is reached over both hosts' 200 Gb/s front-end links.
  const double peer = io.simulate(io.checkpoint_write(StorageTier::peer_dram, shard, StorageIo::Stage::background, {}));
  EXPECT_NEAR(peer, 8e9 / (200 * kGbps), 0.01 * peer);
  // Restoring from a peer: one node pulls its shard over the network, the others read their memory.
  const double from_peer = io.simulate(io.checkpoint_restore(StorageTier::peer_dram, shard, {}));
  const double from_pfs = io.simulate(io.checkpoint_restore(StorageTier::parallel_fs, shard, kAllServers));
  EXPECT_NEAR(from_peer, 8e9 / (200 * kGbps), 0.01 * from_peer);
  EXPECT_NEAR(from_pfs, 64e9 / (4 * 12 * 25.6 * kGbps), 0.01 * from_pfs);  // 64 GB from 4 servers' 12 drives
}

TEST(StorageIo, has_tier_follows_the_topology) {
  const auto with = tcsim::topology::TopologyLoader::from_json(tcsim::test::storage_topology(4), "s.json");
  auto bare = tcsim::test::small_topology(4, 8, 4);
  bare.erase("storage");
  bare["node"]["host"].erase("frontend_gbps");
  bare["node"]["host"].erase("frontend_latency_s");
  const auto without = tcsim::topology::TopologyLoader::from_json(bare, "p.json");
  for (StorageTier t : {StorageTier::host_dram, StorageTier::peer_dram, StorageTier::nvme, StorageTier::parallel_fs,
                        StorageTier::object_store}) {
    EXPECT_TRUE(StorageIo::has_tier(with, t)) << tcsim::workload::name_of(t);
  }
  EXPECT_FALSE(StorageIo::has_tier(without, StorageTier::parallel_fs));
  EXPECT_FALSE(StorageIo::has_tier(without, StorageTier::peer_dram));
  EXPECT_FALSE(StorageIo::has_tier(without, StorageTier::object_store));
}
