// tcsim run --trace: Chrome/Perfetto trace events of one step, checked against the report.
#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/scenario/JsonFile.hpp"

using tcsim::test::run_json;

TEST(CliTrace, gpt3_step_trace_is_valid_trace_event_json_and_shows_the_bubble) {
  // GPT-3's shape at 16 layers on 4 stages (TP8), 128 NPUs: 16 sequences of 1 per replica.
  const std::string path = tcsim::test::temp_file("gpt3.trace.json", "");
  const auto report = run_json({"-w", tcsim::test::source_path("workloads/gpt3-175b.json"), "--set", "topology.nodes=16",
                                "--set", "workload.model.layers=16", "--set", "workload.parallelism.pp=4", "--set",
                                "workload.global_batch=64", "--trace", path});
  const auto trace = tcsim::scenario::read_json_file(path);
  ASSERT_TRUE(trace.contains("traceEvents"));
  const auto& events = trace["traceEvents"];
  ASSERT_GT(events.size(), 100u);

  std::map<int, std::string> processes;
  std::map<int, std::vector<std::pair<double, double>>> compute_stream;  // per stage: (ts, dur) on thread 0
  std::map<int, double> wait_us, compute_us;
  std::map<int, double> first_compute_us;
  for (const auto& e : events) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("tid") && e.contains("name")) << e.dump();
    if (e["ph"] == "M") {
      if (e["name"] == "process_name") processes[e["pid"].get<int>()] = e["args"]["name"].get<std::string>();
      continue;
    }
    ASSERT_EQ(e["ph"], "X") << e.dump();
    const int pid = e["pid"].get<int>();
    const double ts = e["ts"].get<double>();
    const double dur = e["dur"].get<double>();
    EXPECT_GE(ts, 0);
    EXPECT_GE(dur, 0);
    if (e["tid"].get<int>() == 0 && dur > 0) compute_stream[pid].push_back({ts, dur});
    if (e["cat"] == "wait") wait_us[pid] += dur;
    if (e["cat"] == "compute") {
      compute_us[pid] += dur;
      if (!first_compute_us.count(pid)) first_compute_us[pid] = ts;
      first_compute_us[pid] = std::min(first_compute_us[pid], ts);
    }
  }
  // One process per pipeline stage, and one for the run's timeline.
  ASSERT_EQ(processes.size(), 5u);
  ASSERT_EQ(processes.count(1000), 1u);
  EXPECT_EQ(processes[1000], "training run (timeline)");
  // The run's job thread does one thing at a time and ends when training does.
  const auto& run_spans = compute_stream[1000];
  ASSERT_FALSE(run_spans.empty());
  const double run_end_us = std::max_element(run_spans.begin(), run_spans.end(), [](const auto& a, const auto& b) {
                              return a.first + a.second < b.first + b.second;
                            })->first + std::max_element(run_spans.begin(), run_spans.end(), [](const auto& a, const auto& b) {
                              return a.first + a.second < b.first + b.second;
                            })->second;
  EXPECT_NEAR(run_end_us * 1e-6, report["run"]["time_to_train_s"].get<double>(), 1e-6 * report["run"]["time_to_train_s"].get<double>());
  // A compute stream does one thing at a time.
  for (auto& [pid, spans] : compute_stream) {
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i)
      EXPECT_GE(spans[i].first, spans[i - 1].first + spans[i - 1].second - 1e-3 - 1e-12 * spans[i].first) << "process " << pid;
  }
  // The bubble: each later stage starts after the forward passes reach it and waits in 1F1B's
  // warm-up; the waiting and compute in the trace are the report's for the stage it breaks down.
  for (int p = 1; p < 4; ++p) {
    EXPECT_GT(first_compute_us[p], first_compute_us[p - 1]) << "stage " << p;
    EXPECT_GT(wait_us[p], 0) << "stage " << p;
  }
  const auto& breakdown = report["step"]["last_stage_breakdown"];
  const int last = breakdown["stage"].get<int>();
  EXPECT_NEAR(wait_us[last] * 1e-6, breakdown["pipeline_wait_s"].get<double>(), 1e-6);
  EXPECT_NEAR(compute_us[last] * 1e-6, breakdown["compute_s"].get<double>(), 1e-6);
  for (int p = 0; p < 4; ++p) EXPECT_LE(first_compute_us[p] * 1e-6, report["step"]["time_s"].get<double>());
}

TEST(CliTrace, data_parallel_trace_has_the_compute_stream_and_every_bucket_all_reduce) {
  const std::string path = tcsim::test::temp_file("resnet.trace.json", "");
  const auto report = run_json({"--set", "topology.nodes=16", "--set", "workload.global_batch=4096", "--trace", path});
  const auto trace = tcsim::scenario::read_json_file(path);
  double compute_us = 0;
  std::size_t buckets = 0;
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] != "X") continue;
    if (e["cat"] == "compute" || e["cat"] == "optimizer") compute_us += e["dur"].get<double>();
    if (e["cat"] == "dp") {
      ++buckets;
      EXPECT_FALSE(e["args"]["algorithm"].get<std::string>().empty());
    }
  }
  EXPECT_NEAR(compute_us * 1e-6, report["step"]["compute_s"].get<double>(), 1e-9);
  EXPECT_EQ(buckets, report["step"]["gradient_buckets"].get<std::size_t>());
}
