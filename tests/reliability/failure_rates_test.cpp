// The default failure rates against the Llama 3 table they are derived from, and the section's input errors.
#include <cmath>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/reliability/ComponentInventory.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologyLoader.hpp"

namespace {

using tcsim::topology::ComponentClass;
constexpr double kLlamaSeconds = 54 * 86400.0;

/** Failures per class a cluster sees in 54 days at the default rates. */
double expected(const tcsim::reliability::ComponentInventory& inventory, const tcsim::topology::ReliabilitySpec& spec,
                ComponentClass c) {
  return static_cast<double>(inventory.count(c)) * kLlamaSeconds / spec.of(c).mtbf_s;
}

}  // namespace

TEST(FailureRates, the_defaults_give_back_the_llama3_table_on_its_cluster) {
  // 16,384 GPUs in 2,048 DGX H100 on tcsim's own fat tree: the component counts the defaults assume.
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("topologies/dgx-h100-superpod.json"));
  doc["nodes"] = 2048;
  const auto spec = tcsim::topology::TopologyLoader::from_json(doc, "dgx.json");
  const auto graph = tcsim::topology::TopologyGraph::from_spec(spec);
  const tcsim::reliability::ComponentInventory inventory(graph, spec, 16384);
  const auto& rates = tcsim::topology::ReliabilitySpec::defaults();
  EXPECT_NEAR(expected(inventory, rates, ComponentClass::npu), 148 + 19 + 17 + 6 + 6, 1e-9);
  EXPECT_NEAR(expected(inventory, rates, ComponentClass::hbm), 72, 1e-9);
  EXPECT_NEAR(expected(inventory, rates, ComponentClass::host), 32 + 3 + 3 + 2 + 2 + 2 + 2, 1e-9);
  EXPECT_NEAR(expected(inventory, rates, ComponentClass::nic), 7, 1e-9);
  EXPECT_NEAR(expected(inventory, rates, ComponentClass::software), 54 + 7 + 2, 1e-9);
  const double fabric = expected(inventory, rates, ComponentClass::link) + expected(inventory, rates, ComponentClass::leaf_switch) +
                        expected(inventory, rates, ComponentClass::spine_switch) +
                        expected(inventory, rates, ComponentClass::core_switch);
  EXPECT_NEAR(fabric, 35, 1e-9);  // "network switch / cable"
}

TEST(FailureRates, a_topology_scales_or_overrides_a_class_and_bad_values_are_named) {
  auto doc = tcsim::test::small_topology(4, 8, 4);
  doc["reliability"] = {{"rate_scale", 2},
                        {"classes",
                         {{"npu", {{"mtbf_hours", 1000}}},
                          {"hbm", {{"fit", 2000}}},
                          {"nic", {{"afr", 0.01}, {"distribution", "weibull"}, {"shape", 0.8}, {"mttr_hours", 2}}}}},
                        {"spares", {{"servers", 1}, {"kind", "cold"}, {"cold_start_s", 600}}}};
  const auto spec = tcsim::topology::TopologyLoader::from_json(doc, "t.json").reliability;
  EXPECT_DOUBLE_EQ(spec.of(ComponentClass::npu).mtbf_s, 1000 * 3600 / 2.0);
  EXPECT_DOUBLE_EQ(spec.of(ComponentClass::hbm).mtbf_s, 1e9 / 2000 * 3600 / 2.0);
  EXPECT_NEAR(spec.of(ComponentClass::nic).mtbf_s, -8760 / std::log(0.99) * 3600 / 2.0, 1e-3);
  EXPECT_DOUBLE_EQ(spec.of(ComponentClass::nic).weibull_shape, 0.8);
  EXPECT_DOUBLE_EQ(spec.of(ComponentClass::nic).mttr_s, 7200);
  EXPECT_DOUBLE_EQ(spec.of(ComponentClass::host).mtbf_s,
                   tcsim::topology::ReliabilitySpec::defaults().of(ComponentClass::host).mtbf_s / 2);
  EXPECT_TRUE(spec.cold_spares);
  EXPECT_EQ(spec.spare_servers, 1);

  const auto error = [](const nlohmann::json& section, std::string* path) {
    auto d = tcsim::test::small_topology(4, 8, 4);
    d["reliability"] = section;
    return tcsim::test::input_error_text([&] { tcsim::topology::TopologyLoader::from_json(d, "t.json"); }, path);
  };
  std::string path;
  EXPECT_NE(error({{"classes", {{"npu", {{"mtbf_hours", -5}}}}}}, &path).find("expected a number from"), std::string::npos);
  EXPECT_EQ(path, "/reliability/classes/npu/mtbf_hours");
  EXPECT_NE(error({{"classes", {{"npus", {{"mtbf_hours", 5}}}}}}, &path).find("did you mean 'npu'"), std::string::npos);
  EXPECT_EQ(path, "/reliability/classes/npus");
  EXPECT_NE(error({{"classes", {{"npu", {{"distribution", "weibull"}, {"shape", 0}}}}}}, &path).find("shape > 0"),
            std::string::npos);
  EXPECT_EQ(path, "/reliability/classes/npu/shape");
  EXPECT_NE(error({{"classes", {{"npu", {{"distribution", "weibull"}, {"shape", -1}}}}}}, &path).find("shape > 0"),
            std::string::npos);
  EXPECT_NE(error({{"classes", {{"npu", {{"afr", 1.5}}}}}}, &path).find("from 1e-8 to below 1"), std::string::npos);
  EXPECT_NE(error({{"classes", {{"npu", {{"mtbf_hours", 5}, {"fit", 3}}}}}}, &path).find("give one rate"), std::string::npos);
  EXPECT_NE(error({{"failures", "trace"}}, &path).find("needs \"trace\""), std::string::npos);
  EXPECT_NE(error({{"spares", {{"kind", "cold"}}}}, &path).find("cold_start_s"), std::string::npos);
  // NaN cannot be written in JSON; through --set it arrives as a string and is refused as one.
  EXPECT_NE(error({{"classes", {{"npu", {{"mtbf_hours", "nan"}}}}}}, &path).find("expected a number"), std::string::npos);
}
