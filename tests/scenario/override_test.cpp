#include <gtest/gtest.h>

#include "support/CliRunner.hpp"

#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/Override.hpp"

using tcsim::InputError;
using tcsim::scenario::Override;

namespace {
nlohmann::json doc() {
  return nlohmann::json::parse(R"({"nodes": 128, "node": {"nic": {"gbps": 100}}, "list": [1, 2, 3], "name": "x"})");
}
using tcsim::test::input_error_text;
}  // namespace

TEST(Override, value_is_parsed_as_json_else_string) {
  EXPECT_EQ(Override::parse("topology.nodes=64").value, 64);
  EXPECT_EQ(Override::parse("topology.node.nic.gbps=12.5").value, 12.5);
  EXPECT_EQ(Override::parse("workload.parallelism.dp=null").value, nullptr);
  EXPECT_EQ(Override::parse("topology.name=my-cluster").value, "my-cluster");
  EXPECT_EQ(Override::parse("topology.name=a=b").value, "a=b");
}

TEST(Override, applies_nested_and_indexed_paths) {
  auto d = doc();
  Override::parse("topology.node.nic.gbps=200").apply(d, "t.json");
  Override::parse("topology.list.1=20").apply(d, "t.json");
  EXPECT_EQ(d["node"]["nic"]["gbps"], 200);
  EXPECT_EQ(d["list"][1], 20);
}

TEST(Override, unknown_key_on_the_way_names_the_closest_existing_one) {
  auto d = doc();
  const std::string text = input_error_text([&] { Override::parse("topology.node.nik.gbps=1").apply(d, "t.json"); });
  EXPECT_NE(text.find("t.json: at /node/nik"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean 'nic'?"), std::string::npos) << text;
}

TEST(Override, a_new_last_key_is_added_for_the_loader_to_check) {
  // Fields left to defaults or to a catalog model can be swept; a typo is caught by the loader's
  // schema check (see CliErrors.unknown_set_key_names_the_closest_keys).
  auto d = doc();
  Override::parse("topology.node.nic.pcie_gbps=126").apply(d, "t.json");
  EXPECT_EQ(d["node"]["nic"]["pcie_gbps"], 126);
}

TEST(Override, bad_target_and_syntax_are_errors) {
  EXPECT_NE(input_error_text([] { Override::parse("topolgy.nodes=4"); }).find("did you mean 'topology'"), std::string::npos);
  EXPECT_NE(input_error_text([] { Override::parse("topology.nodes"); }).find("expected KEY=VALUE"), std::string::npos);
  EXPECT_NE(input_error_text([] { Override::parse("workload=3"); }).find("needs a path"), std::string::npos);
}

TEST(Override, array_index_out_of_range_is_an_error) {
  auto d = doc();
  EXPECT_NE(input_error_text([&] { Override::parse("topology.list.7=1").apply(d, "t.json"); }).find("index below 3"),
            std::string::npos);
}
