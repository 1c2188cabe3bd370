#pragma once
/** @file How an accelerator's matrix units tile a matrix multiply. */

namespace tcsim::hw {

/**
 * @brief The compute units that run matrix multiplies (streaming multiprocessors, DaVinci AI
 * cores) and the output tile the vendor's libraries give each one. A GEMM is cut into
 * tile_m x tile_n output tiles; each unit computes one tile at a time, stepping through the
 * reduction tile_k at a time behind a pipeline that takes `pipeline_fill_steps` steps to fill.
 * Tiles run in waves of `units`. Figures from vendor documentation and the libraries' default
 * kernel configurations (data/reference/matrix-units.csv); units == 0 means "not described":
 * the device then runs every multiply at its matrix efficiency, whatever the shape.
 */
struct MatrixUnits {
  int units = 0;
  int tile_m = 0;
  int tile_n = 0;
  int tile_k = 0;
  int pipeline_fill_steps = 0;
  /**
   * @brief Persistent kernels (Hopper's warp-specialised GEMMs): a unit moves from tile to tile
   * with the next tile's loads already in flight and the previous tile's output written behind
   * the math, so the pipeline fills once per kernel; otherwise once per tile, and each tile's
   * output is written before the unit's next tile starts.
   */
  bool persistent = false;

  bool described() const { return units > 0; }
};

}  // namespace tcsim::hw
