#pragma once
/** @file Everything one `tcsim run` reports, in SI units. */
#include <cstdint>
#include <optional>
#include <string>

#include "tcsim/engine/RunResult.hpp"
#include "tcsim/engine/StepResult.hpp"

namespace tcsim::report {

/** @brief A published measurement shown beside the prediction. */
struct PublishedReference {
  std::string label;
  double time_to_train_s = 0;
  std::string source;
};

/** @brief The result of one scenario (see the report contract in docs/file-formats.md). */
struct Report {
  std::string tcsim_version;
  std::string topology;
  std::string workload;
  std::string device;
  /** @brief Whether the device's efficiency was fitted on its own single-device measurement. */
  bool device_calibrated = true;
  /** @brief NPUs in the topology. */
  int npus = 0;
  /** @brief NPUs the job runs on (dp x tp x pp); the rest of the topology is idle. */
  int job_npus = 0;
  int dp = 0;
  int tp = 1;
  int pp = 1;
  int ep = 1;
  std::uint64_t seed = 1;
  std::int64_t global_batch = 0;
  double batch_per_npu = 0;
  double epochs = 0;
  /** @brief Training FLOPs per step for the whole job (forward + backward). */
  double flops_per_step = 0;
  double memory_per_npu_bytes = 0;

  engine::StepResult step;
  engine::RunResult run;
  double energy_j = 0;

  /** @brief Simulator cost: wall time (not deterministic), flows, SimGrid activities. */
  double wall_s = 0;
  std::size_t platform_links = 0;

  std::optional<PublishedReference> reference;
};

}  // namespace tcsim::report
