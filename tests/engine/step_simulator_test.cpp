// Physics of the step simulator on small platforms. Each TEST runs in its own process (ctest),
// because SimGrid allows one platform and one clock per process.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/platform/PlatformBuilder.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/collective/RingAlgorithms.hpp"
#include "tcsim/engine/StepSimulator.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologyLoader.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

using tcsim::collective::FlowPhase;
using tcsim::collective::FlowSchedule;
using tcsim::collective::RingAlgorithms;
using tcsim::engine::StepSimulator;

namespace {
constexpr double kNicBytesPerS = 100e9 / 8;  // reference file: 100 Gb/s RoCE
constexpr double kNicLatencyS = 1e-6;
constexpr double kSwitchLatencyS = 1e-6;

FlowSchedule one_phase(std::vector<tcsim::collective::Flow> flows) {
  FlowSchedule s;
  s.phases.push_back(FlowPhase{"test", std::move(flows), 0});
  return s;
}
}  // namespace

TEST(StepSimulator, lone_transfer_takes_size_over_bandwidth_plus_latency) {
  const auto platform = tcsim::test::build_platform(tcsim::test::small_topology(2, 1, 1));
  const double bytes = 100e6;
  const double t = StepSimulator::simulate_collective(platform, one_phase({{0, 1, bytes}}), 0.0);
  // NIC up, leaf crossbar, NIC down.
  const double expected = bytes / kNicBytesPerS + 2 * kNicLatencyS + kSwitchLatencyS;
  EXPECT_NEAR(t, expected, expected * 1e-9);
}

TEST(StepSimulator, intra_node_transfer_uses_hccs_or_pcie) {
  const auto platform = tcsim::test::build_platform(tcsim::test::small_topology(1, 8, 4));
  const double bytes = 300e6;
  // NPU 0 -> 1: one HCCS link (240 Gb/s, 1 us).
  const double hccs = StepSimulator::simulate_collective(platform, one_phase({{0, 1, bytes}}), 0.0);
  EXPECT_NEAR(hccs, bytes / (240e9 / 8) + 1e-6, 1e-9);
}

TEST(StepSimulator, cross_group_transfer_goes_through_pcie) {
  const auto platform = tcsim::test::build_platform(tcsim::test::small_topology(1, 8, 4));
  const double bytes = 300e6;
  // NPU 0 -> 5: PCIe up and down (252 Gb/s, 2 us each).
  const double pcie = StepSimulator::simulate_collective(platform, one_phase({{0, 5, bytes}}), 0.0);
  EXPECT_NEAR(pcie, bytes / (252e9 / 8) + 4e-6, 1e-9);
}

TEST(StepSimulator, two_flows_into_one_nic_share_it_fairly) {
  const auto platform = tcsim::test::build_platform(tcsim::test::small_topology(3, 1, 1));
  const double bytes = 50e6;
  const double alone = StepSimulator::simulate_collective(platform, one_phase({{0, 2, bytes}}), 0.0);
  EXPECT_GT(alone, 0);
  // Same process, clock continues: a second measurement starts where the first ended.
  const double shared = StepSimulator::simulate_collective(platform, one_phase({{0, 2, bytes}, {1, 2, bytes}}), 0.0);
  const double latency = 2 * kNicLatencyS + kSwitchLatencyS;
  EXPECT_NEAR(shared - latency, 2 * (alone - latency), 1e-9);
}

TEST(StepSimulator, ring_all_reduce_matches_alpha_beta_cost) {
  const int n = 8;
  const auto platform = tcsim::test::build_platform(tcsim::test::small_topology(n, 1, 1));
  const double bytes = 64e6;
  const double overhead_s = 2e-6;
  std::vector<int> ranks;
  for (int r = 0; r < n; ++r) ranks.push_back(r);
  // Every flow simulated (nothing else runs, so the ring's time could also be worked out from
  // its routes: the next TEST checks both ways agree).
  tcsim::engine::StepResult counters;
  const double t = StepSimulator::simulate_collective(platform, RingAlgorithms::flat_all_reduce(ranks, bytes),
                                                      overhead_s, &counters, false);
  const double alpha = 2 * kNicLatencyS + kSwitchLatencyS + overhead_s;
  const double expected = 2.0 * (n - 1) * (alpha + bytes / (n * kNicBytesPerS));
  std::printf("ring all-reduce, %d ranks, %.0f MB: simulated %.6f s, alpha-beta %.6f s\n", n, bytes / 1e6, t, expected);
  EXPECT_NEAR(t / expected, 1.0, 0.01);
  EXPECT_NEAR(counters.max_bytes_sent_per_rank, 2.0 * (n - 1) / n * bytes, 1.0);
  EXPECT_DOUBLE_EQ(counters.bytes_sent, counters.bytes_received);
  EXPECT_EQ(counters.flows, static_cast<std::size_t>(n));
}

TEST(StepSimulator, data_parallel_step_overlaps_but_never_beats_compute) {
  tcsim::topology::TopologySpec spec;
  const auto platform = tcsim::test::build_platform(tcsim::test::small_topology(8, 8, 4), &spec);
  const tcsim::engine::ComputeModel compute(spec.node.npu);
  std::vector<std::vector<int>> nodes(8);
  for (int r = 0; r < 64; ++r) nodes[r / 8].push_back(r);
  const auto model = tcsim::workload::ResNetBuilder::resnet50();
  const auto plan = tcsim::engine::StepPlan::data_parallel(model, compute, 32, 25.0 * 1024 * 1024, "lars", nodes, 2e-6);
  tcsim::engine::CollectiveSettings every_flow;
  every_flow.compute_uncontended_flows = false;
  const auto step = StepSimulator::simulate(platform, plan, every_flow);
  EXPECT_GE(plan.bucket_bytes.size(), 2u);
  EXPECT_GE(step.time_s, step.compute_s);
  // The last bucket can only start once backward is done, so its all-reduce is exposed.
  EXPECT_GT(step.exposed_comm_s, 0.0);
  // Overlap: the step is shorter than compute followed by all communication.
  EXPECT_LT(step.time_s, step.compute_s + step.comm_busy_s);
  // The breakdown adds up: forward and backward, the all-reduce left after them, the optimizer.
  EXPECT_NEAR(step.stage_compute_s + step.dp_comm_s + step.optimizer_s, step.time_s, 1e-12);
  EXPECT_NEAR(step.dp_comm_s, step.exposed_comm_s, 1e-12);
  EXPECT_DOUBLE_EQ(step.bytes_sent, step.bytes_received);
  double gradient_bytes = 0;
  for (double b : plan.bucket_bytes) gradient_bytes += b;
  EXPECT_DOUBLE_EQ(gradient_bytes, model.params() * 2);
  EXPECT_EQ(step.flows, 3u * 64 * plan.bucket_bytes.size());  // O(N) flows per bucket

  // The same step again (the clock goes on), its uncontended groups worked out from their routes.
  const auto computed = StepSimulator::simulate(platform, plan);
  EXPECT_NEAR(computed.time_s / step.time_s, 1.0, 1e-12);
  EXPECT_NEAR(computed.dp_comm_s, step.dp_comm_s, 1e-12);
  EXPECT_NEAR(computed.comm_busy_s, step.comm_busy_s, 1e-12);
  EXPECT_DOUBLE_EQ(computed.bytes_sent, step.bytes_sent);
  EXPECT_LT(computed.flows, step.flows);
}

namespace {
// Every NPU of the first half sends to its partner in the second half; the aggregate rate must
// equal the bisection bandwidth the graph analysis computes (max-flow), within 5%.
void expect_all_to_all_at_bisection(nlohmann::json doc, double oversubscription) {
  const auto spec = tcsim::topology::TopologyLoader::from_json(doc, "t");
  const auto graph = tcsim::topology::TopologyGraph::from_spec(spec);
  const double bisection = tcsim::topology::TopologyAnalysis::analyse(graph).bisection_bytes_per_s;
  const auto platform = tcsim::platform::PlatformBuilder::build(graph);
  const int half = static_cast<int>(platform.npu_count() / 2);
  const double bytes = 200e6;
  std::vector<tcsim::collective::Flow> flows;
  for (int k = 0; k < half; ++k) flows.push_back({k, k + half, bytes, k});
  const double t = StepSimulator::simulate_collective(platform, one_phase(flows), 0.0);
  const double rate = half * bytes / t;
  std::printf("%s, oversubscription %.0f:1: all-to-all across the bisection at %.1f GB/s, bisection %.1f GB/s\n",
              !spec.fabric.torus_dims.empty()                               ? "torus"
              : spec.fabric.tiers == tcsim::topology::FabricSpec::Tiers::three ? "fat tree"
                                                                              : "leaf-spine",
              oversubscription, rate / 1e9, bisection / 1e9);
  EXPECT_NEAR(rate / bisection, 1.0, 0.05);
}

nlohmann::json leaf_spine(double oversubscription) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 20;
  doc["fabric"]["oversubscription"] = oversubscription;
  return doc;
}
}  // namespace

TEST(StepSimulator, all_to_all_across_a_non_blocking_fabric_runs_at_its_bisection) {
  expect_all_to_all_at_bisection(leaf_spine(1), 1);
}

TEST(StepSimulator, all_to_all_across_a_two_to_one_fabric_runs_at_its_halved_bisection) {
  expect_all_to_all_at_bisection(leaf_spine(2), 2);
}

TEST(StepSimulator, all_to_all_across_a_fat_tree_runs_at_its_bisection) {
  expect_all_to_all_at_bisection(tcsim::test::fat_tree_topology(80, 1), 1);
}

TEST(StepSimulator, all_to_all_across_a_two_to_one_fat_tree_runs_at_its_halved_bisection) {
  expect_all_to_all_at_bisection(tcsim::test::fat_tree_topology(80, 2), 2);
}

namespace {
// Node k exchanges with node k + 10 on every rail (NPU i to NPU i), on a 2:1 oversubscribed
// fabric of 20 nodes. Returns the aggregate rate over the NICs' line rate.
double same_rail_exchange_efficiency(bool rails) {
  auto doc = tcsim::test::atlas_topology();
  doc["nodes"] = 20;
  doc["fabric"]["oversubscription"] = 2;
  doc["fabric"]["rails"] = rails;
  const auto platform = tcsim::test::build_platform(doc);
  const double bytes = 100e6;
  std::vector<tcsim::collective::Flow> flows;
  for (int node = 0; node < 10; ++node)
    for (int i = 0; i < 8; ++i) flows.push_back({node * 8 + i, (node + 10) * 8 + i, bytes, node * 8 + i});
  const double t = StepSimulator::simulate_collective(platform, one_phase(flows), 0.0);
  const double efficiency = flows.size() * bytes / t / (flows.size() * kNicBytesPerS);
  std::printf("%s fabric, 2:1: same-rail exchange at %.0f%% of NIC line rate\n", rails ? "rail-optimised" : "plain",
              100 * efficiency);
  return efficiency;
}
}  // namespace

TEST(StepSimulator, rail_optimised_fabric_keeps_same_rail_traffic_off_the_oversubscribed_spines) {
  // All 20 nodes form one scalable unit: NPU i of every node hangs off rail switch i.
  EXPECT_NEAR(same_rail_exchange_efficiency(true), 1.0, 0.02);
}

TEST(StepSimulator, plain_fabric_sends_cross_leaf_traffic_through_the_oversubscribed_spines) {
  // 5 nodes per leaf, 40 NIC ports over 20 uplink ports: cross-leaf traffic gets half the line rate.
  EXPECT_NEAR(same_rail_exchange_efficiency(false), 0.5, 0.03);
}

TEST(StepSimulator, switched_node_transfers_cross_two_switch_links_and_share_them) {
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/dgx-a100-su.json"));
  doc["nodes"] = 1;
  const auto platform = tcsim::test::build_platform(doc);
  const double bytes = 600e6;
  const double link = 2400e9 / 8;
  const double latency = 2 * 7e-7;  // GPU -> NVSwitch -> GPU
  const double alone = StepSimulator::simulate_collective(platform, one_phase({{0, 5, bytes}}), 0.0);
  EXPECT_NEAR(alone, bytes / link + latency, 1e-9);
  // Two GPUs into GPU 5: they share its switch link.
  const double shared = StepSimulator::simulate_collective(platform, one_phase({{0, 5, bytes, 0}, {1, 5, bytes, 1}}), 0.0);
  EXPECT_NEAR(shared, 2 * bytes / link + latency, 1e-9);
}

TEST(StepSimulator, torus_route_is_dimension_ordered_and_pays_every_hop) {
  const auto platform = tcsim::test::build_platform(tcsim::test::torus_topology({4, 4, 4}));
  // Node 0 at (0,0,0) to node 42 at (2,2,2): 2 hops in each dimension, 6 in all.
  const std::size_t src = 0;
  const std::size_t dst = 42 * 8;
  const double hop = 1e-7 + 1e-7;                     // link + router
  const double nic = 1e-6 + 0.5e-7;                   // NIC + half a router, each end
  EXPECT_NEAR(platform.route_latency_s(src, dst), 2 * nic + 6 * hop, 1e-12);
  EXPECT_NEAR(platform.route_latency_s(dst, src), 2 * nic + 6 * hop, 1e-12);
  // Neighbours across the wrap-around link: one hop.
  EXPECT_NEAR(platform.route_latency_s(0, 3 * 8), 2 * nic + hop, 1e-12);
  const double bytes = 500e6;
  const double t = StepSimulator::simulate_collective(platform, one_phase({{0, static_cast<int>(dst), bytes, 0}}), 0.0);
  EXPECT_NEAR(t, bytes / (400e9 / 8) + 2 * nic + 6 * hop, 1e-9);
}

TEST(StepSimulator, all_to_all_across_a_torus_runs_at_its_bisection) {
  expect_all_to_all_at_bisection(tcsim::test::torus_topology({4, 4, 4}), 1);
}

TEST(StepSimulator, hybrid_cube_mesh_uses_nvlink_pairs_and_pcie_for_the_rest) {
  const auto platform =
      tcsim::test::build_platform(tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/dgx1-v100.json")));
  const double bytes = 200e6;
  // GPU 0 -> 3: two NVLink2 links (2 x 25 GB/s).
  const double doubled = StepSimulator::simulate_collective(platform, one_phase({{0, 3, bytes, 0}}), 0.0);
  EXPECT_NEAR(doubled, bytes / 50e9 + 7e-7, 1e-9);
  // GPU 0 -> 5: no NVLink; PCIe 3.0 up and down through the host.
  const double pcie = StepSimulator::simulate_collective(platform, one_phase({{0, 5, bytes, 0}}), 0.0);
  EXPECT_NEAR(pcie, bytes / 15.75e9 + 4e-6, 1e-9);
}

TEST(StepSimulator, dragonfly_routes_minimally_and_groups_share_their_global_link) {
  const auto platform = tcsim::test::build_platform(tcsim::test::dragonfly_topology(5, 100));
  // Node n hangs off router n; group 0 = routers 0-1, group 1 = routers 2-3. The 0-1 global link
  // is on router 0 (group 1 is group 0's first peer) and router 2 (group 0 is group 1's first).
  const std::size_t from_router1 = 1 * 8;  // node 1, on router 1 of group 0
  const std::size_t to_router3 = 3 * 8;    // node 3, on router 3 of group 1
  const double nic = 1e-6 + 0.5e-7;
  const double hop = 1e-7 + 1e-7;  // link + router
  EXPECT_NEAR(platform.route_latency_s(from_router1, to_router3), 2 * nic + 3 * hop, 1e-12);  // local, global, local
  EXPECT_NEAR(platform.route_latency_s(0, 2 * 8), 2 * nic + hop, 1e-12);                     // the global link only
  // Two flows from group 0 to group 1 share its single 100 Gb/s global link.
  const double bytes = 250e6;
  const double t = StepSimulator::simulate_collective(
      platform, one_phase({{0, 2 * 8, bytes, 0}, {static_cast<int>(from_router1), static_cast<int>(to_router3), bytes, 1}}), 0.0);
  EXPECT_NEAR(t, 2 * bytes / (100e9 / 8) + 2 * nic + 3 * hop, 1e-6);
}

TEST(StepSimulator, explicit_fabric_routes_on_the_shortest_switch_path) {
  const auto platform = tcsim::test::build_platform(tcsim::test::explicit_line_topology());
  // Node 0 (s0) to node 3 (s2): NIC, s0-s1, s1-s2, NIC; half a switch on each side of every link.
  const double latency = 2 * (1e-6 + 0.5e-6) + 2 * (0.5e-6 + 0.5e-6);
  EXPECT_NEAR(platform.route_latency_s(0, 3 * 8), latency, 1e-12);
  EXPECT_NEAR(platform.route_latency_s(3 * 8, 0), latency, 1e-12);
  const double bytes = 100e6;
  const double t = StepSimulator::simulate_collective(platform, one_phase({{0, 3 * 8, bytes, 0}}), 0.0);
  EXPECT_NEAR(t, bytes / (100e9 / 8) + latency, 1e-9);
}
