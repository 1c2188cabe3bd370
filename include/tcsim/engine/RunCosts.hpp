#pragma once
/** @file What a run's timeline needs priced by SimGrid: steps on a placement and fabric, and I/O. */
#include <array>
#include <vector>

#include "tcsim/reliability/FailureEffect.hpp"
#include "tcsim/workload/StorageTier.hpp"

namespace tcsim::engine {

/** @brief The state of the fabric and placement a step runs in. */
struct StepCondition {
  /** @brief Links the job uses that have lost bandwidth (one entry per link, losses summed), by name. */
  std::vector<reliability::LinkLoss> degraded;
  /** @brief Route length (links) from the farthest re-placed server to its original one; 0: original placement. */
  int displacement_hops = 0;
};

/** @brief One storage tier's checkpoint costs, in seconds. */
struct TierCosts {
  /** @brief Training stops this long per checkpoint (synchronous: the write; asynchronous: the snapshot to host memory). */
  double blocking_s = 0;
  /** @brief Asynchronous: the background copy from host memory to the tier, while training goes on. */
  double background_s = 0;
  /** @brief Asynchronous: relative increase of the step time while the background copy runs (shared links). */
  double step_slowdown = 0;
  /** @brief Reading the checkpoint back onto every rank. */
  double restore_s = 0;
  /** @brief False when the tier has no working server left (nothing can be written to or read from it). */
  bool available = true;
};

/** @brief I/O of the run with a given number of parallel file system servers down. */
struct IoCosts {
  std::array<TierCosts, 5> tiers;  // by workload::StorageTier
  /** @brief Reading one step's samples on every node at once: from the dataset's tier, and from the page cache. */
  double read_cold_s = 0;
  double read_warm_s = 0;
  /** @brief False when the dataset's tier has no working server: the job cannot read its samples. */
  bool data_available = true;
  const TierCosts& of(workload::StorageTier tier) const { return tiers[static_cast<std::size_t>(tier)]; }
  TierCosts& of(workload::StorageTier tier) { return tiers[static_cast<std::size_t>(tier)]; }
};

/**
 * @brief Prices for the run simulator. Implementations simulate each distinct case once (SimGrid)
 * and memoise it; the run replays the prices on its own clock.
 */
class RunCosts {
public:
  virtual ~RunCosts() = default;
  /** @brief Step time in `condition`, in seconds. */
  virtual double step_s(const StepCondition& condition) = 0;
  /** @brief Checkpoint and data-loading costs with `servers_down` parallel-FS servers down. */
  virtual const IoCosts& io(int servers_down) = 0;
  /** @brief Links on the route between the first NPUs of two servers (how far a re-placement moves a server). */
  virtual int hops(int server_a, int server_b) = 0;
};

}  // namespace tcsim::engine
