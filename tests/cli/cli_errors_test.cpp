// Bad input: exit status 2 and a message naming the file and the JSON path; never a crash.
#include <filesystem>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/scenario/JsonFile.hpp"

using tcsim::test::run_cli;
using tcsim::test::temp_file;

namespace {
void expect_input_error(const std::vector<std::string>& args, const std::vector<std::string>& fragments) {
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  for (const auto& fragment : fragments) EXPECT_NE(r.err.find(fragment), std::string::npos) << "missing '" << fragment << "' in: " << r.err;
}
std::string topology_with(const std::function<void(nlohmann::json&)>& edit, const std::string& name) {
  auto doc = tcsim::test::atlas_topology();
  edit(doc);
  return temp_file(name, doc.dump(2));
}
}  // namespace

TEST(CliErrors, malformed_json_names_file_line_and_column) {
  const std::string path = temp_file("malformed.json", "{\n  \"schema\": \"tcsim.topology/1\",\n  \"nodes\": 12,,\n}\n");
  expect_input_error({"run", "-t", path}, {path, "malformed JSON at line 3"});
}

TEST(CliErrors, missing_field_names_the_path) {
  const auto path = topology_with([](nlohmann::json& d) { d["node"].erase("nic"); }, "missing.json");
  expect_input_error({"run", "-t", path}, {path, "/node/nic", "missing required field"});
}

TEST(CliErrors, wrong_type_names_the_path) {
  const auto path = topology_with([](nlohmann::json& d) { d["fabric"]["port_gbps"] = "fast"; }, "type.json");
  expect_input_error({"run", "-t", path}, {path, "/fabric/port_gbps", "expected a number"});
}

TEST(CliErrors, negative_bandwidth_names_the_path) {
  const auto path = topology_with([](nlohmann::json& d) { d["node"]["intra"]["hccs_link_gbps"] = -240; }, "neg.json");
  expect_input_error({"run", "-t", path}, {path, "/node/intra/hccs_link_gbps", "expected a bandwidth from"});
}

TEST(CliErrors, values_that_crashed_or_hung_the_simulator_are_input_errors) {
  // Found by fuzzing --set: SimGrid aborted or segfaulted, an int wrapped to 0, a loop never ended.
  expect_input_error({"run", "--set", "topology.node.intra.hccs_latency_s=1e-30"},
                     {"/node/intra/hccs_latency_s", "latency from 1e-12 to 1000 s"});
  expect_input_error({"run", "--set", "topology.node.intra.hccs_link_gbps=1e308"}, {"/node/intra/hccs_link_gbps", "bandwidth from"});
  expect_input_error({"run", "--set", "workload.communication.step_overhead_s=1e308"}, {"/communication/step_overhead_s"});
  expect_input_error({"run", "--set", "workload.parallelism.dp=4294967296"}, {"/parallelism/dp", "from 1 to 2147483647"});
  expect_input_error({"run", "--set", "workload.epochs=1e20"}, {"/epochs", "at most 2^53"});
}

TEST(CliErrors, counts_that_would_build_a_machine_sized_platform_are_input_errors) {
  // Found by fuzzing: a 10^8-port switch built 10^8 switches, 10^7 NPUs per node on 128 torus
  // nodes ran out of memory, 2^31 - 1 NVLink-connected NPUs per node ended in bad_alloc; a
  // negative seed wrapped to 2^64 - 5.
  expect_input_error({"inspect", tcsim::test::source_path("topologies/torus-3d-example.json"), "--set",
                      "topology.node.npus=10000"},
                     {"/nodes", "at most 1048576 NPUs", "1280000"});
  expect_input_error({"run", "-t", tcsim::test::source_path("topologies/dgx1-v100.json"), "--set",
                      "topology.node.npus=2147483647"},
                     {"/node/npus", "from 1 to 1048576"});  // was std::bad_alloc
  expect_input_error({"run", "--set", "topology.fabric.leaf_ports=99999999"}, {"/fabric/leaf_ports", "from 1 to 4096"});
  expect_input_error({"run", "--set", "topology.node.npus=8192", "--set", "topology.node.intra.group_size=8192"},
                     {"/node/intra/group_size", "from 1 to 16"});
  expect_input_error({"run", "--seed", "-5"}, {"--seed", "from 0 to 18446744073709551615", "'-5'"});
  expect_input_error({"run", "--seed", "18446744073709551616"}, {"--seed"});
}

TEST(CliErrors, unknown_device_suggests_the_nearest) {
  const auto path = topology_with([](nlohmann::json& d) { d["node"]["npu"] = "ascend-910"; }, "device.json");
  expect_input_error({"run", "-t", path}, {path, "/node/npu", "unknown device 'ascend-910'", "did you mean 'ascend910'"});
}

TEST(CliErrors, unknown_set_key_names_the_closest_keys) {
  expect_input_error({"run", "--set", "topology.fabric.leaf_portz=32"},
                     {"atlas900-1024.json", "/fabric/leaf_portz", "did you mean 'leaf_ports'"});
  expect_input_error({"run", "--set", "workload.global_bach=1024"}, {"resnet50-mlperf.json", "did you mean 'global_batch'"});
}

TEST(CliErrors, set_value_of_wrong_type_names_the_path) {
  expect_input_error({"run", "--set", "topology.nodes=many"}, {"/nodes", "expected an integer"});
}

TEST(CliErrors, missing_file_is_an_input_error) {
  expect_input_error({"run", "-t", "/nonexistent/topology.json"}, {"/nonexistent/topology.json", "cannot open"});
}

TEST(CliErrors, unwritable_output_is_an_input_error) {
  expect_input_error({"run", "--set", "topology.nodes=2", "--set", "workload.global_batch=512", "--out",
                      "/nonexistent-dir/report.json"},
                     {"/nonexistent-dir/report.json"});
}

TEST(CliErrors, two_outputs_naming_one_file_are_refused_before_the_run) {
  // The report would have replaced the trace (or the step graph) without a word.
  const std::string file = tcsim::test::temp_file("both.json", "");
  expect_input_error({"run", "--out", file, "--trace", file}, {"--out and --trace name the same file"});
  expect_input_error({"workload", tcsim::test::source_path("workloads/bert-large.json"), "--out", file, "--emit", file},
                     {"--out and --emit name the same file"});
  // Nor may the report replace the topology it was computed from.
  const std::string topology = tcsim::test::temp_file("own-topology.json", "");
  std::filesystem::copy_file(tcsim::test::source_path("topologies/atlas900-1024.json"), topology,
                             std::filesystem::copy_options::overwrite_existing);
  expect_input_error({"run", "-t", topology, "--out", topology}, {"--out would overwrite the input file given to -t"});
  EXPECT_EQ(tcsim::scenario::read_json_file(topology)["name"], "atlas900-1024");
}

TEST(CliErrors, bad_option_exits_2) {
  EXPECT_EQ(run_cli({"run", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(run_cli({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run_cli({}).exit_code, 2);
}

TEST(CliErrors, help_and_version_exit_0) {
  EXPECT_EQ(run_cli({"--help"}).exit_code, 0);
  const auto v = run_cli({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("tcsim"), std::string::npos);
}

namespace {
std::string resnet_with_collectives(const nlohmann::json& collectives, const std::string& name) {
  auto doc = tcsim::scenario::read_json_file(tcsim::test::source_path("workloads/resnet50-mlperf.json"));
  doc["parallelism"]["collectives"] = collectives;
  return temp_file(name, doc.dump(2));
}
}  // namespace

TEST(CliErrors, forced_collective_algorithm_that_cannot_run_is_an_error_not_a_fallback) {
  // 6 nodes x 8 NPUs: 48 data-parallel ranks, not a power of two.
  const auto path = resnet_with_collectives({{"dp", "halving_doubling"}}, "hd48.json");
  expect_input_error({"run", "-w", path, "--set", "topology.nodes=6", "--set", "workload.global_batch=1536"},
                     {path, "/parallelism/collectives/dp", "power-of-two", "48"});
  // The mesh: across nodes, and on an Atlas 800 node whose 8 NPUs are two HCCS groups of 4.
  const auto mesh = resnet_with_collectives({{"dp", "mesh"}}, "mesh.json");
  expect_input_error({"run", "-w", mesh, "--set", "topology.nodes=2", "--set", "workload.global_batch=512"},
                     {mesh, "/parallelism/collectives/dp", "inside one node", "2 nodes"});
  expect_input_error({"run", "-w", mesh, "--set", "topology.nodes=1", "--set", "workload.global_batch=256"},
                     {mesh, "/parallelism/collectives/dp", "directly linked"});
}

TEST(CliErrors, collective_algorithm_typos_and_unsupported_operations_are_named) {
  const auto typo = resnet_with_collectives({{"dp", "rign"}}, "typo.json");
  expect_input_error({"run", "-w", typo}, {"/parallelism/collectives/dp", "did you mean 'ring'"});
  const auto group = resnet_with_collectives({{"dq", "ring"}}, "group.json");
  expect_input_error({"run", "-w", group}, {"/parallelism/collectives", "dq"});
  const auto op = resnet_with_collectives({{"dp", {{"all_gather", "double_binary_tree"}}}}, "op.json");
  expect_input_error({"run", "-w", op}, {"/parallelism/collectives/dp/all_gather", "does not implement all_gather"});
}
