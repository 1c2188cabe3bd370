#include "tcsim/engine/Calibration.hpp"

#include <stdexcept>

#include "tcsim/engine/ComputeModel.hpp"

namespace tcsim::engine {

double calibrate_roofline_efficiency(const hw::DeviceProfile& device, const workload::Model& model, double batch,
                                     double measured_samples_per_s, const std::string& optimizer, int fusion_groups) {
  auto throughput = [&](double efficiency) {
    hw::DeviceProfile trial = device;
    trial.roofline_efficiency = efficiency;
    return batch / ComputeModel(trial).training_step_s(model, batch, optimizer, fusion_groups);
  };
  if (throughput(1.0) < measured_samples_per_s) {
    throw std::domain_error("measured throughput exceeds the roofline of " + device.key + " even at efficiency 1");
  }
  double low = 1e-6;
  double high = 1.0;
  for (int i = 0; i < 100 && high - low > 1e-12; ++i) {
    const double mid = 0.5 * (low + high);
    (throughput(mid) < measured_samples_per_s ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

}  // namespace tcsim::engine
