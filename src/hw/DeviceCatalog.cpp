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

DeviceProfile calibrated(DeviceProfile d, double matrix_efficiency, double memory_efficiency, std::string measurement) {
  d.matrix_efficiency = matrix_efficiency;
  d.memory_efficiency = memory_efficiency;
  d.calibrated = true;
  d.calibration = std::move(measurement);
  return d;
}

/**
 * The device's matrix units and the output tile its libraries use for large FP16 multiplies
 * (data/reference/matrix-units.csv gives each figure's source).
 */
DeviceProfile tiled(DeviceProfile d, int units, int tile_m, int tile_n, int tile_k, int pipeline_fill_steps,
                    bool persistent) {
  d.matrix_units = MatrixUnits{units, tile_m, tile_n, tile_k, pipeline_fill_steps, persistent};
  return d;
}

// NVIDIA's architectures: SMs and the CUTLASS default tile for FP16/BF16 tensor-core GEMMs.
DeviceProfile volta(DeviceProfile d) { return tiled(std::move(d), 80, 256, 128, 32, 1, false); }
DeviceProfile ampere(DeviceProfile d) { return tiled(std::move(d), 108, 256, 128, 32, 2, false); }
DeviceProfile hopper(DeviceProfile d) { return tiled(std::move(d), 132, 128, 256, 64, 3, true); }

/**
 * Power levels (data/reference/device-power.csv): idle as measured on powered-on, unloaded
 * boards; while it waits on communication kCommunicatingShareOfTdp of TDP.
 */
DeviceProfile powered(DeviceProfile d, double idle_w, std::string source) {
  d.idle_w = idle_w;
  d.communicating_w = kCommunicatingShareOfTdp * d.tdp_w;
  d.power_source = "idle " + std::to_string(static_cast<int>(idle_w)) + " W: " + source +
                   "; communicating 0.55 x TDP (execution-idle share, arXiv 2604.04745)";
  return d;
}

/** Ascend devices run HCCL; `library` says by which documented rule (CommunicationLibrary). */
DeviceProfile on(DeviceProfile d, CommunicationLibrary library) {
  d.library = library;
  return d;
}

DeviceProfile borrowed(DeviceProfile d, const DeviceProfile& from) {
  d.matrix_efficiency = from.matrix_efficiency;
  d.memory_efficiency = from.memory_efficiency;
  d.calibrated = false;
  d.calibration = "no single-device measurement in data/reference: efficiency borrowed from " + from.key;
  return d;
}

}  // namespace

DeviceCatalog::DeviceCatalog() {
  // Figures: data/reference/devices.csv (dense FP16 peak, HBM, bandwidth, TDP) and its sources;
  // matrix units and tiles: data/reference/matrix-units.csv.
  // Efficiencies (matrix, memory): engine::calibrate_efficiencies() on two single-device rows of
  // one framework, ResNet-50 (data/reference/resnet50-single-device.csv, batch 256, 25 MiB
  // buckets) and BERT-Large (data/reference/transformer-single-device.csv): a CNN and a
  // transformer split their time differently between the two rooflines, so the pair pins both.
  // Every multiply in them is timed by its shape on the device's tiles (ComputeModel), so the
  // matrix efficiency is that of a multiply's steady state, not an average over shapes.
  // Ascend 910 has no usable pair (MindSpore 0.5's BERT row is slower than any pair explains) and
  // keeps one shared efficiency from ResNet-50. The H100 has no such pair from NVIDIA: its matrix
  // efficiency comes from the ratio of its best multiply to the A100's, both timed by one tool
  // with the same recent software (data/reference/gemm-single-device.csv, MAMF finder,
  // engine::anchored_measurement), on the A100's calibrated scale; its memory efficiency is the
  // A100's. tests/engine/calibration_test.cpp re-derives each value and fails if one drifts, and
  // reports what the model predicts for a third-party suite's whole-model H100/A100 ratios.
  const auto ascend910 = calibrated(
      on(powered(tiled(device("ascend910", "Ascend 910 (A)", 256, 32, 1.2, 350,
                              "Hot Chips 2019 via the press (peak, 32 GiB HBM2 at 1.2 TB/s, 350 W)"),
                    32, 128, 256, 64, 1, false),
            81, "no reading: the 910B's idle share of TDP (23%) on the 910's 350 W (assumed)"),
         CommunicationLibrary::hccl_910),
      0.82233, 0.82233,
      "MindSpore r1.2 benchmark docs: ResNet-50 2115 images/s, batch 256, LARS (one efficiency for matrix and memory "
      "kernels: MindSpore r0.5's BERT-Large row does not fit with it)");
  const auto a100_80 = calibrated(
      powered(ampere(device("a100-sxm4-80gb", "NVIDIA A100-SXM4 80GB", 312, 80, 2.039, 400, "NVIDIA datasheet; MLPerf system JSON")),
              57, "nvidia-smi readings, 50-68 W"),
      0.65288, 0.74282,
      "NVIDIA DeepLearningExamples PyTorch: ResNet-50 (21.03) 2470 images/s, AMP, batch 256; BERT-Large (21.11) "
      "580 sequences/s, 128 tokens, batch 256");
  const auto v100_16 = calibrated(
      powered(volta(device("v100-sxm2-16gb", "NVIDIA V100-SXM2 16GB", 125, 16, 0.9, 300, "NVIDIA datasheet; MLPerf v0.7 system JSON")),
              40, "nvidia-smi readings, 36-45 W"),
      0.58628, 0.89612,
      "NVIDIA DeepLearningExamples PyTorch: ResNet-50 (21.03) 1200 images/s on V100-16GB; BERT-Large (21.11) "
      "224 sequences/s, 128 tokens, batch 64 on V100-32GB (the same GPU)");

  devices_.push_back(ascend910);
  devices_.push_back(borrowed(on(powered(tiled(device("ascend910b", "Ascend 910B2", 354, 64, 1.6, 400,
                                                      "CANN INI as cited in a public issue; vendor doc (TDP 400 W assumed)"),
                                               24, 128, 256, 64, 1, false),
                                       93, "npu-smi readings of 910B1, 910B2C and 910B3, 88-102 W"),
                                 CommunicationLibrary::hccl),
                              ascend910));
  devices_.push_back(borrowed(on(powered(tiled(device("ascend910c", "Ascend 910C", 752, 128, 3.2, 750,
                                                      "Zuo et al. 2025 (CloudMatrix384) as summarised (TDP 750 W assumed)"),
                                               48, 128, 256, 64, 1, false),
                                       170, "npu-smi readings of Atlas A3 modules, 163-187 W"),
                                 CommunicationLibrary::hccl),
                              ascend910));
  devices_.push_back(v100_16);
  devices_.push_back(borrowed(powered(volta(device("v100-sxm2-32gb", "NVIDIA V100-SXM2 32GB", 125, 32, 0.9, 300,
                                                   "NVIDIA datasheet; MLPerf v0.7 system JSON")),
                                     40, "nvidia-smi readings, 36-45 W"),
                              v100_16));
  devices_.push_back(borrowed(powered(ampere(device("a100-sxm4-40gb", "NVIDIA A100-SXM4 40GB", 312, 40, 1.555, 400,
                                                    "NVIDIA datasheet; MLPerf system JSON")),
                                     50, "nvidia-smi readings, 45-55 W"),
                              a100_80));
  devices_.push_back(a100_80);
  const auto h100 = calibrated(
      powered(hopper(device("h100-sxm5", "NVIDIA H100-SXM5 80GB", 989, 80, 3.35, 700, "NVIDIA datasheet; MLPerf system JSON (dgxh100)")),
              71, "nvidia-smi readings, 68-75 W"),
      0.60681, a100_80.memory_efficiency,
      "MAMF finder (torch.matmul, BF16, best shape): 794.5 TFLOP/s at 2048x2048x13312 against the A100-SXM4's 271.2 at "
      "1024x10240x5120, on the A100's calibrated scale, gives the matrix efficiency; memory efficiency borrowed from "
      "a100-sxm4-80gb");
  devices_.push_back(h100);
  // The H200 is the H100's chip with more and faster HBM: same efficiencies.
  devices_.push_back(borrowed(powered(hopper(device("h200-sxm5", "NVIDIA H200-SXM5 141GB", 989, 141, 4.8, 700,
                                                    "NVIDIA datasheet; MLPerf v4.0 system JSON")),
                                     77, "vendor case-study pages quoting nvidia-smi, 74-80 W (low-medium confidence)"),
                              h100));
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
