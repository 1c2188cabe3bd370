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
    for (const char* kind : {"leaf-spine", "fat-tree", "torus"}) {
      GeneratorOptions o;
      o.kind = kind;
      o.node_template = name;
      o.nodes = name == "cloudmatrix384" ? 4 : 32;
      o.switch_ports = name == "cloudmatrix384" ? 1024 : 64;  // a whole supernode per leaf
      if (o.kind == "torus") o.dims = {o.nodes / 2, 2};
      const auto doc = TopologyGenerator::generate(o);
      const auto npus_per_node = doc["node"]["npus"].get<int>();
      EXPECT_EQ(analyse(doc).npus, static_cast<std::size_t>(o.nodes * npus_per_node)) << name << " " << kind;
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
