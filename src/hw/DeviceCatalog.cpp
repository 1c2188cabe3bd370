#include "tcsim/hw/DeviceCatalog.hpp"

namespace tcsim::hw {

const DeviceCatalog& DeviceCatalog::builtin() {
  static const DeviceCatalog catalog;
  return catalog;
}

DeviceCatalog::DeviceCatalog() {
  DeviceProfile ascend910;
  ascend910.key = "ascend910";
  ascend910.display_name = "Ascend 910 (A)";
  // Hot Chips 2019 (as summarised in data/reference/devices.csv): 256 TFLOP/s FP16 dense,
  // 32 GiB HBM2 in 4 stacks at 1.2 TB/s, 350 W.
  ascend910.peak_fp16_flops_per_s = 256e12;
  ascend910.hbm_bytes = 32.0 * 1024 * 1024 * 1024;
  ascend910.hbm_bandwidth_bytes_per_s = 1.2e12;
  ascend910.tdp_w = 350;
  // Assumed, not fitted: in graph-sink mode the on-chip task scheduler dispatches kernels, a
  // CUDA-Graphs-class gap of about 1-2 us (see docs/model-assumptions.md for the sensitivity).
  ascend910.kernel_overhead_s = 2e-6;
  // Calibrated once by tcsim::engine::calibrate_roofline_efficiency() on the single-device
  // measurement (MindSpore r1.2: 2115 images/s, ResNet-50, batch 256, mixed precision);
  // tests/engine/calibration_test.cpp re-derives it and fails if this value drifts.
  ascend910.roofline_efficiency = 0.70296;
  ascend910.source =
      "Hot Chips 2019 via press (peak, HBM, power); calibrated on MindSpore r1.2 ResNet-50 single-device "
      "throughput (2115 images/s at batch 256)";
  devices_.push_back(ascend910);
}

const DeviceProfile* DeviceCatalog::find(const std::string& key) const {
  for (const auto& device : devices_) {
    if (device.key == key) return &device;
  }
  return nullptr;
}

std::vector<std::string> DeviceCatalog::keys() const {
  std::vector<std::string> out;
  for (const auto& device : devices_) out.push_back(device.key);
  return out;
}

}  // namespace tcsim::hw
