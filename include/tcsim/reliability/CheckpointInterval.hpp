#pragma once
/** @file Optimal checkpoint intervals (Young 1974, Daly 2006). */

namespace tcsim::reliability {

/** @brief Checkpoint interval formulas: M is the job's mean time between interruptions, δ the checkpoint's cost. */
class CheckpointInterval {
public:
  /** @brief Young's first-order optimum sqrt(2 δ M), in seconds. */
  static double young_s(double mtbf_s, double checkpoint_s);
  /**
   * @brief Daly's higher-order optimum (Daly 2006, eq. 37): sqrt(2δM)·[1 + (1/3)·sqrt(δ/(2M)) +
   * (1/9)·(δ/(2M))] − δ for δ < 2M, else M; the compute time between the ends of two checkpoints.
   */
  static double daly_s(double mtbf_s, double checkpoint_s);
};

}  // namespace tcsim::reliability
