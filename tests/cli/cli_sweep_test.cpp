// tcsim sweep: points in a stable order, the same bytes whatever the jobs, sharded and merged.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/SweepSpec.hpp"

using tcsim::test::run_cli;
using tcsim::test::source_path;
using tcsim::test::temp_file;

namespace {

/** A sweep of ResNet-50 on the Atlas 900's nodes with `axes` (a JSON object's members). */
std::string sweep_file(const std::string& name, const std::string& axes) {
  return temp_file(name, R"({"schema": "tcsim.sweep/1", "topology": ")" + source_path("topologies/atlas900-1024.json") +
                             R"(", "workload": ")" + source_path("workloads/resnet50-mlperf.json") +
                             R"(", "set": ["workload.global_batch=1024", "workload.dataset.eval_samples=0"], )" + axes + "}");
}


}  // namespace

TEST(SweepSpec, grid_varies_the_last_axis_fastest_and_zip_and_points_keep_their_order) {
  const auto grid = tcsim::scenario::SweepSpec::load(
      sweep_file("grid.json", R"("grid": {"topology.nodes": [2, 4], "workload.global_batch": [256, 512, 1024]})"));
  ASSERT_EQ(grid.points.size(), 6u);
  EXPECT_EQ(grid.points[0].id, "p0000");
  // Axes in key order (topology.nodes before workload.global_batch), the last varying fastest;
  // the base's overrides first.
  EXPECT_EQ(grid.points[1].overrides.back(), "workload.global_batch=512");
  EXPECT_EQ(grid.points[3].overrides[2], "topology.nodes=4");
  EXPECT_EQ(grid.points[3].overrides[0], "workload.global_batch=1024");
  const auto zip = tcsim::scenario::SweepSpec::load(
      sweep_file("zip.json", R"("zip": {"topology.nodes": [2, 4], "workload.global_batch": [256, 512]})"));
  ASSERT_EQ(zip.points.size(), 2u);
  EXPECT_EQ(zip.points[1].overrides.back(), "workload.global_batch=512");
  const auto points = tcsim::scenario::SweepSpec::load(
      sweep_file("points.json", R"("points": [{"topology.nodes": 8}, {"topology.fabric.oversubscription": 2}])"));
  ASSERT_EQ(points.points.size(), 2u);
  EXPECT_EQ(points.points[1].overrides.back(), "topology.fabric.oversubscription=2");
}

TEST(SweepSpec, bad_sweeps_name_the_file_and_path) {
  std::string path;
  auto error = [&](const std::string& axes) {
    return tcsim::test::input_error_text([&] { tcsim::scenario::SweepSpec::load(sweep_file("bad.json", axes)); }, &path);
  };
  EXPECT_NE(error(R"("grid": {"topology.nodes": []})").find("non-empty array"), std::string::npos);
  EXPECT_EQ(path, "/grid/topology.nodes");
  EXPECT_NE(error(R"("zip": {"topology.nodes": [2, 4], "workload.global_batch": [256]})").find("equal lengths"),
            std::string::npos);
  EXPECT_NE(error(R"("grid": {"nodes": [2]})").find("starts with topology. or workload."), std::string::npos);
  EXPECT_NE(error(R"("grid": {"topology.nodes": [2]}, "zip": {"topology.nodes": [2]})").find("exactly one"),
            std::string::npos);
  EXPECT_NE(error(R"("grdi": {"topology.nodes": [2]})").find("did you mean 'grid'"), std::string::npos);
}

TEST(CliSweep, one_record_per_point_in_order_and_the_same_bytes_whatever_the_jobs) {
  const auto file = sweep_file("jobs.json", R"("grid": {"topology.nodes": [1, 2, 4], "topology.node.nic.gbps": [25, 100]})");
  const auto one = run_cli({"sweep", file, "-j", "1"});
  const auto two = run_cli({"sweep", file, "-j", "3"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(std::count(one.out.begin(), one.out.end(), '\n'), 7);
  EXPECT_NE(one.out.find("\np0005,"), std::string::npos) << one.out;
  // Axes in key order: topology.node.nic.gbps, then topology.nodes (fastest). More bandwidth
  // never slows a step: p0003 (1 node, 100 Gb/s) against p0000 (1 node, 25 Gb/s), and so on.
  const auto jsonl = run_cli({"sweep", file, "--format", "jsonl"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  std::istringstream lines(jsonl.out);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 6u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_LE(rows[i + 3]["metrics"]["step_time_s"].get<double>(), rows[i]["metrics"]["step_time_s"].get<double>());
}

TEST(CliSweep, two_hundred_points_sharded_four_ways_through_gnu_parallel_merge_to_the_unsharded_run) {
  ASSERT_EQ(std::system("command -v parallel > /dev/null"), 0)
      << "GNU parallel is missing: scripts/setup.sh --test installs Debian's 'parallel'";
  const auto file = sweep_file(
      "two-hundred.json",
      R"("grid": {"topology.nodes": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
                  "topology.node.nic.gbps": [10, 25, 40, 50, 56, 80, 100, 160, 200, 400]})");
  const auto whole = run_cli({"sweep", file, "-j", "1"});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(std::count(whole.out.begin(), whole.out.end(), '\n'), 201);
  const std::string dir = file.substr(0, file.find_last_of('/'));
  const std::string command = "seq 0 3 | parallel -j 4 '" + std::string(TCSIM_CLI_PATH) + " sweep -q " + file +
                              " --shard {}/4 --out " + dir + "/shard{}.csv'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const auto merged = run_cli({"sweep", file, "--merge", dir + "/shard2.csv", dir + "/shard0.csv", dir + "/shard3.csv",
                               dir + "/shard1.csv"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(merged.out, whole.out);
  // A shard missing, one given twice, or a shard of another sweep: refused.
  auto r = run_cli({"sweep", file, "--merge", dir + "/shard0.csv", dir + "/shard1.csv", dir + "/shard2.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("50 of 200 points are in none of the files"), std::string::npos) << r.err;
  r = run_cli({"sweep", file, "--merge", dir + "/shard0.csv", dir + "/shard1.csv", dir + "/shard2.csv", dir + "/shard3.csv",
               dir + "/shard1.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("overlap"), std::string::npos) << r.err;
  const auto other = sweep_file("other.json", R"("grid": {"topology.nodes": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21],
                  "topology.node.nic.gbps": [10, 25, 40, 50, 56, 80, 100, 160, 200, 400]})");
  r = run_cli({"sweep", other, "--merge", dir + "/shard0.csv", dir + "/shard1.csv", dir + "/shard2.csv", dir + "/shard3.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("other overrides"), std::string::npos) << r.err;
  // Resuming from one shard's output runs the rest and gives the whole sweep.
  const std::string resumed = dir + "/resumed.csv";
  std::ofstream(resumed, std::ios::binary) << tcsim::test::read_text(dir + "/shard0.csv");
  r = run_cli({"sweep", file, "--out", resumed, "--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tcsim::test::read_text(resumed), whole.out);
}

TEST(CliSweep, a_point_that_fails_keeps_its_row_and_the_sweep_goes_on) {
  // The second point's plan needs more NPUs than 1 node has: its row says why; the others run.
  // (The first point of each set of keys is checked before anything runs; the second is not.)
  const auto file = sweep_file("fails.json", R"("points": [{"topology.nodes": 2, "workload.parallelism.dp": 16},
                                                           {"topology.nodes": 1, "workload.parallelism.dp": 64},
                                                           {"topology.nodes": 4, "workload.parallelism.dp": 32}])");
  const auto r = run_cli({"sweep", file});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("1 of 3 points failed"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4);
  EXPECT_NE(r.out.find("\np0002,"), std::string::npos);
}

TEST(CliSweep, bad_axes_and_shards_are_refused_before_anything_runs) {
  auto r = run_cli({"sweep", sweep_file("key.json", R"("grid": {"topology.nodez": [2, 4]})")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'nodes'"), std::string::npos) << r.err;
  const auto file = sweep_file("ok.json", R"("grid": {"topology.nodes": [2, 4]})");
  r = run_cli({"sweep", file, "--shard", "4/4"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("numbered 0 to 3"), std::string::npos) << r.err;
  r = run_cli({"sweep", file, "--shard", "x"});
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli({"sweep", file, "--resume"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs --out"), std::string::npos) << r.err;
}
