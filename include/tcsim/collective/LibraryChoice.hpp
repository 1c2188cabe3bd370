#pragma once
/** @file The algorithm HCCL or NCCL would run for a collective, from their documented defaults. */
#include <vector>

#include "tcsim/collective/Algorithm.hpp"
#include "tcsim/collective/CollectiveSelector.hpp"
#include "tcsim/collective/Communicator.hpp"
#include "tcsim/hw/CommunicationLibrary.hpp"

namespace tcsim::collective {

/**
 * @brief `library` selection: what the accelerator's collective library would pick, so that a
 * simulation predicts what really runs. Each library has its set of algorithms; where its
 * documentation states a fixed rule tcsim applies it, and where the library adapts (by data size,
 * server count, product) tcsim takes the lowest α-β estimate within the library's set
 * (CollectiveSelector), which is what such tuning approximates. docs/model-assumptions.md gives
 * the rules and their sources.
 */
class LibraryChoice {
public:
  /** @brief The algorithms `library` has for `operation` (whatever the group's shape). */
  static std::vector<Algorithm> algorithms(hw::CommunicationLibrary library, Operation operation);
  /** @brief The algorithm `library` runs for this call. */
  static Algorithm choose(hw::CommunicationLibrary library, Operation operation, const Communicator& communicator,
                          double bytes, LinkCost intra, LinkCost inter);
};

}  // namespace tcsim::collective
