#pragma once
/** @file Which algorithm a step used for one kind of collective. */
#include <string>

namespace tcsim::engine {

/** @brief One communicator kind's collective in a step: what ran, on how many ranks, how it was chosen. */
struct CollectiveUse {
  /** @brief "tp", "dp", "ep" or "edp". */
  std::string group;
  std::string operation;
  std::string algorithm;
  int ranks = 0;
  /** @brief Bytes per rank of one call (the size the algorithm was chosen for). */
  double bytes = 0;
  /** @brief True if the workload forced it (parallelism.collectives), false if chosen automatically. */
  bool forced = false;
  /** @brief "forced", or how it was chosen: "library" (what `library` would run) or "best" (simulated). */
  std::string selection;
  /** @brief The collective library of `library` selection ("hccl", "nccl", ...). */
  std::string library;
};

}  // namespace tcsim::engine
