#pragma once
/** @file Calibration of a device's two roofline efficiencies from two single-device measurements. */
#include "tcsim/engine/GemmMeasurement.hpp"
#include "tcsim/engine/SingleDeviceMeasurement.hpp"
#include "tcsim/hw/DeviceProfile.hpp"

namespace tcsim::engine {

/** @brief A device's matrix (compute-bound) and memory (bandwidth-bound) efficiencies. */
struct RooflineEfficiencies {
  double matrix = 0;
  double memory = 0;
};

/** @brief Samples per second `device` reaches on `measurement`'s model and batch, as modelled. */
double modelled_samples_per_s(const hw::DeviceProfile& device, const SingleDeviceMeasurement& measurement);

/**
 * @brief The one pair of efficiencies in (0, 1] at which the model reproduces both measurements.
 * Two workloads with different shares of compute-bound and memory-bound time (a CNN and a
 * transformer) pin down both. Solved by nested bisection: for each memory efficiency, the matrix
 * efficiency that fits `first`; then the memory efficiency at which `second` fits too. Throws
 * std::domain_error, saying which, if no pair in (0, 1] fits both.
 */
RooflineEfficiencies calibrate_efficiencies(const hw::DeviceProfile& device, const SingleDeviceMeasurement& first,
                                            const SingleDeviceMeasurement& second);

/**
 * @brief `target` (a device measured in some benchmark suite) restated on the scale of the suite
 * `anchor` was calibrated on: its throughput becomes the anchor's modelled throughput on
 * `anchor_row` (the anchor measured in the same suite, same model) times the measured ratio
 * target / anchor_row. Suites differ in absolute level (data pipeline, memory layout, container
 * version) but run every device the same way, so the ratio between two devices carries over and
 * the anchor's own calibration sets the level. Throws std::invalid_argument if the rows do not
 * describe the same model or a throughput is not positive.
 */
SingleDeviceMeasurement anchored_measurement(const hw::DeviceProfile& anchor, const SingleDeviceMeasurement& anchor_row,
                                             SingleDeviceMeasurement target);

/** @brief FLOP/s `device` reaches on `measurement`'s multiply, as modelled (ComputeModel::matmul_s). */
double modelled_flops_per_s(const hw::DeviceProfile& device, const GemmMeasurement& measurement);

/**
 * @brief anchored_measurement for matrix multiplies: `target`'s throughput becomes the anchor's
 * modelled throughput on `anchor_row` times the measured ratio target / anchor_row. One tool
 * timing both devices' best multiplies states how much faster one device's matrix units run
 * than the other's; the anchor's calibration sets the level. Throws std::invalid_argument if a
 * throughput is not positive.
 */
GemmMeasurement anchored_measurement(const hw::DeviceProfile& anchor, const GemmMeasurement& anchor_row,
                                     GemmMeasurement target);

/**
 * @brief The matrix efficiency at which `device` runs `measurement`'s multiply at its measured
 * throughput, memory efficiency held as it is. Throws std::domain_error if even matrix
 * efficiency 1 is too slow.
 */
double calibrate_matrix_efficiency(const hw::DeviceProfile& device, const GemmMeasurement& measurement);

/**
 * @brief With one measurement only: the single efficiency, shared by matrix and memory kernels,
 * that reproduces it. Throws std::domain_error if even efficiency 1 is too slow.
 */
double calibrate_shared_efficiency(const hw::DeviceProfile& device, const SingleDeviceMeasurement& measurement);

/**
 * @brief With one measurement of a mostly compute-bound model (a transformer): the matrix
 * efficiency that reproduces it, `device`'s memory efficiency held as it is. Throws
 * std::domain_error if even matrix efficiency 1 is too slow.
 */
double calibrate_matrix_efficiency(const hw::DeviceProfile& device, const SingleDeviceMeasurement& measurement);

}  // namespace tcsim::engine
