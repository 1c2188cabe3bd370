#pragma once
/** @file One published single-device training throughput, as the calibration reads it. */
#include <string>

#include "tcsim/workload/Model.hpp"

namespace tcsim::engine {

/**
 * @brief A model trained on one device, without communication, at a measured throughput.
 * With gradient accumulation the optimizer runs once per `accumulation_steps` micro-batches.
 */
struct SingleDeviceMeasurement {
  workload::Model model;
  /** @brief Samples (images, sequences) per micro-batch. */
  double batch = 0;
  int accumulation_steps = 1;
  /** @brief "sgd_momentum", "lars", "adam" or "lamb" (see ComputeModel::optimizer_s). */
  std::string optimizer;
  /** @brief Fused optimizer updates per step (one per gradient bucket). */
  int fusion_groups = 1;
  double measured_samples_per_s = 0;
  /** @brief Where the figure is published. */
  std::string source;
};

}  // namespace tcsim::engine
