#include "tcsim/report/WorkloadWriter.hpp"

#include <cstdio>
#include <sstream>

#include "tcsim/common/Version.hpp"
#include "tcsim/workload/TransformerBuilder.hpp"

namespace tcsim::report {
namespace {

using engine::StepGraph;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string format(const char* pattern, double value) {
  char text[128];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

const char* recompute_name(workload::Recompute r) {
  switch (r) {
    case workload::Recompute::none: return "none";
    case workload::Recompute::selective: return "selective";
    case workload::Recompute::full: return "full";
  }
  return "?";
}

/** Blocks per pipeline stage (all its chunks). */
std::vector<int> stage_layers(const parallel::ParallelPlan& plan) {
  std::vector<int> layers;
  if (plan.virtual_stage_blocks.empty()) return layers;
  for (int p = 0; p < plan.pp; ++p) layers.push_back(plan.stage_blocks(p));
  return layers;
}

nlohmann::ordered_json collectives_json(const std::vector<StepGraph::Collective>& list) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& c : list) {
    out.push_back({{"kind", StepGraph::kind_name(c.kind)},
                   {"group", StepGraph::group_name(c.group)},
                   {"bytes_per_rank", c.bytes},
                   {"count", c.count},
                   {"what", c.what}});
  }
  return out;
}

}  // namespace

nlohmann::ordered_json WorkloadWriter::to_json(const scenario::WorkloadInspection& w) {
  const auto& plan = w.plan;
  const auto& placement = *w.placement;
  nlohmann::ordered_json j;
  j["tcsim_version"] = version();
  j["workload"] = w.workload.name;
  j["topology"] = w.topology.name;
  j["model"] = w.workload.model.name();
  j["params"] = w.workload.model.params();
  if (w.workload.transformer && w.workload.transformer->moe()) {
    j["active_params"] = workload::TransformerBuilder::active_params(*w.workload.transformer);
  }
  j["flops_per_step"] = w.flops_per_step();
  j["model_flops_per_step"] = w.model_flops_per_step();
  j["memory_per_npu_gib"] = w.memory.total_bytes() / kGiB;
  // What one checkpoint holds (16-bit weights and optimizer state), spread over every rank.
  j["checkpoint_bytes_per_npu"] = workload::MemoryModel::checkpoint_bytes(w.workload) / plan.npus();
  j["parallelism"] = {
      {"npus", plan.npus()},
      {"npus_available", w.topology.npus()},
      {"dp", plan.dp},
      {"tp", plan.tp},
      {"pp", plan.pp},
      {"ep", plan.ep},
      {"virtual_stages", plan.virtual_stages},
      {"schedule", plan.schedule},
      {"micro_batch", plan.micro_batch},
      {"micro_batches", plan.micro_batches},
      {"batch_per_rank", plan.batch_per_rank},
      {"zero_stage", w.workload.zero_stage},
      {"recompute", recompute_name(w.workload.recompute)},
      {"sequence_parallel", w.workload.sequence_parallel},
      {"order", placement.order()},
      {"stage_layers", stage_layers(plan)},
  };
  std::vector<int> pipeline;
  for (int p = 0; p < plan.pp; ++p) pipeline.push_back(placement.npu(0, p, 0));
  j["placement"] = {
      {"tp_group_nodes", placement.nodes_spanned(placement.tp_group(0, 0))},
      {"pipeline_nodes", placement.nodes_spanned(pipeline)},
      {"dp_group_nodes", placement.nodes_spanned(placement.dp_group(0, 0))},
  };
  j["memory"] = {
      {"stage", w.memory.stage},
      {"weights_gib", w.memory.weights_bytes / kGiB},
      {"gradients_gib", w.memory.gradients_bytes / kGiB},
      {"optimizer_gib", w.memory.optimizer_bytes / kGiB},
      {"activations_gib", w.memory.activations_bytes / kGiB},
      {"buffers_gib", w.memory.buffers_bytes / kGiB},
      {"micro_batches_in_flight", w.memory.micro_batches_in_flight},
      {"hbm_gib", w.hbm_bytes / kGiB},
  };
  nlohmann::ordered_json traffic = nlohmann::ordered_json::array();
  for (const auto& t : w.graph->traffic()) {
    traffic.push_back({{"group", t.group},
                       {"ranks", t.ranks},
                       {"nodes", t.nodes},
                       {"operations_per_step", t.operations},
                       {"bytes_per_rank_per_step", t.bytes_per_rank},
                       {"kinds", t.kinds}});
  }
  j["collectives"] = traffic;
  return j;
}

std::string WorkloadWriter::to_table(const scenario::WorkloadInspection& w) {
  const auto& plan = w.plan;
  const auto j = to_json(w);
  std::ostringstream out;
  out << "tcsim " << version() << ": workload " << w.workload.name << " on " << w.topology.name << "\n\n";
  out << "  model            " << w.workload.model.name() << ", " << format("%.4g", w.workload.model.params() / 1e9)
      << " B parameters";
  if (j.contains("active_params")) out << " (" << format("%.4g", j["active_params"].get<double>() / 1e9) << " B active)";
  out << "\n";
  out << "  plan             " << plan.npus() << " of " << w.topology.npus() << " NPUs: dp " << plan.dp << " x tp "
      << plan.tp << " x pp " << plan.pp << " (ep " << plan.ep << ")";
  if (plan.virtual_stages > 1) out << ", " << plan.virtual_stages << " chunks per stage";
  out << "\n";
  out << "  batch            " << format("%g", plan.batch_per_rank) << " per data-parallel rank = "
      << plan.micro_batches << " micro-batches of " << format("%g", plan.micro_batch) << ", schedule " << plan.schedule
      << "\n";
  out << "  training         recompute " << recompute_name(w.workload.recompute) << ", ZeRO stage "
      << w.workload.zero_stage << (w.workload.sequence_parallel ? ", sequence parallel" : "") << ", optimizer "
      << w.workload.optimizer << "\n";
  const auto layers = stage_layers(plan);
  if (plan.pp > 1) {
    out << "  layers per stage ";
    for (std::size_t p = 0; p < layers.size(); ++p) out << (p ? " " : "") << layers[p];
    out << "\n";
  }
  out << "  placement        order";
  for (const auto& dim : w.placement->order()) out << " " << dim;
  out << ": a tensor group spans " << j["placement"]["tp_group_nodes"].get<int>() << " node(s), a pipeline "
      << j["placement"]["pipeline_nodes"].get<int>() << ", a data-parallel group " << j["placement"]["dp_group_nodes"].get<int>()
      << "\n";
  const auto& m = w.memory;
  out << "  memory per NPU   " << format("%.2f GiB", m.total_bytes() / kGiB) << " of " << format("%.2f GiB", w.hbm_bytes / kGiB)
      << " (stage " << m.stage << "): weights " << format("%.2f", m.weights_bytes / kGiB) << ", gradients "
      << format("%.2f", m.gradients_bytes / kGiB) << ", optimizer " << format("%.2f", m.optimizer_bytes / kGiB)
      << ", activations " << format("%.2f", m.activations_bytes / kGiB) << " (" << m.micro_batches_in_flight
      << " micro-batches), buffers " << format("%.2f", m.buffers_bytes / kGiB) << "\n";
  out << "  FLOPs per step   " << format("%.4g", w.flops_per_step()) << " (model " << format("%.4g", w.model_flops_per_step())
      << " without recompute)\n";
  out << "  checkpoint       " << format("%.3g MB", j["checkpoint_bytes_per_npu"].get<double>() / 1e6)
      << " per NPU (16-bit weights and optimizer state, over every rank)\n\n";
  out << "Collectives per step, one rank of the busiest stage\n";
  out << "  group  ranks  nodes  operations  bytes per rank  kinds\n";
  for (const auto& t : j["collectives"]) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-5s  %5d  %5d  %10lld  %14s  ", t["group"].get<std::string>().c_str(),
                  t["ranks"].get<int>(), t["nodes"].get<int>(), t["operations_per_step"].get<long long>(),
                  (format("%.3g", t["bytes_per_rank_per_step"].get<double>() / kGiB) + " GiB").c_str());
    out << line;
    const auto& kinds = t["kinds"];
    for (std::size_t k = 0; k < kinds.size(); ++k) out << (k ? ", " : "") << kinds[k].get<std::string>();
    out << "\n";
  }
  return out.str();
}

std::string WorkloadWriter::render(const scenario::WorkloadInspection& w, const std::string& format) {
  if (format == "json") return to_json(w).dump(2) + "\n";
  return to_table(w);
}

nlohmann::ordered_json WorkloadWriter::step_graph(const scenario::WorkloadInspection& w) {
  const StepGraph& graph = *w.graph;
  const auto& plan = graph.plan();
  const auto& placement = graph.placement();
  nlohmann::ordered_json j;
  j["schema"] = "tcsim.step_graph/1";
  j["tcsim_version"] = version();
  j["workload"] = w.workload.name;
  j["topology"] = w.topology.name;
  j["note"] = "one data-parallel replica; every replica runs the same passes, and dp/edp groups span all replicas";
  j["parallelism"] = to_json(w)["parallelism"];
  j["step_overhead_s"] = graph.step_overhead_s();
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (const auto& stage : graph.stages()) {
    const int p = stage.stage;
    nlohmann::ordered_json s;
    s["stage"] = p;
    s["device"] = stage.device;
    s["groups"] = {{"tp", placement.tp_group(0, p)},
                   {"ep", placement.ep_group(0, p, 0)},
                   {"dp", placement.dp_group(p, 0)},
                   {"edp", placement.expert_dp_group(0, p, 0)}};
    nlohmann::ordered_json chunks = nlohmann::ordered_json::array();
    for (int c = 0; c < plan.virtual_stages; ++c) {
      chunks.push_back({{"chunk", c}, {"virtual_stage", plan.virtual_stage(p, c)}, {"layers", stage.chunk_layers[c]}});
    }
    s["chunks"] = chunks;
    s["params_per_rank"] = stage.params_per_rank;
    s["flops_per_rank"] = stage.flops_per_rank;
    nlohmann::ordered_json ops = nlohmann::ordered_json::array();
    for (const auto& op : stage.ops) {
      const StepGraph::Pass& pass = op.forward ? stage.forward[op.chunk] : stage.backward[op.chunk];
      nlohmann::ordered_json o = {{"pass", op.forward ? "forward" : "backward"},
                                  {"micro_batch", op.micro_batch},
                                  {"chunk", op.chunk},
                                  {"compute_s", pass.compute_s},
                                  {"collectives", collectives_json(pass.collectives)}};
      const int k = plan.virtual_stage(p, op.chunk);
      const int target = op.forward ? k + 1 : k - 1;
      if (pass.send_bytes > 0 && target >= 0 && target < plan.virtual_stage_count()) {
        o["send"] = {{"to_stage", target % plan.pp}, {"to_chunk", target / plan.pp}, {"bytes_per_rank", pass.send_bytes}};
      }
      ops.push_back(std::move(o));
    }
    s["ops"] = ops;
    s["gradient_sync"] = collectives_json(stage.gradient_sync);
    s["optimizer_s"] = stage.optimizer_s;
    s["after_optimizer"] = collectives_json(stage.after_optimizer);
    stages.push_back(std::move(s));
  }
  j["stages"] = stages;
  return j;
}

}  // namespace tcsim::report
