#pragma once
/** @file Calibration of a device's roofline efficiency from one single-device measurement. */
#include <string>

#include "tcsim/hw/DeviceProfile.hpp"
#include "tcsim/workload/Model.hpp"

namespace tcsim::engine {

/**
 * @brief The roofline efficiency η in (0, 1] at which `device` trains `model` at
 * `measured_samples_per_s` with `batch` samples per step, no communication, and the optimizer
 * fused into `fusion_groups` updates.
 * Solved by bisection (throughput grows monotonically with η). Throws std::domain_error if the
 * measurement is faster than the roofline allows even at η = 1.
 */
double calibrate_roofline_efficiency(const hw::DeviceProfile& device, const workload::Model& model, double batch,
                                     double measured_samples_per_s, const std::string& optimizer, int fusion_groups);

}  // namespace tcsim::engine
