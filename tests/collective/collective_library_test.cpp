// What each collective algorithm moves, where it is available, and what the selector picks.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/collective/CollectiveSelector.hpp"
#include "tcsim/collective/DoubleBinaryTree.hpp"
#include "tcsim/collective/LibraryChoice.hpp"
#include "tcsim/collective/Torus2d.hpp"

using namespace tcsim::collective;

namespace {
Communicator nodes_of(int nodes, int per_node) {
  std::vector<std::vector<int>> groups(nodes);
  for (int r = 0; r < nodes * per_node; ++r) groups[r / per_node].push_back(r);
  return Communicator(groups);
}

double total_sent(const FlowSchedule& s) {
  double total = 0;
  for (const auto& phase : s.phases)
    for (const auto& flow : phase.flows) total += flow.bytes;
  return total;
}
}  // namespace

TEST(CollectiveLibrary, every_rank_sends_what_the_algorithm_requires) {
  const double S = 64e6;
  const auto c = nodes_of(8, 8);  // 64 ranks
  const double n = 64;
  struct Case {
    Algorithm algorithm;
    Operation operation;
    double per_rank;  // bytes each rank sends
  };
  const Case cases[] = {
      {Algorithm::ring, Operation::all_reduce, 2 * (n - 1) / n * S},
      {Algorithm::ring, Operation::reduce_scatter, (n - 1) / n * S},
      {Algorithm::ring, Operation::all_gather, (n - 1) / n * S},
      {Algorithm::halving_doubling, Operation::all_reduce, 2 * (n - 1) / n * S},
      {Algorithm::halving_doubling, Operation::reduce_scatter, (n - 1) / n * S},
      {Algorithm::direct, Operation::all_to_all, (n - 1) / n * S},
      {Algorithm::pairwise, Operation::all_to_all, (n - 1) / n * S},
      // Hierarchical: 7/8 S inside the node twice, 2·7/8 of S/8 across nodes.
      {Algorithm::hierarchical_ring, Operation::all_reduce, 2 * 7.0 / 8 * S + 2 * 7.0 / 8 * S / 8},
  };
  for (const auto& k : cases) {
    for (Fidelity f : {Fidelity::fast, Fidelity::detailed}) {
      const auto s = CollectiveLibrary::build(k.algorithm, k.operation, c, S, f);
      for (int rank : {0, 17, 63}) {
        EXPECT_NEAR(s.bytes_sent_by(rank), k.per_rank, 1e-3) << name_of(k.algorithm) << " " << name_of(k.operation)
                                                            << " " << name_of(f) << " rank " << rank;
        EXPECT_NEAR(s.bytes_received_by(rank), k.per_rank, 1e-3) << name_of(k.algorithm);
      }
    }
  }
}

TEST(CollectiveLibrary, tree_and_torus_conserve_bytes_in_both_fidelities) {
  const double S = 10e6;
  const auto flat = Communicator::flat([] {
    std::vector<int> r(48);
    std::iota(r.begin(), r.end(), 0);
    return r;
  }());
  // Double binary tree: every edge of both trees carries S/2 up and S/2 down.
  const auto fast = CollectiveLibrary::build(Algorithm::double_binary_tree, Operation::all_reduce, flat, S, Fidelity::fast);
  const auto detailed =
      CollectiveLibrary::build(Algorithm::double_binary_tree, Operation::all_reduce, flat, S, Fidelity::detailed);
  EXPECT_NEAR(total_sent(fast), 2 * 2 * 47 * S / 2, 1.0);
  EXPECT_NEAR(total_sent(detailed), total_sent(fast), 1.0);
  for (int r = 0; r < 48; ++r) EXPECT_NEAR(detailed.bytes_sent_by(r), fast.bytes_sent_by(r), 1e-3);
  // 2D torus (6 x 8): same bytes per rank in both fidelities; fast has 3 phases.
  const auto t_fast = CollectiveLibrary::build(Algorithm::torus_2d, Operation::all_reduce, flat, S, Fidelity::fast);
  const auto t_det = CollectiveLibrary::build(Algorithm::torus_2d, Operation::all_reduce, flat, S, Fidelity::detailed);
  EXPECT_EQ(t_fast.phases.size(), 3u);
  EXPECT_EQ(t_det.phases.size(), static_cast<std::size_t>(7 + 2 * 7 + 7));  // steps of the longer (8-rank) rings
  for (int r = 0; r < 48; ++r) EXPECT_NEAR(t_det.bytes_sent_by(r), t_fast.bytes_sent_by(r), 1e-3);
  double sent = 0, received = 0;
  for (int r = 0; r < 48; ++r) {
    sent += t_fast.bytes_sent_by(r);
    received += t_fast.bytes_received_by(r);
  }
  EXPECT_DOUBLE_EQ(sent, received);
}

TEST(CollectiveLibrary, fast_ring_is_n_flows_and_detailed_every_step) {
  const auto c = nodes_of(16, 1);
  const auto fast = CollectiveLibrary::build(Algorithm::ring, Operation::all_reduce, c, 1e6, Fidelity::fast);
  const auto detailed = CollectiveLibrary::build(Algorithm::ring, Operation::all_reduce, c, 1e6, Fidelity::detailed);
  EXPECT_EQ(fast.flow_count(), 16u);
  ASSERT_EQ(detailed.phases.size(), 30u);  // 2(N-1) steps
  for (const auto& step : detailed.phases) {
    EXPECT_EQ(step.flows.size(), 16u);
    EXPECT_NEAR(step.flows.front().bytes, 1e6 / 16, 1e-9);  // one ring step moves S/N
  }
}

TEST(DoubleBinaryTree, complementary_trees_of_logarithmic_height) {
  for (int n : {2, 8, 64, 256}) {
    const auto a = DoubleBinaryTree::tree(n, false);
    const auto b = DoubleBinaryTree::tree(n, true);
    EXPECT_EQ(a.height, static_cast<int>(std::log2(n))) << n;
    std::vector<int> children_a(n, 0), children_b(n, 0);
    int roots = 0;
    for (int i = 0; i < n; ++i) {
      if (a.parent[i] >= 0) ++children_a[a.parent[i]]; else ++roots;
      if (b.parent[i] >= 0) ++children_b[b.parent[i]];
    }
    EXPECT_EQ(roots, 1);
    for (int i = 0; i < n; ++i) {
      EXPECT_LE(children_a[i], 2);
      EXPECT_LE(children_b[i], 2);
      // A rank is inner in at most one tree, so it never receives from four children at once.
      EXPECT_TRUE(children_a[i] == 0 || children_b[i] == 0) << "rank " << i << " of " << n;
    }
  }
  // Any size: a single root, at most two children, every rank reaches the root.
  const auto odd = DoubleBinaryTree::tree(37, true);
  for (int i = 0; i < 37; ++i) EXPECT_LE(odd.depth[i], odd.height);
  EXPECT_EQ(odd.height, 5);
}

TEST(CollectiveLibrary, unavailable_algorithms_say_why) {
  const auto c48 = nodes_of(6, 8);
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::halving_doubling, Operation::all_reduce, c48).find("power-of-two"),
            std::string::npos);
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::double_binary_tree, Operation::all_gather, c48)
                .find("does not implement all_gather"),
            std::string::npos);
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::ring, Operation::all_to_all, c48).find("direct, pairwise"),
            std::string::npos);
  const Communicator uneven({{0, 1, 2}, {3, 4}});
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::hierarchical_ring, Operation::all_reduce, uneven).find("same number"),
            std::string::npos);
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::torus_2d, Operation::all_reduce, Communicator::flat({0, 1, 2, 3, 4, 5, 6}))
                .find("prime"),
            std::string::npos);
  EXPECT_THROW(CollectiveLibrary::build(Algorithm::halving_doubling, Operation::all_reduce, c48, 1e6, Fidelity::fast),
               std::invalid_argument);
  EXPECT_TRUE(CollectiveLibrary::unavailable_reason(Algorithm::torus_2d, Operation::all_reduce, c48).empty());
}

TEST(Torus2d, grid_follows_nodes_or_is_nearly_square) {
  EXPECT_EQ(Torus2d::grid(nodes_of(4, 8))->size(), 4u);  // one row per node
  std::vector<int> r384(384);
  std::iota(r384.begin(), r384.end(), 0);
  const auto supernode = Torus2d::grid(Communicator::flat(r384));
  ASSERT_TRUE(supernode);
  EXPECT_EQ(supernode->size(), 16u);
  EXPECT_EQ(supernode->front().size(), 24u);
}

TEST(CollectiveSelector, latency_bound_sizes_avoid_rings_and_bandwidth_bound_ones_use_them) {
  const LinkCost intra{3e-6, 30e9};
  const LinkCost inter{10e-6, 12.5e9};
  const auto c = nodes_of(64, 8);  // 512 ranks
  // Small: logarithmic steps (a tree, halving-doubling, or a hierarchical scheme with them across
  // nodes), never a ring's 2(N-1) latencies.
  const Algorithm small = CollectiveSelector::choose(Operation::all_reduce, c, 4096, intra, inter);
  EXPECT_TRUE(small != Algorithm::ring && small != Algorithm::hierarchical_ring) << name_of(small);
  const double small_s = CollectiveSelector::estimate_s(small, Operation::all_reduce, c, 4096, intra, inter);
  EXPECT_LT(small_s, 0.2 * CollectiveSelector::estimate_s(Algorithm::ring, Operation::all_reduce, c, 4096, intra, inter));
  // Large: the NICs carry only a node's shard (hierarchical, or pipelined over the two levels)
  // or the grid's halves (2D torus).
  const Algorithm large = CollectiveSelector::choose(Operation::all_reduce, c, 1e9, intra, inter);
  EXPECT_TRUE(across_nodes_of(large).has_value() || large == Algorithm::pipeline || large == Algorithm::torus_2d)
      << name_of(large);
  // The chosen algorithm is never estimated slower than any other available one.
  for (double bytes : {4096.0, 1e6, 1e9}) {
    const Algorithm best = CollectiveSelector::choose(Operation::all_reduce, c, bytes, intra, inter);
    const double best_s = CollectiveSelector::estimate_s(best, Operation::all_reduce, c, bytes, intra, inter);
    for (Algorithm a : CollectiveLibrary::algorithms_for(Operation::all_reduce)) {
      if (CollectiveLibrary::unavailable_reason(a, Operation::all_reduce, c).empty()) {
        EXPECT_LE(best_s, CollectiveSelector::estimate_s(a, Operation::all_reduce, c, bytes, intra, inter) * 1.001);
      }
    }
  }
  EXPECT_EQ(CollectiveSelector::choose(Operation::all_to_all, nodes_of(2, 8), 1e6, intra, inter), Algorithm::direct);
  EXPECT_EQ(CollectiveSelector::choose(Operation::all_to_all, nodes_of(16, 8), 1e6, intra, inter), Algorithm::pairwise);
}

TEST(MeshAlgorithms, every_rank_sends_a_share_to_every_peer_at_once_in_one_step_per_phase) {
  const double S = 64e6;
  const Communicator server(std::vector<std::vector<int>>{{0, 1, 2, 3, 4, 5, 6, 7}}, true);
  for (Fidelity f : {Fidelity::fast, Fidelity::detailed}) {
    const auto ar = CollectiveLibrary::build(Algorithm::mesh, Operation::all_reduce, server, S, f);
    ASSERT_EQ(ar.phases.size(), 2u);  // reduce-scatter, all-gather
    for (const auto& phase : ar.phases) {
      EXPECT_EQ(phase.flows.size(), 56u);  // N(N-1): every ordered pair at once
      EXPECT_EQ(phase.latency_steps, 1);
      for (const auto& flow : phase.flows) EXPECT_DOUBLE_EQ(flow.bytes, S / 8);
    }
    for (int r = 0; r < 8; ++r) {
      EXPECT_NEAR(ar.bytes_sent_by(r), 2 * 7.0 / 8 * S, 1e-3);  // what a ring all-reduce sends, too
      EXPECT_NEAR(ar.bytes_received_by(r), 2 * 7.0 / 8 * S, 1e-3);
    }
    for (Operation o : {Operation::reduce_scatter, Operation::all_gather}) {
      const auto one = CollectiveLibrary::build(Algorithm::mesh, o, server, S, f);
      ASSERT_EQ(one.phases.size(), 1u);
      EXPECT_NEAR(one.bytes_sent_by(5), 7.0 / 8 * S, 1e-3);
    }
  }
}

TEST(MeshAlgorithms, runs_on_one_fully_meshed_node_only_and_hierarchical_rings_mesh_inside_such_nodes) {
  const Communicator two_nodes(std::vector<std::vector<int>>{{0, 1, 2, 3}, {4, 5, 6, 7}}, true);
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::mesh, Operation::all_reduce, two_nodes).find("one node"),
            std::string::npos);
  const Communicator switched(std::vector<std::vector<int>>{{0, 1, 2, 3}}, false);
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::mesh, Operation::all_reduce, switched).find("directly linked"),
            std::string::npos);
  EXPECT_NE(CollectiveLibrary::unavailable_reason(Algorithm::mesh, Operation::all_to_all, switched).find("does not implement"),
            std::string::npos);
  // Hierarchical: the same bytes either way inside the node, one step instead of L-1 each way.
  const double S = 32e6;
  const auto meshed = CollectiveLibrary::build(Algorithm::hierarchical_ring, Operation::all_reduce, two_nodes, S, Fidelity::fast);
  const Communicator ringed(two_nodes.nodes(), false);
  const auto rings = CollectiveLibrary::build(Algorithm::hierarchical_ring, Operation::all_reduce, ringed, S, Fidelity::fast);
  ASSERT_EQ(meshed.phases.size(), 3u);
  ASSERT_EQ(rings.phases.size(), 3u);
  EXPECT_EQ(meshed.phases.front().latency_steps, 1);
  EXPECT_EQ(rings.phases.front().latency_steps, 3);
  EXPECT_EQ(meshed.phases.front().flows.size(), 2u * 4 * 3);  // two nodes of 4: 12 flows each
  for (int r = 0; r < 8; ++r) EXPECT_NEAR(meshed.bytes_sent_by(r), rings.bytes_sent_by(r), 1e-3);
}

TEST(CollectiveSelector, a_fully_meshed_node_reduces_on_all_its_links_at_once) {
  const LinkCost hccs{3e-6, 30e9};
  const Communicator server(std::vector<std::vector<int>>{{0, 1, 2, 3, 4, 5, 6, 7}}, true);
  const double S = 50e6;
  // α-β: two steps of α + (S/N)/B, against 2(N-1) of them for a ring.
  EXPECT_NEAR(CollectiveSelector::estimate_s(Algorithm::mesh, Operation::all_reduce, server, S, hccs, hccs),
              2 * (3e-6 + S / 8 / 30e9), 1e-12);
  EXPECT_EQ(CollectiveSelector::choose(Operation::all_reduce, server, S, hccs, hccs), Algorithm::mesh);
  EXPECT_EQ(CollectiveSelector::choose(Operation::all_reduce, server, 4096, hccs, hccs), Algorithm::mesh);
  // Not meshed (one switch port per NPU): the mesh is not a choice.
  const Communicator switched(server.nodes(), false);
  EXPECT_NE(CollectiveSelector::choose(Operation::all_reduce, switched, S, hccs, hccs), Algorithm::mesh);
  // Across meshed nodes, hierarchical rings pay one intra-node step each way.
  const Communicator nodes(std::vector<std::vector<int>>{{0, 1, 2, 3}, {4, 5, 6, 7}}, true);
  const LinkCost nic{10e-6, 12.5e9};
  EXPECT_NEAR(CollectiveSelector::estimate_s(Algorithm::hierarchical_ring, Operation::all_reduce, nodes, S, hccs, nic),
              2 * (3e-6 + S / 4 / 30e9) + 2 * (10e-6 + S / 4 / 2 / 12.5e9), 1e-12);
}

namespace {
/** Runs an all-gather's steps on block sets: rank r starts with block r; every flow carries the sender's newest blocks. */
bool gathers_every_block(const FlowSchedule& schedule, const std::vector<int>& ranks, double block) {
  const std::size_t n = ranks.size();
  std::vector<std::vector<int>> held(n);  // blocks in the order received
  for (std::size_t i = 0; i < n; ++i) held[i] = {static_cast<int>(i)};
  for (const auto& phase : schedule.phases) {
    auto next = held;
    for (const auto& flow : phase.flows) {
      const auto count = static_cast<std::size_t>(std::lround(flow.bytes / block));
      const auto& from = held[static_cast<std::size_t>(flow.src)];
      if (count > from.size()) return false;
      auto& to = next[static_cast<std::size_t>(flow.dst)];
      to.insert(to.end(), from.begin(), from.begin() + static_cast<std::ptrdiff_t>(count));
    }
    held = std::move(next);
  }
  for (auto& blocks : held) {
    std::sort(blocks.begin(), blocks.end());
    if (std::unique(blocks.begin(), blocks.end()) != blocks.end() || blocks.size() != n) return false;
  }
  return true;
}
}  // namespace

TEST(LogStepAlgorithms, move_the_optimal_bytes_in_log_steps_with_one_peer_a_step_for_any_rank_count) {
  const double S = 48e6;
  for (int n : {2, 5, 6, 7, 8, 48, 100, 256}) {
    std::vector<int> ranks(n);
    std::iota(ranks.begin(), ranks.end(), 0);
    const auto c = Communicator::flat(ranks);
    const int k = static_cast<int>(std::ceil(std::log2(n)));
    for (Algorithm a : {Algorithm::nhr, Algorithm::nb}) {
      ASSERT_TRUE(CollectiveLibrary::unavailable_reason(a, Operation::all_reduce, c).empty());
      for (Operation o : {Operation::reduce_scatter, Operation::all_gather, Operation::all_reduce}) {
        const auto s = CollectiveLibrary::build(a, o, c, S, Fidelity::fast);
        const double ways = o == Operation::all_reduce ? 2 : 1;
        EXPECT_EQ(static_cast<int>(s.phases.size()), static_cast<int>(ways) * k) << name_of(a) << " N=" << n;
        for (int r : {0, n / 2, n - 1}) {
          EXPECT_NEAR(s.bytes_sent_by(r), ways * (n - 1) / n * S, 1e-3) << name_of(a) << " " << name_of(o) << " N=" << n;
          EXPECT_NEAR(s.bytes_received_by(r), ways * (n - 1) / n * S, 1e-3);
        }
        for (const auto& phase : s.phases) {
          // One send and one receive per rank and step: no incast.
          std::vector<int> sends(n, 0), receives(n, 0);
          for (const auto& flow : phase.flows) {
            ++sends[flow.src];
            ++receives[flow.dst];
            EXPECT_NE(flow.src, flow.dst);
          }
          for (int r = 0; r < n; ++r) EXPECT_TRUE(sends[r] == 1 && receives[r] == 1) << name_of(a) << " N=" << n;
        }
      }
      // NB is Bruck's all-gather: every rank ends with every block, for any N. NHR's distances in
      // reverse are a valid schedule on a power of two (elsewhere only its volumes are modelled).
      const bool power_of_two = (n & (n - 1)) == 0;
      if (a == Algorithm::nb || power_of_two) {
        EXPECT_TRUE(gathers_every_block(CollectiveLibrary::build(a, Operation::all_gather, c, S, Fidelity::fast), ranks, S / n))
            << name_of(a) << " N=" << n;
      }
    }
    // Where the large steps go: NHR's reduce-scatter starts with its largest step between
    // neighbours, NB's with its largest across the farthest distance.
    const auto nhr = CollectiveLibrary::build(Algorithm::nhr, Operation::reduce_scatter, c, S, Fidelity::fast);
    const auto nb = CollectiveLibrary::build(Algorithm::nb, Operation::reduce_scatter, c, S, Fidelity::fast);
    EXPECT_EQ(nhr.phases.front().flows.front().dst, 1) << n;
    EXPECT_EQ(nb.phases.front().flows.front().dst, (1 << (k - 1)) % n) << n;
    EXPECT_DOUBLE_EQ(nhr.phases.front().flows.front().bytes, nb.phases.front().flows.front().bytes);
  }
}

TEST(CollectiveSelector, groups_of_any_size_get_logarithmic_steps_and_powers_of_two_keep_halving_doubling) {
  const LinkCost nic{10e-6, 25e9};
  std::vector<int> r48(48), r64(64);
  std::iota(r48.begin(), r48.end(), 0);
  std::iota(r64.begin(), r64.end(), 0);
  std::vector<std::vector<int>> by_node48, by_node64;
  for (int r : r48) by_node48.push_back({r});
  for (int r : r64) by_node64.push_back({r});
  const Communicator c48(by_node48), c64(by_node64);
  // Latency-bound: 48 ranks cannot halve and double, NHR's 6 steps beat the ring's 47.
  EXPECT_EQ(CollectiveSelector::choose(Operation::reduce_scatter, c48, 64e3, nic, nic), Algorithm::nhr);
  EXPECT_NEAR(CollectiveSelector::estimate_s(Algorithm::nhr, Operation::all_reduce, c48, 64e3, nic, nic),
              2 * (6 * 10e-6 + 47.0 / 48 * 64e3 / 25e9), 1e-15);
  // On 64 ranks they tie with halving-doubling, which stays the choice (HCCL's default there).
  EXPECT_EQ(CollectiveSelector::choose(Operation::reduce_scatter, c64, 64e3, nic, nic), Algorithm::halving_doubling);
}

TEST(LibraryChoice, hccl_on_the_first_ascend_910_follows_its_documented_fixed_rule) {
  using tcsim::hw::CommunicationLibrary;
  const LinkCost hccs{3e-6, 30e9};
  const LinkCost nic{10e-6, 12.5e9};
  const auto lib = CommunicationLibrary::hccl_910;
  // Across servers: H-D_R on a power-of-two server count, Ring otherwise, whatever the size.
  for (double bytes : {4096.0, 1e9}) {
    EXPECT_EQ(LibraryChoice::choose(lib, Operation::all_reduce, nodes_of(64, 8), bytes, hccs, nic),
              Algorithm::hierarchical_halving_doubling);
    EXPECT_EQ(LibraryChoice::choose(lib, Operation::all_reduce, nodes_of(48, 8), bytes, hccs, nic), Algorithm::hierarchical_ring);
    EXPECT_EQ(LibraryChoice::choose(lib, Operation::reduce_scatter, nodes_of(32, 1), bytes, hccs, nic), Algorithm::halving_doubling);
    EXPECT_EQ(LibraryChoice::choose(lib, Operation::all_gather, nodes_of(6, 1), bytes, hccs, nic), Algorithm::ring);
  }
  // Inside one server: its wiring decides.
  EXPECT_EQ(LibraryChoice::choose(lib, Operation::all_reduce, Communicator({{0, 1, 2, 3}}, true), 1e6, hccs, nic),
            Algorithm::mesh);
  EXPECT_EQ(LibraryChoice::choose(lib, Operation::all_reduce, nodes_of(1, 8), 1e6, hccs, nic), Algorithm::ring);
}

TEST(LibraryChoice, each_library_picks_only_its_own_algorithms_and_adapts_by_estimate) {
  using tcsim::hw::CommunicationLibrary;
  const LinkCost intra{3e-6, 30e9};
  const LinkCost nic{10e-6, 12.5e9};
  const Communicator meshed48(nodes_of(48, 8).nodes(), true);
  for (const auto& c : {nodes_of(64, 8), nodes_of(48, 8), meshed48, nodes_of(48, 1), nodes_of(1, 8)}) {
    for (Operation o : {Operation::all_reduce, Operation::reduce_scatter, Operation::all_gather}) {
      for (double bytes : {4096.0, 1e6, 1e9}) {
        for (auto lib : {CommunicationLibrary::nccl, CommunicationLibrary::hccl, CommunicationLibrary::hccl_910}) {
          const Algorithm a = LibraryChoice::choose(lib, o, c, bytes, intra, nic);
          const auto own = LibraryChoice::algorithms(lib, o);
          EXPECT_NE(std::find(own.begin(), own.end(), a), own.end()) << name_of(a) << " from " << tcsim::hw::name_of(lib);
          EXPECT_TRUE(CollectiveLibrary::unavailable_reason(a, o, c).empty()) << name_of(a);
          if (lib == CommunicationLibrary::hccl_910) continue;
          // An adaptive library's choice is its own lowest estimate.
          const double chosen = CollectiveSelector::estimate_s(a, o, c, bytes, intra, nic);
          for (Algorithm other : own) {
            if (CollectiveLibrary::unavailable_reason(other, o, c).empty())
              EXPECT_LE(chosen, CollectiveSelector::estimate_s(other, o, c, bytes, intra, nic) * 1.001) << name_of(other);
          }
        }
      }
    }
  }
  // NCCL: a tree for small all-reduces across nodes, rings for large ones; all-to-all posts every send at once.
  EXPECT_EQ(LibraryChoice::choose(CommunicationLibrary::nccl, Operation::all_reduce, nodes_of(64, 8), 4096, intra, nic),
            Algorithm::double_binary_tree);
  EXPECT_EQ(LibraryChoice::choose(CommunicationLibrary::nccl, Operation::all_reduce, nodes_of(64, 8), 1e9, intra, nic),
            Algorithm::hierarchical_ring);
  EXPECT_EQ(LibraryChoice::choose(CommunicationLibrary::nccl, Operation::all_to_all, nodes_of(64, 1), 1e6, intra, nic),
            Algorithm::direct);
  // HCCL on A2/A3: the mesh inside meshed servers, a logarithmic scheme across 48 of them for small sizes.
  const Algorithm small = LibraryChoice::choose(CommunicationLibrary::hccl, Operation::all_reduce, meshed48, 4096, intra, nic);
  EXPECT_TRUE(small == Algorithm::hierarchical_nhr || small == Algorithm::hierarchical_nb) << name_of(small);
  EXPECT_EQ(LibraryChoice::choose(CommunicationLibrary::hccl, Operation::all_to_all, nodes_of(64, 1), 1e6, intra, nic),
            Algorithm::pairwise);
}
