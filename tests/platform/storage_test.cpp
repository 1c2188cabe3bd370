// Storage tiers as SimGrid resources. Each TEST runs in its own process (ctest).
#include <memory>

#include <gtest/gtest.h>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Disk.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Io.hpp>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/platform/SimGridSession.hpp"
#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace s4u = simgrid::s4u;

namespace {
constexpr double kGbps = 1e9 / 8;

/** Runs `body` in an actor on `host` and returns how long it took in simulated seconds. */
double timed(s4u::Host* host, const std::function<void()>& body) {
  auto elapsed = std::make_shared<double>(0);
  s4u::Actor::create("timed", host, [body, elapsed] {
    const double start = s4u::Engine::get_clock();
    body();
    *elapsed = s4u::Engine::get_clock() - start;
  });
  tcsim::platform::SimGridSession::engine().run();
  return *elapsed;
}
}  // namespace

TEST(StorageSpec, loader_reads_tiers_and_needs_a_frontend_for_shared_storage) {
  auto doc = tcsim::test::storage_topology(4);
  const auto spec = tcsim::topology::TopologyLoader::from_json(doc, "s.json");
  EXPECT_EQ(spec.node.host.nvme_drives, 4);
  EXPECT_DOUBLE_EQ(spec.storage.pfs_server_link_bytes_per_s, 400 * kGbps);
  doc["node"]["host"].erase("frontend_gbps");
  doc["node"]["host"].erase("frontend_latency_s");
  try {
    tcsim::topology::TopologyLoader::from_json(doc, "s.json");
    FAIL() << "expected an error";
  } catch (const tcsim::InputError& e) {
    EXPECT_EQ(e.json_path(), "/storage");
  }
}

TEST(StorageSpec, analysis_reports_each_tier) {
  const auto spec = tcsim::topology::TopologyLoader::from_json(tcsim::test::storage_topology(4), "s.json");
  const auto a = tcsim::topology::TopologyAnalysis::analyse(tcsim::topology::TopologyGraph::from_spec(spec));
  EXPECT_DOUBLE_EQ(a.node_dram_bytes_per_s, 1600 * kGbps);
  EXPECT_DOUBLE_EQ(a.node_nvme_read_bytes_per_s, 4 * 25.6 * kGbps);
  EXPECT_DOUBLE_EQ(a.node_nvme_write_bytes_per_s, 4 * 16 * kGbps);
  // Each server: min(400 Gb/s link, 12 drives x 25.6 Gb/s = 307.2 Gb/s) for reads.
  EXPECT_NEAR(a.pfs_read_bytes_per_s, 4 * 307.2 * kGbps, 1.0);
  EXPECT_NEAR(a.pfs_write_bytes_per_s, 4 * 192 * kGbps, 1.0);
  EXPECT_DOUBLE_EQ(a.object_read_bytes_per_s, 100 * kGbps);
  // The storage network is not part of the NPU interconnect: same bisection and diameter as without it.
  auto plain_doc = tcsim::test::storage_topology(4);
  plain_doc["node"].erase("host");
  plain_doc.erase("storage");
  const auto plain = tcsim::topology::TopologyAnalysis::analyse(
      tcsim::topology::TopologyGraph::from_spec(tcsim::topology::TopologyLoader::from_json(plain_doc, "p.json")));
  EXPECT_DOUBLE_EQ(a.bisection_bytes_per_s, plain.bisection_bytes_per_s);
  EXPECT_EQ(a.diameter_hops, plain.diameter_hops);
}

TEST(StoragePhysics, nvme_read_takes_size_over_the_drives_bandwidth_and_readers_share_it) {
  const auto platform = tcsim::test::build_platform(tcsim::test::storage_topology(2));
  const double bytes = 6.4e9;
  const double alone = timed(platform.node_host(0), [&] { platform.nvme(0)->read(static_cast<sg_size_t>(bytes)); });
  EXPECT_NEAR(alone, bytes / (4 * 25.6 * kGbps), 1e-9);
  const double shared = timed(platform.node_host(0), [&] {
    auto first = platform.nvme(0)->read_async(static_cast<sg_size_t>(bytes));
    auto second = platform.nvme(0)->read_async(static_cast<sg_size_t>(bytes));
    first->wait();
    second->wait();
  });
  EXPECT_NEAR(shared, 2 * bytes / (4 * 25.6 * kGbps), 1e-9);
}

TEST(StoragePhysics, checkpoint_shards_to_one_server_are_bounded_by_its_link) {
  const auto platform = tcsim::test::build_platform(tcsim::test::storage_topology(4));
  s4u::Host* server = platform.storage_servers().at(0);
  const double bytes = 1e9;
  // Four hosts (200 Gb/s each) send to one server (400 Gb/s): the server link binds.
  const double t = timed(platform.controller(), [&] {
    std::vector<s4u::CommPtr> comms;
    for (std::size_t n = 0; n < 4; ++n) comms.push_back(s4u::Comm::sendto_async(platform.node_host(n), server, bytes));
    for (auto& c : comms) c->wait();
  });
  EXPECT_NEAR(t, 4 * bytes / (400 * kGbps) + 2 * 2e-6, 1e-9);
}

TEST(StoragePhysics, an_npu_reaches_storage_through_its_pcie_and_host) {
  const auto platform = tcsim::test::build_platform(tcsim::test::storage_topology(2));
  s4u::Host* server = platform.storage_servers().at(1);
  std::vector<s4u::Link*> links;
  double latency = 0;
  platform.npu(9)->route_to(server, links, &latency);  // node 1, NPU 1
  ASSERT_EQ(links.size(), 3u);                         // PCIe, host front-end, server link
  EXPECT_NEAR(latency, 2e-6 + 2e-6 + 2e-6, 1e-12);
  // To its own host: the PCIe link only.
  links.clear();
  platform.npu(9)->route_to(platform.node_host(1), links, &latency);
  EXPECT_EQ(links.size(), 1u);
}
