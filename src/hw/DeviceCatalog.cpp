#include "tcsim/hw/DeviceCatalog.hpp"

namespace tcsim::hw {

const DeviceCatalog& DeviceCatalog::builtin() {
  static const DeviceCatalog catalog;
  return catalog;
}

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

DeviceProfile device(std::string key, std::string name, double tflops, double hbm_gib, double hbm_tb_per_s, double tdp_w,
                     std::string source) {
  DeviceProfile d;
  d.key = std::move(key);
  d.display_name = std::move(name);
  d.peak_fp16_flops_per_s = tflops * 1e12;
  d.hbm_bytes = hbm_gib * kGiB;
  d.hbm_bandwidth_bytes_per_s = hbm_tb_per_s * 1e12;
  d.tdp_w = tdp_w;
  // Assumed, not fitted: with the whole graph on the device (MindSpore graph sink, CUDA Graphs,
  // or a busy GPU queue that hides host launches) consecutive kernels are about 1-2 us apart
  // (see docs/model-assumptions.md for the sensitivity).
  d.kernel_overhead_s = 2e-6;
  d.source = std::move(source);
  return d;
}

DeviceProfile calibrated(DeviceProfile d, double efficiency, std::string measurement) {
  d.roofline_efficiency = efficiency;
  d.calibrated = true;
  d.calibration = std::move(measurement);
  return d;
}

DeviceProfile borrowed(DeviceProfile d, const DeviceProfile& from) {
  d.roofline_efficiency = from.roofline_efficiency;
  d.calibrated = false;
  d.calibration = "no single-device measurement in data/reference: efficiency borrowed from " + from.key;
  return d;
}

}  // namespace

DeviceCatalog::DeviceCatalog() {
  // Figures: data/reference/devices.csv (dense FP16 peak, HBM, bandwidth, TDP) and its sources.
  // Efficiencies: engine::calibrate_roofline_efficiency() on the ResNet-50 single-device rows of
  // data/reference/resnet50-single-device.csv (batch 256, mixed precision, 25 MiB buckets);
  // tests/engine/calibration_test.cpp re-derives each one and fails if a value drifts.
  const auto ascend910 = calibrated(
      device("ascend910", "Ascend 910 (A)", 256, 32, 1.2, 350,
             "Hot Chips 2019 via the press (peak, 32 GiB HBM2 at 1.2 TB/s, 350 W)"),
      0.70296, "MindSpore r1.2 benchmark docs: 2115 images/s, batch 256, LARS");
  const auto a100_80 = calibrated(
      device("a100-sxm4-80gb", "NVIDIA A100-SXM4 80GB", 312, 80, 2.039, 400, "NVIDIA datasheet; MLPerf system JSON"),
      0.46031, "NVIDIA DeepLearningExamples MXNet ResNet50 (20.12): 2180 images/s, AMP, batch 256, SGD");
  const auto v100_16 = calibrated(
      device("v100-sxm2-16gb", "NVIDIA V100-SXM2 16GB", 125, 16, 0.9, 300, "NVIDIA datasheet; MLPerf v0.7 system JSON"),
      0.67543, "NVIDIA DeepLearningExamples MXNet ResNet50 (20.12): 1376 images/s, AMP, batch 256, SGD");

  devices_.push_back(ascend910);
  devices_.push_back(borrowed(device("ascend910b", "Ascend 910B2", 354, 64, 1.6, 400,
                                     "CANN INI as cited in a public issue; vendor doc (TDP 400 W assumed)"),
                              ascend910));
  devices_.push_back(borrowed(device("ascend910c", "Ascend 910C", 752, 128, 3.2, 750,
                                     "Zuo et al. 2025 (CloudMatrix384) as summarised (TDP 750 W assumed)"),
                              ascend910));
  devices_.push_back(v100_16);
  devices_.push_back(borrowed(device("v100-sxm2-32gb", "NVIDIA V100-SXM2 32GB", 125, 32, 0.9, 300,
                                     "NVIDIA datasheet; MLPerf v0.7 system JSON"),
                              v100_16));
  devices_.push_back(borrowed(device("a100-sxm4-40gb", "NVIDIA A100-SXM4 40GB", 312, 40, 1.555, 400,
                                     "NVIDIA datasheet; MLPerf system JSON"),
                              a100_80));
  devices_.push_back(a100_80);
  devices_.push_back(borrowed(device("h100-sxm5", "NVIDIA H100-SXM5 80GB", 989, 80, 3.35, 700,
                                     "NVIDIA datasheet; MLPerf system JSON (dgxh100)"),
                              a100_80));
  devices_.push_back(borrowed(device("h200-sxm5", "NVIDIA H200-SXM5 141GB", 989, 141, 4.8, 700,
                                     "NVIDIA datasheet; MLPerf v4.0 system JSON"),
                              a100_80));
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
