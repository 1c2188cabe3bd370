// Every collective algorithm on the SimGrid platform: on an idle uniform network its time is
// its α-β cost (within 1%), and the fast and detailed fidelities agree (within 3%), alone and
// under contention. One platform per TEST (SimGrid: one engine per process); collectives run
// one after the other on it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <tuple>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/collective/CollectiveSelector.hpp"
#include "tcsim/collective/DoubleBinaryTree.hpp"
#include "tcsim/collective/FlowSchedule.hpp"
#include "tcsim/engine/StepSimulator.hpp"
#include "tcsim/scenario/JsonFile.hpp"

using namespace tcsim::collective;
using tcsim::engine::StepSimulator;

namespace {
constexpr double kNicBytesPerS = 100e9 / 8;  // reference file: 100 Gb/s RoCE
constexpr double kOverheadS = 2e-6;
constexpr double kAlphaS = 2 * 1e-6 + 1e-6 + kOverheadS;  // NIC, switch, NIC, software
constexpr int kRanks = 256;

/** 256 single-NPU nodes under one switch: every pair one hop apart, the same α and β. */
tcsim::platform::Platform uniform_platform() {
  auto doc = tcsim::test::small_topology(kRanks, 1, 1);
  doc["fabric"]["leaf_ports"] = 2 * kRanks;
  return tcsim::test::build_platform(doc);
}

Communicator first(int n) {
  std::vector<int> ranks(n);
  std::iota(ranks.begin(), ranks.end(), 0);
  std::vector<std::vector<int>> nodes;
  for (int r : ranks) nodes.push_back({r});
  return Communicator(nodes);
}

double simulate(const tcsim::platform::Platform& platform, Algorithm a, Operation o, const Communicator& c, double bytes,
                Fidelity f) {
  return StepSimulator::simulate_collective(platform, CollectiveLibrary::build(a, o, c, bytes, f), kOverheadS);
}

double steps_s(double k, double bytes_per_step) { return k * (kAlphaS + bytes_per_step / kNicBytesPerS); }
double chunks(double bytes) { return std::max(1.0, std::ceil(bytes / kPipelineChunkBytes - 1e-9)); }

struct Case {
  Algorithm algorithm;
  Operation operation;
  int n;
  double bytes;
  double expected_s;
};

/** Fast within 1% of the α-β cost; detailed (every step its own flows) within 3% of fast. */
void expect_alpha_beta(const tcsim::platform::Platform& platform, const Case& k, const Communicator& c) {
  const double fast = simulate(platform, k.algorithm, k.operation, c, k.bytes, Fidelity::fast);
  const double detailed = simulate(platform, k.algorithm, k.operation, c, k.bytes, Fidelity::detailed);
  std::printf("%-18s %-14s N=%3d %8.0f kB: alpha-beta %.6f s, fast %.6f s (%+.2f%%), detailed %.6f s (%+.2f%%)\n",
              name_of(k.algorithm), name_of(k.operation), k.n, k.bytes / 1e3, k.expected_s, fast,
              100 * (fast / k.expected_s - 1), detailed, 100 * (detailed / k.expected_s - 1));
  EXPECT_NEAR(fast / k.expected_s, 1.0, 0.01) << name_of(k.algorithm) << " " << name_of(k.operation) << " N=" << k.n;
  EXPECT_NEAR(detailed / fast, 1.0, 0.03) << name_of(k.algorithm) << " detailed N=" << k.n;
}
void expect_alpha_beta(const tcsim::platform::Platform& platform, const Case& k) { expect_alpha_beta(platform, k, first(k.n)); }
}  // namespace

namespace {
/** The α-β cases of `algorithm` for N = 8, 64, 256 (direct all-to-all: up to 64, as it is N² flows). */
std::vector<Case> cases_of(Algorithm algorithm, double S) {
  std::vector<Case> cases;
  for (int n : {8, 64, 256}) {
    const double N = n;
    const double h = std::log2(N);
    const double c_tree = chunks(S / 2);
    const double c_bcast = chunks(S);
    switch (algorithm) {
      case Algorithm::ring:
        cases.push_back({algorithm, Operation::all_reduce, n, S, steps_s(2 * (N - 1), S / N)});
        cases.push_back({algorithm, Operation::reduce_scatter, n, S, steps_s(N - 1, S / N)});
        cases.push_back({algorithm, Operation::all_gather, n, S, steps_s(N - 1, S / N)});
        cases.push_back({algorithm, Operation::broadcast, n, S, steps_s(c_bcast + N - 2, S / c_bcast)});
        break;
      case Algorithm::halving_doubling:
        cases.push_back({algorithm, Operation::all_reduce, n, S, 2 * h * kAlphaS + 2 * (N - 1) / N * S / kNicBytesPerS});
        cases.push_back({algorithm, Operation::reduce_scatter, n, S, h * kAlphaS + (N - 1) / N * S / kNicBytesPerS});
        cases.push_back({algorithm, Operation::all_gather, n, S, h * kAlphaS + (N - 1) / N * S / kNicBytesPerS});
        break;
      case Algorithm::double_binary_tree:
        // C + h - 1 pipeline steps of one chunk per tree (S/C per rank), but in the first step
        // of each phase only the deepest leaves of one tree send (half a chunk-time).
        cases.push_back({algorithm, Operation::all_reduce, n, S,
                         2 * (steps_s(c_tree + h - 1, S / c_tree) - 0.5 * S / c_tree / kNicBytesPerS)});
        break;
      case Algorithm::direct:
        if (n <= 64) cases.push_back({algorithm, Operation::all_to_all, n, S, kAlphaS + (N - 1) / N * S / kNicBytesPerS});
        break;
      case Algorithm::pairwise: cases.push_back({algorithm, Operation::all_to_all, n, S, steps_s(N - 1, S / N)}); break;
      case Algorithm::double_ring:
        // Both rings leave through each rank's one NIC: a ring's bytes, a ring's time.
        cases.push_back({algorithm, Operation::all_reduce, n, S, steps_s(2 * (N - 1), S / N)});
        cases.push_back({algorithm, Operation::reduce_scatter, n, S, steps_s(N - 1, S / N)});
        break;
      case Algorithm::star:
        // The root's NIC carries N-1 buffers each way.
        if (n <= 64) {
          cases.push_back({algorithm, Operation::all_reduce, n, S, 2 * (kAlphaS + (N - 1) * S / kNicBytesPerS)});
          cases.push_back({algorithm, Operation::broadcast, n, S, kAlphaS + (N - 1) * S / kNicBytesPerS});
        }
        break;
      case Algorithm::torus_2d: {
        // Square grid whose rows and columns share each rank's one NIC: the two halves' ring
        // steps add up on it (k-1 steps of S/k, then 2(k-1) of S/k², then k-1 of S/k).
        if (n == 8) break;
        const double K = std::sqrt(N);
        cases.push_back({algorithm, Operation::all_reduce, n, S, 2 * steps_s(K - 1, S / K) + steps_s(2 * (K - 1), S / (K * K))});
        break;
      }
      default: break;
    }
  }
  return cases;
}

void expect_alpha_beta_all(Algorithm algorithm) {
  const auto platform = uniform_platform();
  for (const auto& k : cases_of(algorithm, 16e6)) expect_alpha_beta(platform, k);
}
}  // namespace

TEST(CollectiveTiming, ring_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::ring); }
TEST(CollectiveTiming, halving_doubling_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::halving_doubling); }
TEST(CollectiveTiming, double_binary_tree_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::double_binary_tree); }
TEST(CollectiveTiming, direct_all_to_all_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::direct); }
TEST(CollectiveTiming, pairwise_all_to_all_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::pairwise); }
TEST(CollectiveTiming, torus_2d_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::torus_2d); }
TEST(CollectiveTiming, double_ring_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::double_ring); }
TEST(CollectiveTiming, star_costs_its_alpha_beta_time) { expect_alpha_beta_all(Algorithm::star); }

TEST(CollectiveTiming, hierarchical_ring_costs_intra_then_inter_then_intra_node_rings) {
  // 16 nodes of 4 NPUs in one HCCS full mesh (240 Gb/s, 1 us per link), one 100 Gb/s NIC each.
  auto doc = tcsim::test::small_topology(16, 4, 4);
  doc["fabric"]["leaf_ports"] = 128;
  const auto platform = tcsim::test::build_platform(doc);
  std::vector<std::vector<int>> nodes(16);
  for (int r = 0; r < 64; ++r) nodes[r / 4].push_back(r);
  const Communicator c(nodes);
  const double S = 32e6;
  const double alpha_intra = 1e-6 + kOverheadS;
  const double intra = 3 * (alpha_intra + S / 4 / (240e9 / 8));
  const double inter = 2 * 15 * (kAlphaS + S / 4 / 16 / kNicBytesPerS);
  expect_alpha_beta(platform, {Algorithm::hierarchical_ring, Operation::all_reduce, 64, S, intra + inter + intra}, c);
  // Reduce-scatter: the intra-node ring, then the planes' rings on a quarter of the buffer.
  expect_alpha_beta(platform,
                    {Algorithm::hierarchical_ring, Operation::reduce_scatter, 64, S,
                     intra + 15 * (kAlphaS + S / 4 / 16 / kNicBytesPerS)},
                    c);
}

TEST(CollectiveTiming, fast_and_detailed_agree_under_contention) {
  // 32 single-NPU nodes on two 2:1 oversubscribed leaves of 16 (8 uplinks each). Two jobs of 16
  // ranks, each with 8 ranks on either leaf, in an order that alternates leaves: every ring hop
  // crosses the spine, so alone a job fills its leaves' uplinks and together they share them.
  auto doc = tcsim::test::small_topology(32, 1, 1);
  doc["fabric"]["leaf_ports"] = 24;
  doc["fabric"]["oversubscription"] = 2;
  doc["fabric"]["spine_ports"] = 64;
  const auto platform = tcsim::test::build_platform(doc);
  std::vector<std::vector<int>> job_a, job_b;
  for (int i = 0; i < 16; ++i) {
    job_a.push_back({(i % 2) * 16 + (i / 2) * 2});      // even ranks
    job_b.push_back({(i % 2) * 16 + (i / 2) * 2 + 1});  // odd ranks
  }
  const double S = 24e6;
  for (Algorithm a : {Algorithm::ring, Algorithm::halving_doubling, Algorithm::double_binary_tree, Algorithm::torus_2d}) {
    double t[2];
    for (Fidelity f : {Fidelity::fast, Fidelity::detailed}) {
      FlowSchedule both = CollectiveLibrary::build(a, Operation::all_reduce, Communicator(job_a), S, f);
      const FlowSchedule other = CollectiveLibrary::build(a, Operation::all_reduce, Communicator(job_b), S, f);
      // The two jobs' phases run side by side, each job its own group.
      for (std::size_t p = 0; p < both.phases.size(); ++p) {
        for (auto& flow : both.phases[p].flows) flow.group = 2 * flow.group;
        for (auto flow : other.phases[p].flows) {
          flow.group = 2 * flow.group + 1;
          both.phases[p].flows.push_back(flow);
        }
      }
      t[f == Fidelity::fast ? 0 : 1] = StepSimulator::simulate_collective(platform, both, kOverheadS);
      // Groups worked out from their routes and every flow simulated give the same time here too.
      const double simulated = StepSimulator::simulate_collective(platform, both, kOverheadS, nullptr, false);
      EXPECT_NEAR(t[f == Fidelity::fast ? 0 : 1] / simulated, 1.0, 1e-9) << name_of(a);
    }
    const double alone = simulate(platform, a, Operation::all_reduce, Communicator(job_a), S, Fidelity::fast);
    std::printf("%-18s two jobs: fast %.6f s, detailed %.6f s (%+.2f%%); one job alone %.6f s\n", name_of(a), t[0], t[1],
                100 * (t[1] / t[0] - 1), alone);
    EXPECT_NEAR(t[1] / t[0], 1.0, 0.03) << name_of(a);
    EXPECT_GE(t[0], alone * (1 - 1e-9)) << name_of(a) << ": a second job never speeds the first up";
    // Every ring hop crosses the spine: alone a job fills its leaves' uplinks, two jobs halve them.
    if (a == Algorithm::ring) {
      EXPECT_NEAR(t[0] / alone, 2.0, 0.1);
    }
  }
}

TEST(CollectiveTiming, groups_no_link_can_slow_take_from_their_routes_the_time_their_flows_take) {
  // 16 nodes of 8 NPUs (two HCCS groups of 4 joined by PCIe) on 2:1 oversubscribed leaves of 4
  // nodes: intra-node steps and the planes' rings fit every link at full speed, halving-doubling's
  // exchanges between leaves and all-to-alls do not. Both kinds must give what simulating every
  // flow gives, and mixed schedules simulate only their contended groups. Fast and detailed
  // agree within 3% here too.
  auto doc = tcsim::test::small_topology(16, 8, 4);
  doc["fabric"]["leaf_ports"] = 48;
  doc["fabric"]["oversubscription"] = 2;
  const auto platform = tcsim::test::build_platform(doc);
  std::vector<std::vector<int>> nodes(16);
  for (int r = 0; r < 128; ++r) nodes[r / 8].push_back(r);
  const Communicator all(nodes);
  const Communicator square(std::vector<std::vector<int>>(nodes.begin(), nodes.begin() + 8));  // 64 ranks: 8 x 8
  const Communicator hccs_group({{4, 5, 6, 7}}, true);  // one full-mesh group of a node
  const std::vector<std::tuple<Algorithm, Operation, const Communicator*>> cases = {
      {Algorithm::ring, Operation::all_reduce, &all},
      {Algorithm::ring, Operation::reduce_scatter, &all},
      {Algorithm::ring, Operation::all_gather, &all},
      {Algorithm::ring, Operation::broadcast, &all},
      {Algorithm::halving_doubling, Operation::all_reduce, &all},
      {Algorithm::halving_doubling, Operation::reduce_scatter, &all},
      {Algorithm::double_binary_tree, Operation::all_reduce, &all},
      {Algorithm::direct, Operation::all_to_all, &all},
      {Algorithm::pairwise, Operation::all_to_all, &all},
      {Algorithm::hierarchical_ring, Operation::all_reduce, &all},
      {Algorithm::hierarchical_ring, Operation::reduce_scatter, &all},
      {Algorithm::torus_2d, Operation::all_reduce, &square},
      {Algorithm::mesh, Operation::all_reduce, &hccs_group},
      {Algorithm::nhr, Operation::all_reduce, &all},
      {Algorithm::nb, Operation::reduce_scatter, &all},
      {Algorithm::double_ring, Operation::all_reduce, &all},
      {Algorithm::star, Operation::all_reduce, &hccs_group},
  };
  std::size_t all_computed = 0, partly = 0, all_simulated = 0;
  for (const auto& [a, o, c] : cases) {
    double by_fidelity[2] = {0, 0};
    for (Fidelity f : {Fidelity::fast, Fidelity::detailed}) {
      const FlowSchedule schedule = CollectiveLibrary::build(a, o, *c, 16e6, f);
      tcsim::engine::StepResult computed, simulated;
      const double t = StepSimulator::simulate_collective(platform, schedule, kOverheadS, &computed, true);
      const double s = StepSimulator::simulate_collective(platform, schedule, kOverheadS, &simulated, false);
      std::printf("%-18s %-14s %-8s: from routes %.9f s (%zu flows simulated), every flow %.9f s (%zu flows)\n",
                  name_of(a), name_of(o), name_of(f), t, computed.flows, s, simulated.flows);
      // SimGrid rounds event times to 1 ns (surf/precision): each phase may differ by that much.
      EXPECT_NEAR(t, s, std::max(1e-9 * s, 1e-9 * static_cast<double>(schedule.phases.size())))
          << name_of(a) << " " << name_of(o) << " " << name_of(f);
      EXPECT_DOUBLE_EQ(computed.bytes_sent, simulated.bytes_sent);
      EXPECT_DOUBLE_EQ(computed.bytes_received, simulated.bytes_received);
      EXPECT_DOUBLE_EQ(computed.max_bytes_sent_per_rank, simulated.max_bytes_sent_per_rank);
      ASSERT_GT(simulated.flows, 0u);
      if (computed.flows == 0) ++all_computed;
      else if (computed.flows < simulated.flows) ++partly;
      else ++all_simulated;
      by_fidelity[f == Fidelity::fast ? 0 : 1] = s;
    }
    // Hops of unequal speed (HCCS, PCIe, NICs) and contended uplinks: the fast mode's pipeline
    // fill follows the slowest path's own hops, the detailed steps advance hop by hop.
    EXPECT_NEAR(by_fidelity[1] / by_fidelity[0], 1.0, 0.03) << name_of(a) << " " << name_of(o) << ": detailed vs fast";
  }
  // Degenerate sizes: an empty and a one-byte flow pay their route latency either way.
  for (double bytes : {0.0, 1.0}) {
    FlowSchedule tiny;
    tiny.phases.push_back(FlowPhase{"tiny", {{0, 127, bytes}, {1, 9, bytes, 1}}, 1});
    const double t = StepSimulator::simulate_collective(platform, tiny, kOverheadS, nullptr, true);
    const double s = StepSimulator::simulate_collective(platform, tiny, kOverheadS, nullptr, false);
    EXPECT_NEAR(t, s, 1e-15) << bytes << " bytes";
    EXPECT_GT(t, 0.0);
  }
  std::printf("%zu schedules computed from their routes, %zu partly, %zu simulated\n", all_computed, partly, all_simulated);
  // The platform has every kind: the check is neither always yes nor always no.
  EXPECT_GT(all_computed, 0u);
  EXPECT_GT(partly, 0u);
  EXPECT_GT(all_simulated, 0u);
}

TEST(CollectiveTiming, mesh_costs_one_step_of_a_links_share_per_phase) {
  // Two servers of 8 NPUs in one HCCS full mesh (240 Gb/s, 1 us per link): the mesh on all 8 of
  // a server, and on 4 of them (a full mesh too), against its α-β cost: k steps of α + (S/N)/B.
  auto doc = tcsim::test::small_topology(2, 8, 8);
  const auto platform = tcsim::test::build_platform(doc);
  const double hccs = 240e9 / 8;
  const double alpha_intra = 1e-6 + kOverheadS;
  const double S = 32e6;
  for (int n : {8, 4}) {
    std::vector<int> ranks(n);
    std::iota(ranks.begin(), ranks.end(), 8);  // the second server
    const Communicator c({ranks}, true);
    const double step = alpha_intra + S / n / hccs;
    expect_alpha_beta(platform, {Algorithm::mesh, Operation::all_reduce, n, S, 2 * step}, c);
    expect_alpha_beta(platform, {Algorithm::mesh, Operation::reduce_scatter, n, S, step}, c);
    expect_alpha_beta(platform, {Algorithm::mesh, Operation::all_gather, n, S, step}, c);
    // On the same mesh the double ring's two directions take separate links (half a ring's
    // bandwidth term), and the star's root reaches each peer on its own link.
    const double N = n;
    expect_alpha_beta(platform, {Algorithm::double_ring, Operation::all_reduce, n, S,
                                 2 * (N - 1) * (alpha_intra + S / N / 2 / hccs)},
                      c);
    expect_alpha_beta(platform, {Algorithm::star, Operation::all_reduce, n, S, 2 * (alpha_intra + S / hccs)}, c);
  }
}

TEST(CollectiveTiming, hierarchical_ring_meshes_inside_fully_meshed_nodes) {
  // The hierarchical case above with each node's 4 NPUs known to be one full mesh: one
  // intra-node step each way instead of three.
  auto doc = tcsim::test::small_topology(16, 4, 4);
  doc["fabric"]["leaf_ports"] = 128;
  const auto platform = tcsim::test::build_platform(doc);
  std::vector<std::vector<int>> nodes(16);
  for (int r = 0; r < 64; ++r) nodes[r / 4].push_back(r);
  const Communicator c(nodes, true);
  const double S = 32e6;
  const double intra = 1e-6 + kOverheadS + S / 4 / (240e9 / 8);
  const double inter = 2 * 15 * (kAlphaS + S / 4 / 16 / kNicBytesPerS);
  expect_alpha_beta(platform, {Algorithm::hierarchical_ring, Operation::all_reduce, 64, S, intra + inter + intra}, c);
  expect_alpha_beta(platform,
                    {Algorithm::hierarchical_ring, Operation::all_gather, 64, S, 15 * (kAlphaS + S / 4 / 16 / kNicBytesPerS) + intra},
                    c);
}

TEST(CollectiveTiming, a_reference_full_mesh_server_all_reduces_at_n_minus_one_links_per_npu) {
  // The 8-NPU servers of ascend-server-cluster (the Atlas 800T A2 wiring): a large all-reduce
  // inside one server moves each NPU's 2(N-1)/N·S at no less than (N-1) links' bandwidth.
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/ascend-server-cluster.json"));
  doc.erase("storage");
  doc["node"]["host"].erase("frontend_gbps");
  doc["node"]["host"].erase("frontend_latency_s");
  doc["nodes"] = 64;
  const auto platform = tcsim::test::build_platform(doc);
  const double link = tcsim::platform::Platform::link_bandwidth("n0.hccs0-1");
  const Communicator server({{0, 1, 2, 3, 4, 5, 6, 7}}, true);
  const double S = 1e9;
  const double t = simulate(platform, Algorithm::mesh, Operation::all_reduce, server, S, Fidelity::fast);
  const double per_npu = 2 * 7.0 / 8 * S / t;
  std::printf("mesh all-reduce of 1 GB on an 8-NPU full mesh: %.3f ms, %.1f GB/s per NPU = %.2f links of %.1f GB/s\n",
              t * 1e3, per_npu / 1e9, per_npu / link, link / 1e9);
  EXPECT_GE(per_npu, 7 * link * 0.95);
  // A ring over the same server uses one link at a time.
  const double ring = simulate(platform, Algorithm::ring, Operation::all_reduce, server, S, Fidelity::fast);
  EXPECT_GT(ring / t, 6.5);
}

TEST(CollectiveTiming, nhr_and_nb_cost_log_steps_for_any_rank_count) {
  // On the idle uniform network: ceil(log2 N) steps, each α + its blocks' bytes / B, adding up to
  // K·α + (N-1)/N·S/B each way, for rank counts that are and are not powers of two.
  const auto platform = uniform_platform();
  const double S = 16e6;
  for (Algorithm a : {Algorithm::nhr, Algorithm::nb}) {
    for (int n : {6, 48, 100, 256}) {
      const double N = n;
      const double k = std::ceil(std::log2(N));
      const double one_way = k * kAlphaS + (N - 1) / N * S / kNicBytesPerS;
      expect_alpha_beta(platform, {a, Operation::reduce_scatter, n, S, one_way});
      expect_alpha_beta(platform, {a, Operation::all_gather, n, S, one_way});
      expect_alpha_beta(platform, {a, Operation::all_reduce, n, S, 2 * one_way});
    }
  }
}

TEST(CollectiveTiming, nhr_keeps_its_largest_steps_between_neighbours_where_uplinks_are_thin) {
  // 48 single-NPU nodes on three leaves of 16 with 4:1 oversubscribed uplinks. NHR's
  // reduce-scatter moves its largest step (half the buffer) to the next rank, mostly on the same
  // leaf; NB's goes 32 ranks away, across the uplinks. Same bytes, same steps: NHR is faster.
  auto doc = tcsim::test::small_topology(48, 1, 1);
  doc["fabric"]["leaf_ports"] = 20;
  doc["fabric"]["oversubscription"] = 4;
  const auto platform = tcsim::test::build_platform(doc);
  const Communicator c = first(48);
  const double S = 64e6;
  const double nhr = simulate(platform, Algorithm::nhr, Operation::reduce_scatter, c, S, Fidelity::fast);
  const double nb = simulate(platform, Algorithm::nb, Operation::reduce_scatter, c, S, Fidelity::fast);
  const double idle = 6 * kAlphaS + 47.0 / 48 * S / kNicBytesPerS;
  std::printf("48 ranks on 4:1 leaves: NHR %.3f ms, NB %.3f ms, α-β on an idle network %.3f ms\n", nhr * 1e3, nb * 1e3,
              idle * 1e3);
  EXPECT_GE(nhr, idle * (1 - 1e-9));
  EXPECT_LT(nhr, nb * 0.8);
}

TEST(CollectiveTiming, pipeline_overlaps_the_two_levels_slice_after_slice) {
  // 16 nodes of 4 NPUs (240 Gb/s HCCS links, one 100 Gb/s NIC each), a 256 MB all-reduce in
  // four slices. Per slice: level 0 in (t_in), a ring on every plane (t_x), level 0 out (t_out);
  // after the first slice the busier level sets the pace: t_in + t_x + t_out + 3 max(t_in + t_out, t_x).
  auto doc = tcsim::test::small_topology(16, 4, 4);
  doc["fabric"]["leaf_ports"] = 128;
  const auto platform = tcsim::test::build_platform(doc);
  std::vector<std::vector<int>> nodes(16);
  for (int r = 0; r < 64; ++r) nodes[r / 4].push_back(r);
  const double S = 256e6;
  const double slices = CollectiveLibrary::kPipelineSlices;
  const double alpha_intra = 1e-6 + kOverheadS;
  const double hccs = 240e9 / 8;
  const double planes = 2 * 15 * (kAlphaS + S / slices / 4 / 16 / kNicBytesPerS);
  for (const bool mesh : {true, false}) {
    const Communicator c(nodes, mesh);
    // Fully meshed nodes: one step each way, the planes are the busier level; rings of 4: three
    // steps each way, level 0 is.
    const double in = (mesh ? 1 : 3) * (alpha_intra + S / slices / 4 / hccs);
    const double expected = in + planes + in + (slices - 1) * std::max(2 * in, planes);
    EXPECT_NEAR(CollectiveSelector::estimate_s(Algorithm::pipeline, Operation::all_reduce, c, S,
                                               LinkCost{alpha_intra, hccs}, LinkCost{kAlphaS, kNicBytesPerS}) / expected,
                1.0, 1e-9);
    const double fast = simulate(platform, Algorithm::pipeline, Operation::all_reduce, c, S, Fidelity::fast);
    if (mesh) {
      // The planes pace it: exactly the estimate.
      expect_alpha_beta(platform, {Algorithm::pipeline, Operation::all_reduce, 64, S, expected}, c);
    } else {
      // Level 0 paces it: its two passes share the node's links as they overlap, so the time lies
      // between all of level 0's work and the estimate, which makes them take turns.
      const double detailed = simulate(platform, Algorithm::pipeline, Operation::all_reduce, c, S, Fidelity::detailed);
      std::printf("pipeline over rings of 4: fast %.3f ms, detailed %.3f ms, between %.3f and %.3f ms\n", fast * 1e3,
                  detailed * 1e3, slices * 2 * in * 1e3, expected * 1e3);
      EXPECT_GE(fast, slices * 2 * in);
      EXPECT_LE(fast, expected * 1.001);
      EXPECT_NEAR(detailed / fast, 1.0, 0.03);
    }
    // On a large buffer it beats the two levels one after the other.
    const double hierarchical = simulate(platform, Algorithm::hierarchical_ring, Operation::all_reduce, c, S, Fidelity::fast);
    std::printf("pipeline %s: %.3f ms against hierarchical_ring %.3f ms\n", mesh ? "mesh" : "rings", fast * 1e3,
                hierarchical * 1e3);
    EXPECT_LT(fast, 0.9 * hierarchical);
  }
  // Reduce-scatter: level 0 in, then the planes.
  const Communicator c(nodes, true);
  const double in = alpha_intra + S / slices / 4 / hccs;
  const double rs_planes = 15 * (kAlphaS + S / slices / 4 / 16 / kNicBytesPerS);
  expect_alpha_beta(platform,
                    {Algorithm::pipeline, Operation::reduce_scatter, 64, S, in + rs_planes + (slices - 1) * std::max(in, rs_planes)},
                    c);
  // One node, or one rank per node: nothing to overlap.
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::pipeline, Operation::all_reduce, Communicator({nodes[0]}, true)), "");
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::pipeline, Operation::all_reduce, first(16)), "");
}
