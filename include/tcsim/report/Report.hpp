#pragma once
/** @file Everything one `tcsim run` reports, in SI units. */
#include <cstdint>
#include <optional>
#include <string>

#include <vector>

#include "tcsim/engine/EnergyAccount.hpp"
#include "tcsim/engine/MonteCarloSummary.hpp"
#include "tcsim/engine/RunCosts.hpp"
#include "tcsim/engine/RunResult.hpp"
#include "tcsim/engine/StepResult.hpp"

namespace tcsim::report {

/** @brief A published measurement shown beside the prediction. */
struct PublishedReference {
  std::string label;
  double time_to_train_s = 0;
  std::string source;
};

/** @brief Checkpoints to one tier: cadence and what they cost on the healthy storage. */
struct CheckpointTierReport {
  std::string tier;
  /** @brief "every_steps", "every_s" or "young_daly" (then every_s is Daly's interval plus the checkpoint's cost). */
  std::string policy;
  std::int64_t every_steps = 0;
  double every_s = 0;
  engine::TierCosts costs;
};

/** @brief How the run's failures, checkpoints and data loading were modelled. */
struct RunModelReport {
  /** @brief "rates", "trace" or "none". */
  std::string failures = "rates";
  /** @brief Mean time between failures that stop the job on its original placement (1 / sum of their rates). */
  double job_mtbf_s = 0;
  int servers = 0;
  int job_servers = 0;
  int spare_servers = 0;
  bool cold_spares = false;
  double checkpoint_bytes_per_npu = 0;
  bool asynchronous_checkpoints = false;
  std::vector<CheckpointTierReport> checkpoint_tiers;
  /** @brief Data loading: modelled only when the workload says what a sample weighs and where it lives. */
  bool data_loading = false;
  std::string dataset_location;
  double read_cold_s = 0;
  double read_warm_s = 0;
  /** @brief First step served from the page cache (-1: the dataset does not fit in a node's memory). */
  std::int64_t warm_after_step = -1;
};

/** @brief The result of one scenario (see the report contract in docs/file-formats.md). */
struct Report {
  std::string tcsim_version;
  std::string topology;
  std::string workload;
  std::string device;
  /** @brief Whether the device's efficiency was fitted on its own single-device measurement. */
  bool device_calibrated = true;
  /** @brief Where each device's efficiency comes from ("; "-joined on mixed clusters). */
  std::string device_calibration;
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
  /** @brief Training FLOPs per step for the whole job (forward + backward, recompute included). */
  double flops_per_step = 0;
  /** @brief The same without recompute: the model FLOPs that MFU counts. */
  double model_flops_per_step = 0;
  /** @brief Dense FP16 peak of the job's NPUs together (0 when they are of several models). */
  double job_peak_flops_per_s = 0;
  /** @brief Tokens in one sample (sequence length) of a language model, 0 for other models. */
  double tokens_per_sample = 0;
  double memory_per_npu_bytes = 0;

  engine::StepResult step;
  /** @brief The run with seed `seed` (replica 0). */
  engine::RunResult run;
  RunModelReport run_model;
  /** @brief With more than one replica: what they say together. */
  std::optional<engine::MonteCarloSummary> monte_carlo;
  /** @brief The run's energy by part (replica 0's run): see engine::EnergyAccount. */
  engine::EnergyAccount energy;
  /** @brief Devices whose idle power is not known (their idle time counts 0 W). */
  std::vector<std::string> energy_idle_unknown;

  /** @brief Simulator cost: wall time (not deterministic), flows, SimGrid activities. */
  double wall_s = 0;
  std::size_t platform_links = 0;
  /** @brief Steps simulated again for degraded fabrics or moved placements, in this process. */
  int step_resimulations = 0;

  std::optional<PublishedReference> reference;
};

}  // namespace tcsim::report
