#pragma once
/** @file The ordered compute and communication of one training step under a hybrid parallel plan. */
#include <string>
#include <vector>

#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/parallel/ParallelPlan.hpp"
#include "tcsim/parallel/PipelineOp.hpp"
#include "tcsim/parallel/RankPlacement.hpp"
#include "tcsim/workload/WorkloadSpec.hpp"

namespace tcsim::engine {

/**
 * @brief What every pipeline stage does in one step: its passes in schedule order, the compute
 * and collectives of each pass, the activation and gradient transfers between virtual stages,
 * then gradient synchronisation and the optimizer. Work is per rank: every tensor-parallel rank
 * of a stage does the same, and every data-parallel replica runs the same pipeline, so data
 * replica 0's ranks stand for all; collectives over data-parallel groups span every replica.
 */
class StepGraph {
public:
  /** @brief A collective, possibly standing for `count` back-to-back ones of the same group. */
  struct Collective {
    enum class Kind { all_reduce, reduce_scatter, all_gather, all_to_all };
    /** @brief tp: tensor-parallel group; ep: expert group; dp: data-parallel group; edp: replicas of the same experts. */
    enum class Group { tp, ep, dp, edp };
    Kind kind = Kind::all_reduce;
    Group group = Group::tp;
    /** @brief Buffer bytes per rank, summed over the `count` collectives. */
    double bytes = 0;
    int count = 1;
    /** @brief Why it happens (for the step graph's readers). */
    std::string what;
  };
  /** @brief One pass (forward or backward) of one micro-batch through one virtual stage, per rank. */
  struct Pass {
    double compute_s = 0;
    /** @brief Blocking collectives of the pass (they sit on the critical path of the compute stream). */
    std::vector<Collective> collectives;
    /** @brief Bytes each tensor rank sends to the next virtual stage (forward) or the previous one (backward). */
    double send_bytes = 0;
  };
  /** @brief One pipeline stage (all its model chunks). */
  struct Stage {
    int stage = 0;
    std::string device;
    /** @brief Model layers of each chunk (names), for readers of the graph. */
    std::vector<std::vector<std::string>> chunk_layers;
    /** @brief Per chunk. */
    std::vector<Pass> forward;
    std::vector<Pass> backward;
    /** @brief The stage's passes in schedule order. */
    std::vector<parallel::PipelineOp> ops;
    /** @brief After the last backward: gradient reduction over the data-parallel groups. */
    std::vector<Collective> gradient_sync;
    /** @brief Parameters of each chunk on one rank (how gradient_sync splits when it overlaps). */
    std::vector<double> chunk_params;
    double optimizer_s = 0;
    /** @brief After the optimizer (ZeRO 1 and 2: gather the updated parameters). */
    std::vector<Collective> after_optimizer;
    /** @brief Parameters one rank of this stage holds before ZeRO sharding (experts split over ep). */
    double params_per_rank = 0;
    /** @brief Training FLOPs of one rank in one step (forward, backward, recompute). */
    double flops_per_rank = 0;
  };

  /** @brief What one rank of the busiest stage exchanges with one kind of group in a step. */
  struct Traffic {
    /** @brief "tp", "pp" (activation and gradient sends), "ep", "dp" or "edp". */
    std::string group;
    /** @brief Ranks in one such group, and the nodes the first one spans. */
    int ranks = 0;
    int nodes = 0;
    /** @brief Collectives (or sends) per step, and their bytes per rank. */
    long long operations = 0;
    double bytes_per_rank = 0;
    /** @brief Collective kinds used ("all_reduce", "send", ...). */
    std::vector<std::string> kinds;
  };

  const parallel::ParallelPlan& plan() const { return plan_; }
  const parallel::RankPlacement& placement() const { return placement_; }
  const std::vector<Stage>& stages() const { return stages_; }
  /** @brief Collective step overhead (software cost per algorithm step), in seconds. */
  double step_overhead_s() const { return step_overhead_s_; }
  /**
   * @brief Gradient bucket size, in bytes, when each chunk's gradient reduction starts during its
   * last backward pass (bucket by bucket); 0 when it waits for all passes.
   */
  double overlap_bucket_bytes() const { return overlap_bucket_bytes_; }

  /**
   * @brief Builds the step of `w` under `plan` placed by `placement`; `compute[p]` is the compute
   * model of stage p's accelerator. Tensor parallelism splits matrix multiplies, attention,
   * embedding, head and loss (and, with sequence parallelism, norms) over tp ranks, with two
   * all-reduces (or all-gather + reduce-scatter pairs) of the s·b·h activations per block and
   * pass; experts exchange the tokens' top-k copies in two all-to-alls per MoE block and pass.
   */
  static StepGraph build(const workload::WorkloadSpec& w, const parallel::ParallelPlan& plan,
                         const parallel::RankPlacement& placement, const std::vector<ComputeModel>& compute);

  /** @brief Per group kind with any traffic: the most any stage's rank exchanges in one step. */
  std::vector<Traffic> traffic() const;

  static const char* kind_name(Collective::Kind kind);
  static const char* group_name(Collective::Group group);

private:
  StepGraph(parallel::ParallelPlan plan, parallel::RankPlacement placement)
      : plan_(std::move(plan)), placement_(std::move(placement)) {}
  parallel::ParallelPlan plan_;
  parallel::RankPlacement placement_;
  std::vector<Stage> stages_;
  double step_overhead_s_ = 0;
  double overlap_bucket_bytes_ = 0;
};

}  // namespace tcsim::engine
