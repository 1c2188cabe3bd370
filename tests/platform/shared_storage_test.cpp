// Storage on the compute fabric (storage.network "shared"): routes, contention, checks.
#include <memory>

#include <gtest/gtest.h>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/platform/SimGridSession.hpp"
#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace s4u = simgrid::s4u;

namespace {
constexpr double kGbps = 1e9 / 8;

nlohmann::json shared(nlohmann::json doc) {
  doc["storage"]["network"] = "shared";
  return doc;
}

std::size_t route_length(s4u::Host* from, s4u::Host* to, double* latency_s = nullptr) {
  std::vector<s4u::Link*> links;
  double latency = 0;
  from->route_to(to, links, &latency);
  if (latency_s) *latency_s = latency;
  return links.size();
}

/** Starts transfers (from, to, bytes) together and returns when the last one ends. */
double transfer_together(const std::vector<std::tuple<s4u::Host*, s4u::Host*, double>>& transfers, s4u::Host* driver) {
  auto elapsed = std::make_shared<double>(0);
  s4u::Actor::create("driver", driver, [transfers, elapsed] {
    const double start = s4u::Engine::get_clock();
    std::vector<s4u::CommPtr> comms;
    for (const auto& [from, to, bytes] : transfers) comms.push_back(s4u::Comm::sendto_async(from, to, bytes));
    for (auto& c : comms) c->wait();
    *elapsed = s4u::Engine::get_clock() - start;
  });
  tcsim::platform::SimGridSession::engine().run();
  return *elapsed;
}

std::string load_error(const nlohmann::json& doc, std::string* path) {
  return tcsim::test::input_error_text([&doc] { tcsim::topology::TopologyLoader::from_json(doc, "t.json"); }, path);
}
}  // namespace

TEST(SharedStorage, npus_reach_servers_through_their_nic_and_the_spines) {
  // 8 Atlas 800 nodes, 4 per leaf: two leaves and their spines; storage hangs off the spines.
  const auto platform = tcsim::test::build_platform(shared(tcsim::test::storage_topology(8)));
  s4u::Host* server = platform.storage_servers().at(0);
  EXPECT_EQ(route_length(platform.npu(0), server), 4u);  // NIC, leaf uplinks, storage uplinks, server link
  EXPECT_EQ(route_length(server, platform.npu(63)), 4u);
  // A host uses one of its NPUs' NICs (after PCIe); storage servers spread over them.
  EXPECT_EQ(route_length(platform.node_host(0), platform.storage_servers().at(1)), 5u);
  // The front-end links of the dedicated design are not built.
  EXPECT_EQ(route_length(platform.npu(0), platform.node_host(0)), 1u);
}

/** NPU 0 writes a checkpoint shard to a server while sending gradients to NPU 32 (other leaf). */
double checkpoint_beside_gradients(const nlohmann::json& doc, double bytes) {
  const auto platform = tcsim::test::build_platform(doc);
  s4u::Host* writer = doc["storage"].value("network", "dedicated") == "shared" ? platform.npu(0) : platform.node_host(0);
  return transfer_together({{writer, platform.storage_servers().at(0), bytes}, {platform.npu(0), platform.npu(32), bytes}},
                           platform.controller());
}

TEST(SharedStorage, on_a_dedicated_network_checkpoints_leave_the_nic_to_training) {
  // The checkpoint goes over the front-end network; the 100 Gb/s NIC carries only the gradients.
  const double bytes = 1e9;
  EXPECT_NEAR(checkpoint_beside_gradients(tcsim::test::storage_topology(8), bytes), bytes / (100 * kGbps), 2e-5);
}

TEST(SharedStorage, on_the_compute_fabric_checkpoints_share_the_nic_with_training) {
  // Both transfers cross NPU 0's NIC and share it fairly: twice as long.
  const double bytes = 1e9;
  EXPECT_NEAR(checkpoint_beside_gradients(shared(tcsim::test::storage_topology(8)), bytes), 2 * bytes / (100 * kGbps), 2e-5);
}

TEST(SharedStorage, fat_tree_storage_sits_on_the_cores_and_explicit_on_a_named_switch) {
  auto fat = tcsim::test::fat_tree_topology(16, 1.0);  // 16-port switches: 2 pods of 8 leaves
  fat["fabric"]["core_ports"] = 24;                      // room for the storage switch's uplinks
  fat["storage"] = tcsim::test::storage_topology(1)["storage"];
  fat["storage"]["network"] = "shared";
  tcsim::topology::TopologySpec spec;
  {
    const auto platform = tcsim::test::build_platform(fat, &spec);
    ASSERT_EQ(spec.fabric.pods, 2);
    // NIC, leaf uplinks, pod uplinks, storage uplinks, server link.
    EXPECT_EQ(route_length(platform.npu(0), platform.storage_servers().at(0)), 5u);
  }
  auto line = tcsim::test::explicit_line_topology();  // s0 - s1 - s2
  line["storage"] = tcsim::test::storage_topology(1)["storage"];
  line["storage"]["network"] = "shared";
  line["storage"]["attach"] = "s2";
  const auto spec_line = tcsim::topology::TopologyLoader::from_json(line, "t.json");
  EXPECT_EQ(spec_line.fabric.storage_switch, 2);
  // The storage network is not an NPU-to-NPU path: the bisection is unchanged.
  auto plain = tcsim::test::explicit_line_topology();
  const auto with_storage = tcsim::topology::TopologyAnalysis::analyse(tcsim::topology::TopologyGraph::from_spec(spec_line));
  const auto without = tcsim::topology::TopologyAnalysis::analyse(
      tcsim::topology::TopologyGraph::from_spec(tcsim::topology::TopologyLoader::from_json(plain, "p.json")));
  EXPECT_DOUBLE_EQ(with_storage.bisection_bytes_per_s, without.bisection_bytes_per_s);
  EXPECT_GT(with_storage.pfs_read_bytes_per_s, 0);
}

TEST(SharedStorage, explicit_route_walks_the_trunks_to_the_attachment_switch) {
  auto line = tcsim::test::explicit_line_topology();
  line["storage"] = tcsim::test::storage_topology(1)["storage"];
  line["storage"]["network"] = "shared";
  line["storage"]["attach"] = "s2";
  const auto platform = tcsim::test::build_platform(line);
  // Node 0 is on s0: NIC, trunks s0-s1 and s1-s2, storage uplinks, server link.
  EXPECT_EQ(route_length(platform.npu(0), platform.storage_servers().at(0)), 5u);
  // Node 3 is on s2 itself: NIC, storage uplinks, server link.
  EXPECT_EQ(route_length(platform.npu(24), platform.storage_servers().at(0)), 3u);
}

TEST(SharedStorage, bad_placements_are_input_errors) {
  std::string path;
  auto torus = tcsim::test::torus_topology({2, 2});
  torus["storage"] = tcsim::test::storage_topology(1)["storage"];
  torus["storage"]["network"] = "shared";
  EXPECT_NE(load_error(torus, &path).find("leaf_spine, fat_tree or explicit"), std::string::npos);
  EXPECT_EQ(path, "/storage/network");

  auto line = tcsim::test::explicit_line_topology();
  line["storage"] = tcsim::test::storage_topology(1)["storage"];
  line["storage"]["network"] = "shared";
  load_error(line, &path);
  EXPECT_EQ(path, "/storage/attach");
  line["storage"]["attach"] = "s9";
  EXPECT_NE(load_error(line, &path).find("did you mean"), std::string::npos);

  auto recipe = shared(tcsim::test::storage_topology(8));
  recipe["storage"]["attach"] = "leaf0";
  EXPECT_NE(load_error(recipe, &path).find("explicit fabric"), std::string::npos);
  auto dedicated = tcsim::test::storage_topology(8);
  dedicated["storage"]["network"] = "dedicated";
  dedicated["node"]["host"].erase("frontend_gbps");
  dedicated["node"]["host"].erase("frontend_latency_s");
  EXPECT_NE(load_error(dedicated, &path).find("storage.network \"shared\""), std::string::npos);
  EXPECT_EQ(path, "/storage");
}
