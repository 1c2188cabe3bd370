#pragma once
/** @file Performance and power figures of one accelerator model, in SI units. */
#include <string>

#include "tcsim/hw/CommunicationLibrary.hpp"
#include "tcsim/hw/MatrixUnits.hpp"

namespace tcsim::hw {

/**
 * @brief Board power while waiting on communication, as a share of TDP, for devices without a
 * measurement of their own (data/reference/device-power.csv: a cluster study's "execution-idle"
 * draw, matched by one Ascend 910B3 reading).
 */
constexpr double kCommunicatingShareOfTdp = 0.55;

/** @brief One accelerator (NPU/GPU) as the compute and energy models see it. All values SI. */
struct DeviceProfile {
  /** @brief Catalog key, e.g. "ascend910". */
  std::string key;
  /** @brief Human-readable name, e.g. "Ascend 910 (A)". */
  std::string display_name;
  /** @brief Dense FP16 matrix peak, in FLOP/s. */
  double peak_fp16_flops_per_s = 0;
  /** @brief On-package memory (HBM) capacity, in bytes. */
  double hbm_bytes = 0;
  /** @brief Peak HBM bandwidth, in bytes per second. */
  double hbm_bandwidth_bytes_per_s = 0;
  /** @brief Board power at full load (TDP), in watts: what it draws while it computes. */
  double tdp_w = 0;
  /** @brief Board power while it waits on communication (collectives, pipeline bubbles), in watts. */
  double communicating_w = 0;
  /** @brief Board power powered on with nothing to do, in watts. */
  double idle_w = 0;
  /** @brief Where the idle and communicating figures come from. */
  std::string power_source;
  /** @brief Fixed cost of one kernel (launch, synchronisation, pipeline fill), in seconds. */
  double kernel_overhead_s = 0;
  /**
   * @brief Fraction of the FP16 matrix peak that compute-bound kernels (matrix multiplies,
   * convolutions, attention) sustain while their tiles stream through the reduction; what a
   * multiply's shape costs on top (partial tiles, partial waves, pipeline fill) comes from
   * matrix_units. Calibrated once from single-device throughput; see docs/model-assumptions.md.
   */
  double matrix_efficiency = 1.0;
  /**
   * @brief Fraction of the HBM bandwidth that memory-bound kernels (element-wise, normalisation,
   * pooling, optimizer updates) sustain. Calibrated with matrix_efficiency.
   */
  double memory_efficiency = 1.0;
  /** @brief Where the figures come from. */
  std::string source;
  /**
   * @brief True if the efficiencies were fitted on this device's own single-device measurement;
   * false if borrowed from a sibling (reports then warn and say so).
   */
  bool calibrated = false;
  /** @brief The measurement the efficiency comes from, or where it was borrowed from. */
  std::string calibration;
  /** @brief Its matrix units and their tile (how a multiply's shape sets its efficiency). */
  MatrixUnits matrix_units;
  /** @brief The collective library its software stack runs (which algorithms it picks). */
  CommunicationLibrary library = CommunicationLibrary::nccl;
};

}  // namespace tcsim::hw
