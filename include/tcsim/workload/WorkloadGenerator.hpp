#pragma once
/** @file Writes workload documents from a model name and a parallel plan (`tcsim generate workload`). */
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace tcsim::workload {

/**
 * @brief Parameters of `tcsim generate workload KIND`; empty optionals take the model family's
 * default. A parameter the model family has no use for is an error.
 */
struct WorkloadGeneratorOptions {
  /** @brief A model: "resnet50" or a ModelZoo transformer name. */
  std::string kind;
  std::string name;
  /** @brief Samples (images or sequences) per step. Default: 32768 images, 1024 sequences. */
  std::optional<long long> global_batch;
  /** @brief Language models: training tokens. Default: 20 per parameter (Hoffmann et al. 2022). */
  std::optional<double> tokens;
  /** @brief Image models: epochs. Default: 56 (MLPerf ResNet-50 at a 32k batch). */
  std::optional<double> epochs;
  std::optional<int> dp;
  int tp = 1;
  int pp = 1;
  /**
   * @brief Expert parallelism (default 1), samples per micro-batch (1 for language models; the
   * whole per-rank batch for ResNet-50), schedule ("1f1b"), model chunks per stage (1), ZeRO stage
   * (0), recompute (language models: "full" with pipeline parallelism, else "selective"), sequence
   * parallelism (off). Given for ResNet-50, they are written and the workload loader refuses those
   * its data-parallel engine has no use for.
   */
  std::optional<int> ep;
  std::optional<int> micro_batch;
  std::optional<std::string> schedule;
  std::optional<int> virtual_stages;
  std::optional<int> zero_stage;
  std::optional<std::string> recompute;
  bool sequence_parallel = false;
};

/** @brief `tcsim generate workload`. */
class WorkloadGenerator {
public:
  /**
   * @brief A tcsim.workload/1 document, checked by loading it.
   * @throw InputError (file "generate workload") for an unknown model or an impossible plan.
   */
  static nlohmann::ordered_json generate(const WorkloadGeneratorOptions& options);
};

}  // namespace tcsim::workload
