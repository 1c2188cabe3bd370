// Hybrid-parallel steps: the pipeline bubble emerges from the schedules, the time of the last
// stage is accounted for, and more bandwidth or a better placement never slows a step.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "support/TestPlatforms.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"

namespace {

/**
 * A GPT-like model of `layers` blocks with full recompute and a vocabulary of 8: with 8 blocks
 * per virtual stage, the embedding, final norm and head that only the first and last stages
 * compute are under 0.1% of a stage's work, so the stages are equal to that precision.
 */
nlohmann::json workload(int layers, int pp, int tp, int micro_batches, const std::string& schedule, int virtual_stages) {
  return {{"schema", "tcsim.workload/1"},
          {"name", "pipeline-test"},
          {"model",
           {{"kind", "transformer"}, {"layers", layers}, {"hidden", 4096}, {"heads", 32}, {"ffn_hidden", 16384},
            {"vocab", 8}, {"seq_len", 2048}}},
          {"dataset", {{"name", "synthetic"}, {"train_samples", 1000000}, {"eval_samples", 0}}},
          {"global_batch", micro_batches},
          {"epochs", 1},
          {"optimizer", "adam"},
          {"parallelism",
           {{"tp", tp},
            {"pp", pp},
            {"micro_batch", 1},
            {"schedule", schedule},
            {"virtual_stages", virtual_stages},
            {"recompute", "full"}}},
          {"evaluation", {{"every_epochs", 1}, {"at_end", false}}},
          {"communication", {{"bucket_mib", 25}, {"step_overhead_s", 0}}}};
}

/**
 * One node of `npus` Ascend 910C (128 GiB, room for 16 blocks per stage) in one HCCS group whose
 * links have (practically) infinite bandwidth and no latency.
 */
nlohmann::json free_network(int npus) {
  auto doc = tcsim::test::small_topology(1, npus, npus);
  doc["node"]["npu"] = "ascend910c";
  doc["node"]["intra"]["hccs_link_gbps"] = 1e9;
  doc["node"]["intra"]["hccs_latency_s"] = 0;
  return doc;
}

tcsim::report::Report run(const nlohmann::json& topology, const nlohmann::json& work) {
  tcsim::scenario::ScenarioInput input;
  input.topology = topology;
  input.topology_file = "topology.json";
  input.workload = work;
  input.workload_file = "workload.json";
  return tcsim::scenario::ScenarioRunner::run(input);
}

/** The same through the CLI, in a child process (SimGrid builds one platform per process). */
nlohmann::json run_in_child(const nlohmann::json& topology, const nlohmann::json& work) {
  static int n = 0;
  ++n;
  const auto t = tcsim::test::temp_file("topology" + std::to_string(n) + ".json", topology.dump());
  const auto w = tcsim::test::temp_file("workload" + std::to_string(n) + ".json", work.dump());
  return tcsim::test::run_json({"-t", t, "-w", w});
}

}  // namespace

TEST(PipelineSimulator, one_f_one_b_bubble_is_p_minus_1_over_m_plus_p_minus_1_with_free_communication) {
  const int p = 4, m = 8;
  const auto r = run(free_network(p), workload(8 * p, p, 1, m, "1f1b", 1));
  const double expected = (p - 1.0) / (m + p - 1.0);
  std::printf("1F1B p=%d m=%d: bubble %.5f, formula %.5f\n", p, m, r.step.bubble_fraction, expected);
  EXPECT_NEAR(r.step.bubble_fraction, expected, 0.003 * expected);
  EXPECT_EQ(r.step.micro_batches, m);
  // Free transfers: all the waiting is the schedule's bubble.
  EXPECT_GT(r.step.bubble_wait_s, 0);
  EXPECT_LT(r.step.pp_comm_s, 1e-6 * r.step.pipeline_wait_s);
}

TEST(PipelineSimulator, gpipe_has_the_same_bubble_as_1f1b) {
  const int p = 4, m = 8;
  const auto r = run(free_network(p), workload(8 * p, p, 1, m, "gpipe", 1));
  const double expected = (p - 1.0) / (m + p - 1.0);
  std::printf("GPipe p=%d m=%d: bubble %.5f, formula %.5f\n", p, m, r.step.bubble_fraction, expected);
  EXPECT_NEAR(r.step.bubble_fraction, expected, 0.003 * expected);
}

TEST(PipelineSimulator, interleaving_v_chunks_cuts_the_bubble_to_p_minus_1_over_v_m_plus_p_minus_1) {
  const int p = 4, m = 8, v = 2;
  const auto r = run(free_network(p), workload(8 * p * v, p, 1, m, "interleaved", v));
  const double expected = (p - 1.0) / (v * m + p - 1.0);
  std::printf("interleaved p=%d m=%d v=%d: bubble %.5f, formula %.5f\n", p, m, v, r.step.bubble_fraction, expected);
  EXPECT_NEAR(r.step.bubble_fraction, expected, 0.003 * expected);
}

TEST(PipelineSimulator, more_micro_batches_shrink_the_bubble) {
  double previous = 1;
  for (int m : {4, 8, 16, 32}) {
    const auto r = run_in_child(free_network(4), workload(8, 4, 1, m, "1f1b", 1));
    const double bubble = r["step"]["bubble_fraction"].get<double>();
    EXPECT_LT(bubble, previous) << m;
    previous = bubble;
  }
}

TEST(PipelineSimulator, the_last_stage_time_adds_up_and_bytes_sent_arrive) {
  // 2 nodes of 8 on the Atlas fabric: tp 4 inside an HCCS group, pp 2, dp 2.
  const auto r = run(tcsim::test::small_topology(2, 8, 4), workload(8, 2, 4, 8, "1f1b", 1));
  const auto& s = r.step;
  const double parts = s.stage_compute_s + s.tp_comm_s + s.ep_comm_s + s.pipeline_wait_s + s.dp_comm_s + s.optimizer_s;
  EXPECT_NEAR(parts, s.time_s, 1e-9 * s.time_s);
  // Every stage's parts, idle included, add up to the step; the last stage to finish idles 0.
  ASSERT_EQ(s.stages.size(), 2u);
  for (const auto& b : s.stages) {
    const double total = b.compute_s + b.tp_comm_s + b.ep_comm_s + b.bubble_wait_s + b.pp_comm_s + b.dp_comm_s +
                         b.optimizer_s + b.idle_s;
    EXPECT_NEAR(total, s.time_s, 1e-9 * s.time_s) << "stage " << b.stage;
    EXPECT_GE(b.idle_s, 0);
  }
  EXPECT_DOUBLE_EQ(s.stages[s.last_stage].idle_s, 0.0);
  // Waiting splits into the schedule's bubble and exposed pipeline transfers.
  EXPECT_NEAR(s.bubble_wait_s + s.pp_comm_s, s.pipeline_wait_s, 1e-12);
  EXPECT_GE(s.pp_comm_s, 0);
  EXPECT_GT(s.bubble_wait_s, 0);
  EXPECT_GT(s.tp_comm_s, 0);
  EXPECT_GT(s.dp_comm_s, 0);
  EXPECT_GT(s.bytes_sent, 0);
  EXPECT_DOUBLE_EQ(s.bytes_received, s.bytes_sent);
  EXPECT_EQ(r.dp, 2);
}

TEST(PipelineSimulator, replaying_private_tensor_collectives_changes_nothing_but_the_flows_simulated) {
  const auto flows = [](const nlohmann::json& j) { return j["sim"]["flows"].get<double>(); };
  // 2 nodes of 8, tp 4, pp 2, dp 2, 8 micro-batches; `group` NPUs per HCCS group.
  const auto compare = [&](int group, const std::vector<std::string>& order) {
    auto work = workload(8, 2, 4, 8, "1f1b", 1);
    work["parallelism"]["order"] = order;
    const auto name = "replay-" + std::to_string(group) + "-" + order.front() + order.back();
    const auto t = tcsim::test::temp_file(name + "-topology.json", tcsim::test::small_topology(2, 8, group).dump());
    const auto w = tcsim::test::temp_file(name + "-workload.json", work.dump());
    // Uncontended flows simulated both ways, so that the flow counts show the replay alone.
    const auto replayed = tcsim::test::run_json({"-t", t, "-w", w, "--simulate-uncontended"});
    const auto simulated = tcsim::test::run_json({"-t", t, "-w", w, "--no-replay", "--simulate-uncontended"});
    const double step_s = simulated["step"]["time_s"].get<double>();
    EXPECT_NEAR(replayed["step"]["time_s"].get<double>(), step_s, 1e-12 * step_s);
    EXPECT_NEAR(replayed["step"]["bubble_s"].get<double>(), simulated["step"]["bubble_s"].get<double>(), 1e-12 * step_s);
    for (const char* key : {"tp_comm_s", "dp_comm_s", "bubble_wait_s", "pp_comm_s"}) {
      EXPECT_NEAR(replayed["step"]["last_stage_breakdown"][key].get<double>(),
                  simulated["step"]["last_stage_breakdown"][key].get<double>(), 1e-12 * step_s)
          << key;
    }
    EXPECT_GT(simulated["step"]["last_stage_breakdown"]["tp_comm_s"].get<double>(), 0);
    std::printf("group %d, order %s..%s: %.0f flows simulated replaying, %.0f without\n", group, order.front().c_str(),
                order.back().c_str(), flows(replayed), flows(simulated));
    return std::make_pair(flows(replayed), flows(simulated));
  };
  // Tensor groups inside an HCCS group, or across nodes on NICs nothing else uses: each stage's
  // tensor all-reduces are simulated once per size, not once per micro-batch.
  for (const auto& order : {std::vector<std::string>{"tp", "dp", "pp"}, std::vector<std::string>{"dp", "pp", "tp"}}) {
    const auto [replayed, simulated] = compare(4, order);
    EXPECT_LT(replayed, simulated / 2);
  }
  // HCCS pairs with the tensor groups outermost: some of a tensor group's links also carry other
  // traffic, so nothing is replayed.
  const auto [replayed, simulated] = compare(2, {"dp", "pp", "tp"});
  EXPECT_EQ(replayed, simulated);
}

TEST(PipelineSimulator, timing_uncontended_flows_from_their_routes_changes_nothing_but_the_flows_simulated) {
  // 4 nodes of 8 on a 2:1 oversubscribed leaf pair, tp 4, pp 2, dp 4: tensor groups inside HCCS
  // groups, data-parallel groups across nodes beside the pipeline sends; with and without the
  // gradient reduction overlapping the backward passes (a second stream per stage).
  auto topology = tcsim::test::small_topology(4, 8, 4);
  topology["fabric"]["leaf_ports"] = 24;
  topology["fabric"]["oversubscription"] = 2;
  const auto t = tcsim::test::temp_file("uncontended-topology.json", topology.dump());
  for (bool overlap : {false, true}) {
    auto work = workload(8, 2, 4, 8, "1f1b", 1);
    work["global_batch"] = 32;
    work["communication"]["overlap_grad_reduce"] = overlap;
    const auto w = tcsim::test::temp_file(std::string("uncontended-") + (overlap ? "overlap" : "after") + ".json", work.dump());
    const auto timed = tcsim::test::run_json({"-t", t, "-w", w});
    const auto simulated = tcsim::test::run_json({"-t", t, "-w", w, "--simulate-uncontended"});
    const double step_s = simulated["step"]["time_s"].get<double>();
    std::printf("overlap %d: step %.9f s timing uncontended flows (%zu flows simulated), %.9f s simulating them (%zu)\n",
                overlap, timed["step"]["time_s"].get<double>(), timed["sim"]["flows"].get<std::size_t>(), step_s,
                simulated["sim"]["flows"].get<std::size_t>());
    EXPECT_NEAR(timed["step"]["time_s"].get<double>(), step_s, 1e-9 * step_s);
    for (const char* key : {"tp_comm_s", "dp_comm_s", "bubble_wait_s", "pp_comm_s"}) {
      EXPECT_NEAR(timed["step"]["last_stage_breakdown"][key].get<double>(),
                  simulated["step"]["last_stage_breakdown"][key].get<double>(), 1e-9 * step_s)
          << key;
    }
    EXPECT_GT(simulated["step"]["last_stage_breakdown"]["dp_comm_s"].get<double>(), 0);
    EXPECT_DOUBLE_EQ(timed["step"]["allreduce_bytes_per_npu"].get<double>(),
                     simulated["step"]["allreduce_bytes_per_npu"].get<double>());
    EXPECT_LT(timed["sim"]["flows"].get<std::size_t>(), simulated["sim"]["flows"].get<std::size_t>());
  }
}

TEST(PipelineSimulator, more_bandwidth_never_slows_a_hybrid_step) {
  auto slow = tcsim::test::small_topology(2, 8, 4);
  auto fast = slow;
  fast["node"]["intra"]["hccs_link_gbps"] = 2 * slow["node"]["intra"]["hccs_link_gbps"].get<double>();
  fast["node"]["intra"]["pcie_gbps"] = 2 * slow["node"]["intra"]["pcie_gbps"].get<double>();
  fast["node"]["nic"] = {{"gbps", 200}, {"latency_s", 2e-6}};
  slow["node"]["nic"] = {{"gbps", 100}, {"latency_s", 2e-6}};
  const auto work = workload(8, 2, 4, 8, "1f1b", 1);
  EXPECT_LE(run_in_child(fast, work)["step"]["time_s"].get<double>(), run_in_child(slow, work)["step"]["time_s"].get<double>());
}

TEST(PipelineSimulator, tensor_groups_inside_an_hccs_group_beat_tensor_groups_across_nodes) {
  auto work = workload(8, 2, 4, 8, "1f1b", 1);
  const auto inside = run_in_child(tcsim::test::small_topology(2, 8, 4), work);
  // Data parallel innermost, then stages: a tensor group's ranks are 4 NPUs apart, over PCIe and the NICs.
  work["parallelism"]["order"] = {"dp", "pp", "tp"};
  const auto across = run_in_child(tcsim::test::small_topology(2, 8, 4), work);
  const auto tp_s = [](const nlohmann::json& j) { return j["step"]["last_stage_breakdown"]["tp_comm_s"].get<double>(); };
  std::printf("tp all-reduces: %.4f s inside an HCCS group, %.4f s across\n", tp_s(inside), tp_s(across));
  EXPECT_LT(tp_s(inside), tp_s(across));
  EXPECT_LT(inside["step"]["time_s"].get<double>(), across["step"]["time_s"].get<double>());
}

TEST(PipelineSimulator, gpt3_175b_runs_at_tp8_pp16_on_the_atlas_900) {
  const auto j = tcsim::test::run_json({"-t", tcsim::test::source_path("topologies/atlas900-1024.json"), "-w",
                                        tcsim::test::source_path("workloads/gpt3-175b.json")});
  EXPECT_EQ(j["tp"], 8);
  EXPECT_EQ(j["pp"], 16);
  EXPECT_EQ(j["dp"], 8);
  const double formula = 15.0 / (192 + 15);
  const double bubble = j["step"]["bubble_fraction"].get<double>();
  // Communication only adds waiting to the ideal bubble.
  EXPECT_GT(bubble, formula);
  EXPECT_LT(bubble, 2 * formula);
  EXPECT_GT(j["step"]["last_stage_breakdown"]["tp_comm_s"].get<double>(), 0);
}

TEST(PipelineSimulator, experts_exchange_tokens_in_all_to_alls_on_the_cloudmatrix_supernode) {
  const auto j = tcsim::test::run_json({"-t", tcsim::test::source_path("topologies/atlas900-a3-superpod.json"), "-w",
                                        tcsim::test::source_path("workloads/deepseek-v3-moe.json")});
  EXPECT_EQ(j["ep"], 16);
  const auto& b = j["step"]["last_stage_breakdown"];
  EXPECT_GT(b["ep_comm_s"].get<double>(), 0);
  EXPECT_EQ(b["tp_comm_s"].get<double>(), 0);  // no tensor parallelism in this plan
  const double parts = b["compute_s"].get<double>() + b["tp_comm_s"].get<double>() + b["ep_comm_s"].get<double>() +
                       b["pipeline_wait_s"].get<double>() + b["dp_comm_s"].get<double>() + b["optimizer_s"].get<double>();
  EXPECT_NEAR(parts, j["step"]["time_s"].get<double>(), 1e-9 * parts);
}

TEST(PipelineSimulator, zero_3_gathers_parameters_every_pass_and_costs_more_than_zero_1) {
  auto work = workload(8, 1, 1, 64, "1f1b", 1);  // 16 data-parallel ranks, 4 micro-batches each
  auto topology = tcsim::test::small_topology(2, 8, 4);
  work["parallelism"]["zero_stage"] = 1;
  const auto zero1 = run_in_child(topology, work);
  work["parallelism"]["zero_stage"] = 3;
  const auto zero3 = run_in_child(topology, work);
  const auto dp_s = [](const nlohmann::json& j) { return j["step"]["last_stage_breakdown"]["dp_comm_s"].get<double>(); };
  std::printf("data-parallel communication: ZeRO-1 %.4f s, ZeRO-3 %.4f s\n", dp_s(zero1), dp_s(zero3));
  EXPECT_GT(dp_s(zero3), dp_s(zero1));
  EXPECT_GT(zero3["step"]["time_s"].get<double>(), zero1["step"]["time_s"].get<double>());
}
