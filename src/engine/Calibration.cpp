#include "tcsim/engine/Calibration.hpp"

#include <stdexcept>

#include "tcsim/engine/ComputeModel.hpp"

namespace tcsim::engine {
namespace {

constexpr double kLowest = 1e-4;
constexpr int kIterations = 80;

hw::DeviceProfile with(const hw::DeviceProfile& device, double matrix, double memory) {
  hw::DeviceProfile trial = device;
  trial.matrix_efficiency = matrix;
  trial.memory_efficiency = memory;
  return trial;
}

/** The smallest x in [low, high] with rises(x) true, for a predicate that turns true once. */
template <typename Predicate>
double bisect(double low, double high, Predicate rises) {
  for (int i = 0; i < kIterations; ++i) {
    const double mid = 0.5 * (low + high);
    (rises(mid) ? high : low) = mid;
  }
  return 0.5 * (low + high);
}

std::string label(const SingleDeviceMeasurement& m) { return m.model.name() + " (" + m.source + ")"; }

/**
 * The one free efficiency e in (0, 1] at which `modelled(trial(e))` reaches `measured` (`what`
 * names the measurement); `limit` says what is held at 1 when even that is too slow.
 */
template <typename Modelled, typename Trial>
double fit_one(const hw::DeviceProfile& device, const std::string& what, double measured, Modelled modelled, Trial trial,
               const std::string& limit) {
  auto fits = [&](double efficiency) { return modelled(trial(efficiency)) >= measured; };
  if (!fits(1.0)) throw std::domain_error(what + " is faster than " + device.key + " reaches at " + limit);
  return bisect(kLowest, 1.0, fits);
}

/** fit_one for a whole-model measurement. */
template <typename Trial>
double fit_one(const hw::DeviceProfile& device, const SingleDeviceMeasurement& m, Trial trial, const std::string& limit) {
  return fit_one(
      device, label(m), m.measured_samples_per_s, [&](const hw::DeviceProfile& d) { return modelled_samples_per_s(d, m); },
      trial, limit);
}

}  // namespace

double modelled_samples_per_s(const hw::DeviceProfile& device, const SingleDeviceMeasurement& m) {
  const ComputeModel compute(device);
  // With gradient accumulation the optimizer runs once per accumulation_steps micro-batches.
  const double optimizer_s = compute.optimizer_s(m.model, m.optimizer, m.fusion_groups);
  const double step_s = compute.training_step_s(m.model, m.batch, m.optimizer, m.fusion_groups) - optimizer_s +
                        optimizer_s / m.accumulation_steps;
  return m.batch / step_s;
}

SingleDeviceMeasurement anchored_measurement(const hw::DeviceProfile& anchor, const SingleDeviceMeasurement& anchor_row,
                                             SingleDeviceMeasurement target) {
  if (anchor_row.model.name() != target.model.name()) {
    throw std::invalid_argument("anchored measurement: " + label(target) + " and " + label(anchor_row) +
                                " are different models");
  }
  if (!(anchor_row.measured_samples_per_s > 0) || !(target.measured_samples_per_s > 0)) {
    throw std::invalid_argument("anchored measurement: throughputs must be positive");
  }
  const double ratio = target.measured_samples_per_s / anchor_row.measured_samples_per_s;
  target.measured_samples_per_s = modelled_samples_per_s(anchor, anchor_row) * ratio;
  target.source += " (anchored on " + anchor.key + ")";
  return target;
}

RooflineEfficiencies calibrate_efficiencies(const hw::DeviceProfile& device, const SingleDeviceMeasurement& first,
                                            const SingleDeviceMeasurement& second) {
  auto fits = [&](const SingleDeviceMeasurement& m, double matrix, double memory) {
    return modelled_samples_per_s(with(device, matrix, memory), m) >= m.measured_samples_per_s;
  };
  // Below this memory efficiency even a perfect matrix engine cannot reach `first`.
  if (!fits(first, 1.0, 1.0)) {
    throw std::domain_error(label(first) + " is faster than the roofline of " + device.key + " allows");
  }
  const double memory_floor = bisect(kLowest, 1.0, [&](double memory) { return fits(first, 1.0, memory); });
  // Along the curve that fits `first`, a higher memory efficiency needs a lower matrix one.
  auto matrix_for = [&](double memory) {
    return bisect(kLowest, 1.0, [&](double matrix) { return fits(first, matrix, memory); });
  };
  auto second_fits = [&](double memory) { return fits(second, matrix_for(memory), memory); };
  const bool at_floor = second_fits(memory_floor);
  const bool at_one = second_fits(1.0);
  if (at_floor == at_one) {
    throw std::domain_error("no matrix and memory efficiencies in (0, 1] reproduce both " + label(first) + " and " +
                            label(second) + " on " + device.key);
  }
  // second_fits turns from at_floor to at_one as memory rises; find where.
  const double memory = bisect(memory_floor, 1.0, [&](double m) { return second_fits(m) == at_one; });
  return {matrix_for(memory), memory};
}

double modelled_flops_per_s(const hw::DeviceProfile& device, const GemmMeasurement& m) {
  return m.flops() / ComputeModel(device).matmul_s(m.m, m.n, m.k, m.batch);
}

GemmMeasurement anchored_measurement(const hw::DeviceProfile& anchor, const GemmMeasurement& anchor_row,
                                     GemmMeasurement target) {
  if (!(anchor_row.measured_flops_per_s > 0) || !(target.measured_flops_per_s > 0)) {
    throw std::invalid_argument("anchored measurement: throughputs must be positive");
  }
  const double ratio = target.measured_flops_per_s / anchor_row.measured_flops_per_s;
  target.measured_flops_per_s = modelled_flops_per_s(anchor, anchor_row) * ratio;
  target.source += " (anchored on " + anchor.key + ")";
  return target;
}

double calibrate_matrix_efficiency(const hw::DeviceProfile& device, const GemmMeasurement& m) {
  return fit_one(
      device, m.source, m.measured_flops_per_s, [&](const hw::DeviceProfile& d) { return modelled_flops_per_s(d, m); },
      [&](double e) { return with(device, e, device.memory_efficiency); },
      "memory efficiency " + std::to_string(device.memory_efficiency) + " and full matrix efficiency");
}

double calibrate_shared_efficiency(const hw::DeviceProfile& device, const SingleDeviceMeasurement& m) {
  return fit_one(device, m, [&](double e) { return with(device, e, e); }, "efficiency 1 (its roofline)");
}

double calibrate_matrix_efficiency(const hw::DeviceProfile& device, const SingleDeviceMeasurement& m) {
  return fit_one(device, m, [&](double e) { return with(device, e, device.memory_efficiency); },
                 "memory efficiency " + std::to_string(device.memory_efficiency) + " and full matrix efficiency");
}

}  // namespace tcsim::engine
