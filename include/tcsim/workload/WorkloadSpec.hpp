#pragma once
/** @file A loaded, validated `tcsim.workload/1` document. */
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tcsim/collective/CollectivePolicy.hpp"

#include "tcsim/workload/CheckpointSpec.hpp"
#include "tcsim/workload/Model.hpp"
#include "tcsim/workload/Recompute.hpp"
#include "tcsim/workload/StorageTier.hpp"
#include "tcsim/workload/TransformerConfig.hpp"

namespace tcsim::workload {

/** @brief A training job: model, dataset, batch, epochs, parallel plan and run options. */
struct WorkloadSpec {
  std::string name;
  std::string description;
  std::string source_file;

  Model model;
  /** @brief The architecture, for transformer models (empty for ResNet-50). */
  std::optional<TransformerConfig> transformer;
  std::string dataset_name;
  std::int64_t train_samples = 0;
  std::int64_t eval_samples = 0;
  /**
   * @brief Bytes one training sample occupies on storage (an encoded image, a sequence of token
   * ids) and the tier it is read from; data loading is not modelled without both.
   */
  double sample_bytes = 0;
  std::optional<StorageTier> dataset_location;
  /** @brief Bytes of the whole training set (samples x sample_bytes), 0 when not modelled. */
  double dataset_bytes() const { return static_cast<double>(train_samples) * sample_bytes; }

  std::int64_t global_batch = 0;
  /** @brief Epochs to reach the quality target (fractional allowed). */
  double epochs = 0;
  /** @brief "mixed": FP16 compute, activations and gradient all-reduce; FP32 master weights. */
  std::string precision = "mixed";
  /** @brief Optimizer ("sgd_momentum" or "lars"): sets the update kernel's memory traffic. */
  std::string optimizer = "lars";

  /** @brief Data-parallel degree; empty means "all NPUs not used by tp and pp". */
  std::optional<int> dp;
  int tp = 1;
  int pp = 1;
  /** @brief Expert parallelism: experts split over `ep` ranks of the data-parallel group. */
  int ep = 1;
  /** @brief Megatron sequence parallelism (norms and dropout split over tp). */
  bool sequence_parallel = false;
  /** @brief Interleaved pipeline: model chunks per stage. */
  int virtual_stages = 1;
  /** @brief "gpipe", "1f1b" or "interleaved" (needs virtual_stages > 1). */
  std::string schedule = "1f1b";
  /** @brief ZeRO stage: 0 none, 1 optimizer state, 2 + gradients, 3 + parameters sharded over dp. */
  int zero_stage = 0;
  /** @brief Samples per micro-batch (0: the whole per-rank batch, no accumulation). */
  int micro_batch = 0;
  Recompute recompute = Recompute::none;
  /**
   * @brief Transformer blocks per pipeline stage (pp entries), for uneven splits; empty means as
   * even as possible (see parallel::ParallelPlan).
   */
  std::vector<int> stage_layers;
  /** @brief Algorithms forced per communicator kind (parallelism.collectives); the rest are chosen automatically. */
  collective::CollectivePolicy collectives;
  /**
   * @brief Placement order of the parallel dimensions, innermost (consecutive NPUs) first: by
   * default tensor parallel inside a node, then pipeline stages, then data parallel.
   */
  std::vector<std::string> placement_order = {"tp", "pp", "dp"};

  /** @brief Evaluate every this many epochs (MLPerf ResNet: 4) and, if set, at the end. */
  double eval_every_epochs = 4;
  bool eval_at_end = true;

  /** @brief Longest run a workload may ask for, in steps: 2^53, the last count a double holds exactly. */
  static constexpr double kMaxSteps = 9007199254740992.0;
  /**
   * @brief Most evaluation passes in one run. Each pass is one simulated activity and one entry of
   * the run plan, so this bounds the run simulation's time and memory (a million passes take about
   * a second); real schedules evaluate tens to thousands of times.
   */
  static constexpr std::int64_t kMaxEvaluations = 1000000;

  CheckpointSpec checkpoint;

  /** @brief Gradient bucket size for all-reduce fusion, in bytes. */
  double gradient_bucket_bytes = 25.0 * 1024 * 1024;
  /**
   * @brief Pipeline plans: reduce each bucket of gradients as soon as the last micro-batch's
   * backward pass has produced it (Megatron-Core's overlap_grad_reduce), instead of after all
   * passes (Megatron-LM's default, and tcsim's: see docs/model-assumptions.md for the cost).
   */
  bool overlap_grad_reduce = false;
  /** @brief Software cost of one algorithm step of a collective (per hop), in seconds. */
  double collective_step_overhead_s = 0;
  /** @brief How the algorithms not forced are chosen (communication.algorithm_selection). */
  collective::Selection algorithm_selection = collective::Selection::library;
};

}  // namespace tcsim::workload
