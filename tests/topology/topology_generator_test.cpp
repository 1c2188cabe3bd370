#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/topology/NodeTemplates.hpp"
#include "tcsim/topology/TopologyAnalysis.hpp"
#include "tcsim/topology/TopologyGenerator.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

using tcsim::topology::GeneratorOptions;
using tcsim::topology::TopologyGenerator;

namespace {
tcsim::topology::TopologyAnalysis analyse(const nlohmann::ordered_json& doc) {
  const auto spec = tcsim::topology::TopologyLoader::from_json(nlohmann::json::parse(doc.dump()), "generated");
  return tcsim::topology::TopologyAnalysis::analyse(tcsim::topology::TopologyGraph::from_spec(spec));
}
}  // namespace

TEST(TopologyGenerator, every_template_and_kind_gives_a_valid_topology) {
  for (const auto& name : tcsim::topology::NodeTemplates::names()) {
    for (const char* kind : {"leaf-spine", "fat-tree", "torus", "dragonfly"}) {
      GeneratorOptions o;
      o.kind = kind;
      o.node_template = name;
      o.nodes = name == "cloudmatrix384" ? 4 : 32;
      if (o.kind == "torus") o.dims = {*o.nodes / 2, 2};
      if (o.kind == "leaf-spine" || o.kind == "fat-tree") {
        o.switch_ports = name == "cloudmatrix384" ? 1024 : 64;  // a whole supernode per leaf
      }
      if (o.kind == "dragonfly") {
        o.groups = 2;
        o.routers_per_group = 2;
        o.nodes_per_router = *o.nodes / 4;
      }
      const auto doc = TopologyGenerator::generate(o);
      const auto npus_per_node = doc["node"]["npus"].get<int>();
      EXPECT_EQ(analyse(doc).npus, static_cast<std::size_t>(*o.nodes * npus_per_node)) << name << " " << kind;
    }
  }
}

TEST(TopologyGenerator, leaf_spine_with_rails_and_oversubscription) {
  GeneratorOptions o;
  o.kind = "leaf-spine";
  o.node_template = "dgx-a100";
  o.nodes = 32;
  o.rails = true;
  const auto doc = TopologyGenerator::generate(o);
  EXPECT_EQ(doc["fabric"]["port_gbps"], 200);  // the template's NIC speed
  EXPECT_EQ(doc["fabric"]["rails"], true);
  const auto a = analyse(doc);
  EXPECT_NEAR(a.bisection_bytes_per_s, 256 * 25e9 / 2, 1.0);
}

TEST(TopologyGenerator, bad_parameters_are_input_errors_with_suggestions) {
  GeneratorOptions o;
  o.kind = "fattree";
  o.nodes = 8;
  EXPECT_NE(tcsim::test::input_error_text([&] { TopologyGenerator::generate(o); }).find("did you mean 'fat-tree'"),
            std::string::npos);
  o.kind = "torus";
  EXPECT_NE(tcsim::test::input_error_text([&] { TopologyGenerator::generate(o); }).find("needs --dims"), std::string::npos);
  o.kind = "leaf-spine";
  o.node_template = "dgx-a10O";
  EXPECT_NE(tcsim::test::input_error_text([&] { TopologyGenerator::generate(o); }).find("did you mean 'dgx-a100'"),
            std::string::npos);
}

TEST(TopologyGenerator, a_parameter_out_of_range_or_meant_for_another_kind_is_named) {
  const auto error = [](const GeneratorOptions& o) {
    return tcsim::test::input_error_text([&] { TopologyGenerator::generate(o); });
  };
  GeneratorOptions o;
  o.kind = "fat-tree";
  o.nodes = 8;
  o.switch_ports = -5;  // was read as "not given" and replaced by the default
  EXPECT_NE(error(o).find("--switch-ports: expected an integer from 1 to 4096, got -5"), std::string::npos) << error(o);
  o.switch_ports = 99999999;  // was 10^8 aggregation switches
  EXPECT_NE(error(o).find("--switch-ports"), std::string::npos);
  o.switch_ports.reset();
  o.switch_latency_s = -1;
  EXPECT_NE(error(o).find("--switch-latency-s"), std::string::npos);
  o.switch_latency_s.reset();
  o.link_gbps = 100;  // a torus and dragonfly parameter, ignored before
  EXPECT_NE(error(o).find("--link-gbps: applies to torus and dragonfly only, not to a fat-tree"), std::string::npos);

  GeneratorOptions torus;
  torus.kind = "torus";
  torus.dims = {100000, 100000, 100000};  // the int product overflowed
  EXPECT_NE(error(torus).find("--dims makes more than 1000000 nodes"), std::string::npos) << error(torus);
  torus.dims = {4, 4};
  torus.nodes = 8;
  EXPECT_NE(error(torus).find("differs from the product of --dims, 16"), std::string::npos) << error(torus);
  torus.nodes.reset();
  torus.rails = true;
  EXPECT_NE(error(torus).find("--rails: applies to leaf-spine and fat-tree only"), std::string::npos);
}

TEST(TopologyGenerator, dragonfly_gives_every_pair_of_groups_a_global_link) {
  GeneratorOptions o;
  o.kind = "dragonfly";
  o.node_template = "atlas800t-a2";
  o.groups = 9;
  o.routers_per_group = 4;
  o.global_link_gbps = 100;
  const auto doc = TopologyGenerator::generate(o);
  EXPECT_EQ(doc["nodes"], 36);                        // groups x routers x 1 node
  EXPECT_EQ(doc["fabric"]["global_links_per_router"], 2);  // 8 peer groups over 4 routers
  const auto a = analyse(doc);
  EXPECT_EQ(a.npus, 288u);
  // Halves of 4.5 groups: the cut crosses 4 x 5 global links (plus a split group's local links).
  EXPECT_GE(a.bisection_bytes_per_s, 20 * 100 * 1e9 / 8);
  o.nodes = 40;
  EXPECT_NE(tcsim::test::input_error_text([&] { TopologyGenerator::generate(o); }).find("differs"), std::string::npos);
}

TEST(TopologyGenerator, a_switch_model_sets_ports_speed_and_latency) {
  GeneratorOptions o;
  o.kind = "fat-tree";
  o.node_template = "dgx-a100";
  o.nodes = 140;
  o.rails = true;
  o.switch_model = "qm8700";
  const auto doc = TopologyGenerator::generate(o);
  EXPECT_EQ(doc["fabric"]["switch"], "qm8700");
  EXPECT_EQ(doc["fabric"]["leaf_ports"], 40);
  EXPECT_EQ(doc["fabric"]["port_gbps"], 200);
  EXPECT_DOUBLE_EQ(doc["fabric"]["switch_latency_s"].get<double>(), 1.3e-7);
  EXPECT_EQ(doc["node"]["template"], "dgx-a100");
  o.switch_model = "qm870";
  EXPECT_NE(tcsim::test::input_error_text([&] { TopologyGenerator::generate(o); }).find("did you mean 'qm8700'"),
            std::string::npos);
}
