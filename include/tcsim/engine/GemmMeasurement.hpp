#pragma once
/** @file One published single-device matrix-multiply throughput, as the calibration reads it. */
#include <string>

namespace tcsim::engine {

/** @brief `batch` independent m x n x k multiplies (FP16/BF16) measured at a throughput. */
struct GemmMeasurement {
  double batch = 1;
  double m = 0;
  double n = 0;
  double k = 0;
  /** @brief 2·batch·m·n·k over the measured time. */
  double measured_flops_per_s = 0;
  /** @brief Where the figure is published. */
  std::string source;

  double flops() const { return 2 * batch * m * n * k; }
};

}  // namespace tcsim::engine
