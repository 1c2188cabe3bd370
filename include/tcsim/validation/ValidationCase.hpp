#pragma once
/** @file One published measurement and the tcsim run that predicts it. */
#include <string>
#include <vector>

namespace tcsim::validation {

/** @brief A row of the reference data as a scenario: files, `--set` overrides, the measured figure. */
struct ValidationCase {
  /** @brief "mlperf-resnet50", "megatron", "gpu-llm" or "ascend-llm" (its family of rows). */
  std::string dataset;
  /** @brief Who measured what (submitter, system, accelerators). */
  std::string label;
  /** @brief Repository-relative paths of the reference topology and workload. */
  std::string topology;
  std::string workload;
  std::vector<std::string> overrides;
  /**
   * @brief "time_to_train_s" (MLPerf), "tflops_per_device" (FLOPs with recompute, Megatron's
   * count), "model_tflops_per_device" (without: the basis of MFU), "step_time_s" or
   * "tokens_per_s_per_device".
   */
  std::string metric;
  /** @brief Tokens a sample carries (the sequence length), for tokens_per_s_per_device. */
  double tokens_per_sample = 0;
  double measured = 0;
  /** @brief Non-empty when the row cannot be run (why); it is listed but not scored. */
  std::string skipped;
  /** @brief How the row maps onto the reference files, where it is an approximation. */
  std::string note;
};

}  // namespace tcsim::validation
