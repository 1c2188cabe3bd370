#include <numeric>

#include <gtest/gtest.h>

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/collective/RingAlgorithms.hpp"

using namespace tcsim::collective;

namespace {
std::vector<int> iota(int n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}
}  // namespace

TEST(RingAlgorithms, all_reduce_moves_2_n_minus_1_over_n_of_the_buffer_per_rank) {
  for (int n : {2, 3, 8, 64, 1000}) {
    const double bytes = 100e6;
    const auto schedule = RingAlgorithms::flat_all_reduce(iota(n), bytes);
    for (int rank : {0, n / 2, n - 1}) {
      EXPECT_NEAR(schedule.bytes_sent_by(rank), 2.0 * (n - 1) / n * bytes, 1e-6) << "n=" << n;
      EXPECT_NEAR(schedule.bytes_received_by(rank), 2.0 * (n - 1) / n * bytes, 1e-6);
    }
    EXPECT_EQ(schedule.phases.at(0).latency_steps, 2 * (n - 1));
  }
}

TEST(RingAlgorithms, ring_costs_one_flow_per_rank) {
  EXPECT_EQ(RingAlgorithms::flat_all_reduce(iota(4096), 1e6).flow_count(), 4096u);
}

TEST(RingAlgorithms, hierarchical_all_reduce_flows_and_bytes) {
  // 4 nodes x 8 NPUs: reduce-scatter (7/8 S), plane all-reduce of S/8 over 4 nodes
  // (2*3/4 * S/8), all-gather (7/8 S).
  std::vector<std::vector<int>> nodes(4);
  for (int r = 0; r < 32; ++r) nodes[r / 8].push_back(r);
  const double S = 64e6;
  const auto schedule = CollectiveLibrary::build(Algorithm::hierarchical_ring, Operation::all_reduce, Communicator(nodes), S,
                                                 Fidelity::fast);
  ASSERT_EQ(schedule.phases.size(), 3u);
  EXPECT_EQ(schedule.flow_count(), 3u * 32);
  const double expected = 7.0 / 8 * S + 2.0 * 3 / 4 * S / 8 + 7.0 / 8 * S;
  for (int r = 0; r < 32; ++r) EXPECT_NEAR(schedule.bytes_sent_by(r), expected, 1e-6);
  EXPECT_EQ(schedule.phases[0].latency_steps, 7);
  EXPECT_EQ(schedule.phases[1].latency_steps, 6);
  EXPECT_EQ(schedule.phases[2].latency_steps, 7);
}

TEST(RingAlgorithms, bytes_are_conserved_every_phase) {
  std::vector<std::vector<int>> nodes(16);
  for (int r = 0; r < 128; ++r) nodes[r / 8].push_back(r);
  const auto schedule = CollectiveLibrary::build(Algorithm::hierarchical_ring, Operation::all_reduce, Communicator(nodes), 1e8,
                                                 Fidelity::fast);
  double sent = 0, received = 0;
  for (int r = 0; r < 128; ++r) {
    sent += schedule.bytes_sent_by(r);
    received += schedule.bytes_received_by(r);
  }
  EXPECT_DOUBLE_EQ(sent, received);
}

TEST(RingAlgorithms, single_rank_needs_no_communication) {
  EXPECT_EQ(RingAlgorithms::flat_all_reduce({0}, 1e6).flow_count(), 0u);
  EXPECT_EQ(CollectiveLibrary::build(Algorithm::hierarchical_ring, Operation::all_reduce, Communicator(std::vector<std::vector<int>>{{0}}), 1e6, Fidelity::fast)
                .flow_count(),
            0u);
}
