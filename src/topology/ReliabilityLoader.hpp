#pragma once
/** @file Private: reads a topology's `"reliability"` section. */
#include "tcsim/common/JsonCursor.hpp"
#include "tcsim/topology/ReliabilitySpec.hpp"

namespace tcsim::topology::detail {

/**
 * @brief The defaults with the section's changes applied. A trace file is read here (relative to
 * the topology file's folder); whether its components exist is checked against the graph later
 * (reliability::ComponentInventory).
 */
ReliabilitySpec load_reliability(const JsonCursor& section);

}  // namespace tcsim::topology::detail
