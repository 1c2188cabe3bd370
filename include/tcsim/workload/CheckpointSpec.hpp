#pragma once
/** @file A workload's checkpoint policy: which tiers, how often, synchronous or not. */
#include <cstdint>
#include <string>
#include <vector>

#include "tcsim/workload/StorageTier.hpp"

namespace tcsim::workload {

/** @brief Checkpoints to one tier at one cadence. */
struct CheckpointTierSpec {
  enum class Policy { every_steps, every_s, young_daly };
  StorageTier tier = StorageTier::parallel_fs;
  Policy policy = Policy::every_s;
  std::int64_t every_steps = 0;
  /** @brief Policy::every_s: seconds of run time between checkpoints. */
  double every_s = 0;
  /** @brief JSON pointer of the entry (for errors found against the topology). */
  std::string json_path;
};

/**
 * @brief Checkpointing of a workload (`"checkpoint"`). Synchronous: training stops while every
 * rank writes its shard to the tier. Asynchronous: training stops only for a snapshot of the
 * state into host memory; the copy to the tier then proceeds in the background (and contends
 * with training for shared links). Empty `tiers`: no checkpoints.
 */
struct CheckpointSpec {
  bool asynchronous = false;
  std::vector<CheckpointTierSpec> tiers;
};

}  // namespace tcsim::workload
