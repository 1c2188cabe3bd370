#include "tcsim/engine/StepGraph.hpp"

#include <algorithm>

#include "tcsim/parallel/PipelineSchedule.hpp"
#include "tcsim/workload/StageSplit.hpp"

namespace tcsim::engine {
namespace {

using workload::Layer;
using workload::OpKind;
using Collective = StepGraph::Collective;

/**
 * One rank's share of a layer under tensor parallelism (Megatron-LM): matrix multiplies,
 * attention heads, the vocabulary-parallel embedding, head and loss, and the MLP activation are
 * split over tp; norms are replicated unless sequence parallelism splits them too. Experts are
 * split over ep: a rank holds experts/ep of them and, with balanced routing, computes as many
 * tokens as it sends away, so its FLOPs stay those of the layer.
 */
Layer shard(const Layer& layer, int tp, int ep, bool sequence_parallel) {
  Layer s = layer;
  const bool split = layer.kind != OpKind::normalization || sequence_parallel;
  const double t = split ? tp : 1;
  const double e = layer.experts ? ep : 1;
  s.params = layer.params / (layer.kind == OpKind::normalization ? 1 : t) / e;
  s.forward_flops_per_sample /= t;
  s.backward_flops_per_sample /= t;
  s.forward_activation_elements_per_sample /= t;
  s.backward_activation_elements_per_sample /= t;
  s.forward_weight_elements /= t * e;
  s.backward_weight_elements /= t * e;
  s.output_elements /= t;
  for (auto& g : s.gemms) {
    switch (g.tp_split) {
      case workload::GemmSplit::columns: g.n /= t; break;
      case workload::GemmSplit::reduction: g.k /= t; break;
      case workload::GemmSplit::instances: g.instances /= t; break;
    }
    if (g.experts) {
      // experts/ep experts on this rank, each fed by all ep ranks' tokens.
      g.instances /= e;
      g.rows_per_sample *= e;
    }
  }
  return s;
}

void add(std::vector<Collective>& list, Collective::Kind kind, Collective::Group group, double bytes, int count,
         const std::string& what) {
  if (count <= 0 || bytes <= 0) return;
  list.push_back(Collective{kind, group, bytes, count, what});
}

}  // namespace

const char* StepGraph::kind_name(Collective::Kind kind) {
  switch (kind) {
    case Collective::Kind::all_reduce: return "all_reduce";
    case Collective::Kind::reduce_scatter: return "reduce_scatter";
    case Collective::Kind::all_gather: return "all_gather";
    case Collective::Kind::all_to_all: return "all_to_all";
  }
  return "?";
}

const char* StepGraph::group_name(Collective::Group group) {
  switch (group) {
    case Collective::Group::tp: return "tp";
    case Collective::Group::ep: return "ep";
    case Collective::Group::dp: return "dp";
    case Collective::Group::edp: return "edp";
  }
  return "?";
}

std::vector<StepGraph::Traffic> StepGraph::traffic() const {
  const std::vector<std::pair<std::string, std::vector<int>>> groups = {
      {"tp", placement_.tp_group(0, 0)},
      {"pp", [this] {
         std::vector<int> pipeline;
         for (int p = 0; p < plan_.pp; ++p) pipeline.push_back(placement_.npu(0, p, 0));
         return pipeline;
       }()},
      {"ep", placement_.ep_group(0, 0, 0)},
      {"dp", placement_.dp_group(0, 0)},
      {"edp", placement_.expert_dp_group(0, 0, 0)},
  };
  std::vector<Traffic> out;
  for (const auto& [name, first_group] : groups) {
    Traffic busiest;
    for (const auto& stage : stages_) {
      Traffic t;
      auto note_kind = [&t](const std::string& kind) {
        if (std::find(t.kinds.begin(), t.kinds.end(), kind) == t.kinds.end()) t.kinds.push_back(kind);
      };
      auto count = [&](const std::vector<Collective>& list, int repeat) {
        for (const auto& c : list) {
          if (group_name(c.group) != name) continue;
          t.operations += static_cast<long long>(c.count) * repeat;
          t.bytes_per_rank += c.bytes * repeat;
          note_kind(kind_name(c.kind));
        }
      };
      for (const auto& op : stage.ops) {
        const Pass& pass = op.forward ? stage.forward[op.chunk] : stage.backward[op.chunk];
        count(pass.collectives, 1);
        if (name == "pp" && pass.send_bytes > 0) {
          ++t.operations;
          t.bytes_per_rank += pass.send_bytes;
          note_kind("send");
        }
      }
      count(stage.gradient_sync, 1);
      count(stage.after_optimizer, 1);
      if (t.bytes_per_rank > busiest.bytes_per_rank) busiest = t;
    }
    if (busiest.operations == 0) continue;
    busiest.group = name;
    busiest.ranks = static_cast<int>(first_group.size());
    busiest.nodes = placement_.nodes_spanned(first_group);
    out.push_back(std::move(busiest));
  }
  return out;
}

StepGraph StepGraph::build(const workload::WorkloadSpec& w, const parallel::ParallelPlan& plan,
                           const parallel::RankPlacement& placement, const std::vector<ComputeModel>& compute) {
  StepGraph graph(plan, placement);
  graph.step_overhead_s_ = w.collective_step_overhead_s;
  graph.overlap_bucket_bytes_ = w.overlap_grad_reduce ? w.gradient_bucket_bytes : 0.0;
  const workload::Model& model = w.model;
  const std::vector<int> owner = workload::stage_of_layers(model, plan.virtual_stage_blocks);
  const double mb = plan.micro_batch;
  const bool full_recompute = w.recompute == workload::Recompute::full;
  const bool selective_recompute = w.recompute == workload::Recompute::selective;
  constexpr double kBytes = ComputeModel::kActivationBytes;
  // Activations that cross a tensor-parallel collective or a stage boundary: s·b·h per micro-batch.
  const double activation_bytes = w.transformer ? kBytes * w.transformer->seq_len * mb * w.transformer->hidden : 0;
  const int last_vs = plan.virtual_stage_count() - 1;

  for (int p = 0; p < plan.pp; ++p) {
    const ComputeModel& cm = compute.at(p);
    Stage stage;
    stage.stage = p;
    stage.device = cm.device().key;
    stage.ops = parallel::PipelineSchedule::for_stage(plan.schedule, plan.pp, p, plan.micro_batches, plan.virtual_stages);
    double dense_params = 0;   // this rank's parameters outside experts
    double expert_params = 0;  // and inside them
    for (int c = 0; c < plan.virtual_stages; ++c) {
      const int k = plan.virtual_stage(p, c);
      Pass fwd;
      Pass bwd;
      std::vector<std::string> names;
      int blocks = 0;
      int moe_blocks = 0;
      bool embedding = false;
      double chunk_params = 0;
      int last_block = -1;
      for (std::size_t i = 0; i < model.layers().size(); ++i) {
        if (owner[i] != k) continue;
        const Layer& layer = shard(model.layers()[i], plan.tp, plan.ep, w.sequence_parallel);
        names.push_back(layer.name);
        fwd.compute_s += cm.forward_s(layer, mb);
        bwd.compute_s += cm.backward_s(layer, mb);
        // Recompute replays forward work inside the backward pass.
        const bool replay = (full_recompute && layer.block >= 0) || (selective_recompute && layer.kind == OpKind::attention);
        if (replay) bwd.compute_s += cm.forward_s(layer, mb);
        stage.flops_per_rank += plan.micro_batches * mb *
                                (layer.forward_flops_per_sample * (replay ? 2 : 1) + layer.backward_flops_per_sample);
        (layer.experts ? expert_params : dense_params) += layer.params;
        chunk_params += layer.params;
        if (layer.block >= 0 && layer.block != last_block) {
          ++blocks;
          last_block = layer.block;
        }
        if (layer.experts) ++moe_blocks;
        if (layer.kind == OpKind::embedding) embedding = true;
      }
      stage.chunk_layers.push_back(std::move(names));
      stage.chunk_params.push_back(chunk_params);

      if (plan.tp > 1) {
        // Two per block (attention output, MLP output) each way, replayed by full recompute; the
        // vocabulary-parallel embedding adds one in the forward pass.
        const char* what = w.sequence_parallel ? "sequence-parallel all-gather + reduce-scatter pairs (as one all-reduce each)"
                                               : "Megatron attention and MLP output all-reduces";
        const int fwd_count = 2 * blocks + (embedding ? 1 : 0);
        const int bwd_count = 2 * blocks * (full_recompute ? 2 : 1);
        add(fwd.collectives, Collective::Kind::all_reduce, Collective::Group::tp, activation_bytes * fwd_count, fwd_count, what);
        add(bwd.collectives, Collective::Kind::all_reduce, Collective::Group::tp, activation_bytes * bwd_count, bwd_count, what);
      }
      if (plan.ep > 1 && moe_blocks > 0) {
        // Dispatch and combine: each token's top-k copies, split over the tp ranks.
        const double per_all_to_all = activation_bytes * w.transformer->top_k / plan.tp;
        const int fwd_count = 2 * moe_blocks;
        const int bwd_count = 2 * moe_blocks * (full_recompute ? 2 : 1);
        add(fwd.collectives, Collective::Kind::all_to_all, Collective::Group::ep, per_all_to_all * fwd_count, fwd_count,
            "expert dispatch and combine");
        add(bwd.collectives, Collective::Kind::all_to_all, Collective::Group::ep, per_all_to_all * bwd_count, bwd_count,
            "expert dispatch and combine (gradients)");
      }
      if (w.zero_stage >= 3 && plan.dp > 1) {
        // ZeRO-3 gathers the chunk's parameters before each pass and reduce-scatters its
        // gradients after each backward (DeepSpeed, with gradient accumulation).
        add(fwd.collectives, Collective::Kind::all_gather, Collective::Group::dp, kBytes * chunk_params, 1,
            "ZeRO-3 parameter gather");
        add(bwd.collectives, Collective::Kind::all_gather, Collective::Group::dp, kBytes * chunk_params, 1,
            "ZeRO-3 parameter gather");
      }
      if (w.zero_stage >= 2 && plan.dp > 1) {
        add(bwd.collectives, Collective::Kind::reduce_scatter, Collective::Group::dp, kBytes * chunk_params, 1,
            "ZeRO gradient reduce-scatter");
      }
      // Megatron's scatter-gather optimisation: each tensor rank sends its 1/tp slice.
      fwd.send_bytes = k < last_vs ? activation_bytes / plan.tp : 0;
      bwd.send_bytes = k > 0 ? activation_bytes / plan.tp : 0;
      stage.forward.push_back(std::move(fwd));
      stage.backward.push_back(std::move(bwd));
    }
    stage.params_per_rank = dense_params + expert_params;

    // Gradient synchronisation once per step (during the last backward passes with
    // overlap_grad_reduce, see PipelineSimulator), unless ZeRO 2/3 already reduced every
    // micro-batch's gradients.
    const double dense_bytes = kBytes * dense_params;
    const double expert_bytes = kBytes * expert_params;
    const int edp = plan.dp / plan.ep;
    if (plan.dp > 1 && w.zero_stage <= 1) {
      const auto kind = w.zero_stage == 0 ? Collective::Kind::all_reduce : Collective::Kind::reduce_scatter;
      add(stage.gradient_sync, kind, Collective::Group::dp, plan.ep > 1 ? dense_bytes : dense_bytes + expert_bytes, 1,
          "data-parallel gradient reduction");
    }
    if (plan.ep > 1 && edp > 1) {
      add(stage.gradient_sync, w.zero_stage == 0 ? Collective::Kind::all_reduce : Collective::Kind::reduce_scatter,
          Collective::Group::edp, expert_bytes, 1, "expert gradient reduction over replicas of the same experts");
    }
    // The optimizer updates this rank's shard of the parameters (sharded over dp from ZeRO-1).
    const double shard_params =
        w.zero_stage >= 1 ? dense_params / plan.dp + expert_params / edp : dense_params + expert_params;
    stage.optimizer_s = cm.optimizer_s(shard_params, w.optimizer, 1);
    if ((w.zero_stage == 1 || w.zero_stage == 2) && plan.dp > 1) {
      add(stage.after_optimizer, Collective::Kind::all_gather, Collective::Group::dp,
          plan.ep > 1 ? dense_bytes : dense_bytes + expert_bytes, 1, "ZeRO gather of the updated parameters");
    }
    if (w.zero_stage == 1 && plan.ep > 1 && edp > 1) {
      add(stage.after_optimizer, Collective::Kind::all_gather, Collective::Group::edp, expert_bytes, 1,
          "ZeRO gather of the updated expert parameters");
    }
    graph.stages_.push_back(std::move(stage));
  }
  return graph;
}

}  // namespace tcsim::engine
