// Failure sampling: counts and lifetimes against their distributions (Monte Carlo within its CI).
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/engine/MonteCarloSummary.hpp"
#include "tcsim/reliability/FailureProcess.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace {

using tcsim::topology::ClassReliability;
using tcsim::topology::ComponentClass;

struct Cluster {
  tcsim::topology::TopologySpec spec;
  tcsim::topology::TopologyGraph graph;
  tcsim::reliability::ComponentInventory inventory;
  explicit Cluster(int nodes)
      : spec(tcsim::topology::TopologyLoader::from_json(tcsim::test::small_topology(nodes, 8, 4), "t.json")),
        graph(tcsim::topology::TopologyGraph::from_spec(spec)),
        inventory(graph, spec, nodes * 8) {}
};

tcsim::topology::ReliabilitySpec only(ComponentClass c, double mtbf_s, double shape = 1.0) {
  auto spec = tcsim::topology::ReliabilitySpec::defaults();
  for (auto& r : spec.classes) r.mtbf_s = std::numeric_limits<double>::infinity();
  spec.of(c).mtbf_s = mtbf_s;
  if (shape != 1.0) {
    spec.of(c).distribution = ClassReliability::Distribution::weibull;
    spec.of(c).weibull_shape = shape;
  }
  return spec;
}

/** The first failure of the class, over many seeds. */
std::vector<double> first_failures(const Cluster& cluster, const tcsim::topology::ReliabilitySpec& spec, int seeds) {
  std::vector<double> times;
  for (int seed = 1; seed <= seeds; ++seed) {
    tcsim::reliability::FailureProcess p(cluster.inventory, spec, static_cast<std::uint64_t>(seed));
    times.push_back(*p.next_time());
  }
  return times;
}

void expect_mean_within_ci(const std::vector<double>& samples, double expected) {
  const auto s = tcsim::engine::SampleStatistics::of(samples);
  EXPECT_GE(expected, s.ci95_low) << "mean " << s.mean << ", expected " << expected;
  EXPECT_LE(expected, s.ci95_high) << "mean " << s.mean << ", expected " << expected;
}

}  // namespace

TEST(FailureProcess, one_component_lives_its_mtbf_on_average_exponential_or_weibull) {
  Cluster cluster(1);  // one host
  for (double shape : {1.0, 0.7, 2.5}) {
    expect_mean_within_ci(first_failures(cluster, only(ComponentClass::host, 5000.0, shape), 4000), 5000.0);
  }
}

TEST(FailureProcess, the_first_of_n_weibull_lifetimes_is_weibull_with_its_scale_over_n_to_the_one_over_k) {
  Cluster cluster(2);  // 16 NPUs
  const double k = 2.0, mtbf = 1e6;
  const double eta = mtbf / std::tgamma(1 + 1 / k);
  const double expected = eta * std::pow(16.0, -1 / k) * std::tgamma(1 + 1 / k);
  expect_mean_within_ci(first_failures(cluster, only(ComponentClass::npu, mtbf, k), 4000), expected);
}

TEST(FailureProcess, repaired_components_fail_again_at_the_class_rate) {
  Cluster cluster(4);  // 32 NPUs, each failing every 10^5 s, repaired at once
  const double horizon = 1e6;
  std::vector<double> counts;
  for (int seed = 1; seed <= 400; ++seed) {
    tcsim::reliability::FailureProcess p(cluster.inventory, only(ComponentClass::npu, 1e5), static_cast<std::uint64_t>(seed));
    int n = 0;
    while (p.next_time() && *p.next_time() < horizon) {
      const auto f = p.pop();
      p.repaired(f.component_class, f.index, f.time_s);
      ++n;
    }
    counts.push_back(n);
  }
  expect_mean_within_ci(counts, 32 * horizon / 1e5);
}

TEST(FailureProcess, failures_are_in_time_order_and_the_same_seed_draws_the_same_ones) {
  Cluster cluster(4);
  const auto spec = tcsim::topology::ReliabilitySpec::defaults();
  auto draw = [&](std::uint64_t seed) {
    tcsim::reliability::FailureProcess p(cluster.inventory, spec, seed);
    std::vector<std::pair<double, std::size_t>> out;
    for (int i = 0; i < 50; ++i) {
      const auto f = p.pop();
      out.emplace_back(f.time_s, f.index);
    }
    return out;
  };
  const auto a = draw(7), b = draw(7), c = draw(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (std::size_t i = 1; i < a.size(); ++i) EXPECT_LE(a[i - 1].first, a[i].first);
}

TEST(FailureProcess, a_trace_names_components_the_topology_has) {
  Cluster cluster(4);
  auto spec = tcsim::topology::ReliabilitySpec::defaults();
  spec.failures = tcsim::topology::ReliabilitySpec::Failures::trace;
  spec.trace_file = "f.csv";
  spec.trace = {{10, "n1.npu3", 2}, {20, "leaf0", 3}, {30, "n2.npu0.hbm", 4}};
  const auto failures = tcsim::reliability::FailureProcess::resolve_trace(cluster.inventory, spec, "t.json");
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_EQ(failures[0].component_class, ComponentClass::npu);
  EXPECT_EQ(failures[0].index, 11u);
  EXPECT_EQ(failures[1].component_class, ComponentClass::leaf_switch);
  EXPECT_EQ(failures[2].component_class, ComponentClass::hbm);
  spec.trace.push_back({40, "n9.npu0", 5});
  std::string path;
  const std::string text = tcsim::test::input_error_text(
      [&] { tcsim::reliability::FailureProcess::resolve_trace(cluster.inventory, spec, "t.json"); }, &path);
  EXPECT_EQ(path, "/reliability/trace");
  EXPECT_NE(text.find("row 5"), std::string::npos) << text;
  EXPECT_NE(text.find("'n9.npu0'"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean"), std::string::npos) << text;
}
