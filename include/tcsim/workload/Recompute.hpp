#pragma once
/** @file Activation recomputation modes. */

namespace tcsim::workload {

/** @brief none: keep every activation; selective: recompute attention cores; full: recompute blocks. */
enum class Recompute { none, selective, full };

}  // namespace tcsim::workload
