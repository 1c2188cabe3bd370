#include "tcsim/engine/ComputeModel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tcsim::engine {
namespace {

/** Bytes per partial sum that split-K slices write and the reduction reads back (FP32). */
constexpr double kPartialSumBytes = 4.0;
/** Split-K slice counts a library considers. */
constexpr int kSplits[] = {1, 2, 4, 8};

}  // namespace

ComputeModel::ComputeModel(hw::DeviceProfile device) : device_(std::move(device)) {}

double ComputeModel::flat_compute_s(double flops) const {
  return flops / (device_.peak_fp16_flops_per_s * device_.matrix_efficiency);
}

double ComputeModel::layer_time_s(double compute_s, double bytes, int kernels) const {
  const double memory_s = bytes / (device_.hbm_bandwidth_bytes_per_s * device_.memory_efficiency);
  return std::max(compute_s, memory_s) + kernels * device_.kernel_overhead_s;
}

double ComputeModel::kernel_time_s(double flops, double bytes, int kernels) const {
  return layer_time_s(flat_compute_s(flops), bytes, kernels);
}

double ComputeModel::gemm_compute_s(double m, double n, double k, double instances) const {
  const double flops = 2 * m * n * k * instances;
  const hw::MatrixUnits& mu = device_.matrix_units;
  if (!mu.described() || flops <= 0) return flat_compute_s(flops);
  const double units = mu.units;
  // One unit's share of the calibrated matrix and memory ceilings.
  const double unit_flops_per_s = device_.peak_fp16_flops_per_s * device_.matrix_efficiency / units;
  const double unit_bytes_per_s = device_.hbm_bandwidth_bytes_per_s * device_.memory_efficiency / units;
  const double memory_bytes_per_s = device_.hbm_bandwidth_bytes_per_s * device_.memory_efficiency;
  // The device's tile, halved in either or both dimensions, in either orientation: libraries
  // keep a family of tiles and pick per shape. A step of any of them runs at the same rate per
  // FLOP; the pipeline fill is a latency, the same time whatever the tile.
  const double large_step_s = 2.0 * mu.tile_m * mu.tile_n * mu.tile_k / unit_flops_per_s;
  const double fill_s = mu.pipeline_fill_steps * large_step_s;
  double best = std::numeric_limits<double>::infinity();
  for (const double a : {double(mu.tile_m), mu.tile_m / 2.0}) {
    for (const double b : {double(mu.tile_n), mu.tile_n / 2.0}) {
      for (const auto& [tm, tn] : {std::pair{a, b}, std::pair{b, a}}) {
        const double output_tiles = instances * std::ceil(m / tm) * std::ceil(n / tn);
        const double step_s = 2 * tm * tn * mu.tile_k / unit_flops_per_s;
        const double write_s = tm * tn * kActivationBytes / unit_bytes_per_s;
        for (const int split : kSplits) {
          // Split-K only fills units that the output's tiles leave idle.
          if (split > 1 && output_tiles * split > units) break;
          const double steps = std::ceil(k / (split * mu.tile_k));
          const double waves = std::ceil(output_tiles * split / units);
          const double s = mu.persistent ? waves * steps * step_s + fill_s + write_s
                                         : waves * (steps * step_s + fill_s + write_s);
          const double reduce_s = split > 1 ? 2 * split * m * n * instances * kPartialSumBytes / memory_bytes_per_s : 0;
          best = std::min(best, s + reduce_s);
        }
      }
    }
  }
  return std::max(best, flat_compute_s(flops));
}

double ComputeModel::matmul_s(double m, double n, double k, double instances) const {
  const double bytes = (m * k + k * n + m * n) * instances * kActivationBytes;
  return layer_time_s(gemm_compute_s(m, n, k, instances), bytes, 1);
}

double ComputeModel::gemm_shape_efficiency(double m, double n, double k, double instances) const {
  const double s = gemm_compute_s(m, n, k, instances);
  return s > 0 ? flat_compute_s(2 * m * n * k * instances) / s : 1.0;
}

double ComputeModel::forward_s(const workload::Layer& layer, double batch) const {
  const double bytes = (layer.forward_activation_elements_per_sample * batch + layer.forward_weight_elements) * kActivationBytes;
  double gemm_flops = 0;
  double gemm_s = 0;
  for (const auto& g : layer.gemms) {
    gemm_flops += g.forward_flops_per_sample() * batch;
    gemm_s += gemm_compute_s(g.rows_per_sample * batch, g.n, g.k, g.instances);
  }
  const double other_flops = std::max(0.0, layer.forward_flops_per_sample * batch - gemm_flops);
  return layer_time_s(gemm_s + flat_compute_s(other_flops), bytes, layer.forward_kernels);
}

double ComputeModel::backward_s(const workload::Layer& layer, double batch) const {
  const double bytes = (layer.backward_activation_elements_per_sample * batch + layer.backward_weight_elements) * kActivationBytes;
  double gemm_flops = 0;
  double gemm_s = 0;
  for (const auto& g : layer.gemms) {
    const double m = g.rows_per_sample * batch;
    const double f = g.forward_flops_per_sample() * batch;
    if (!g.has_weight) {
      // Gradients of both operands, each a multiply the size of the forward one.
      gemm_flops += 2 * f;
      gemm_s += 2 * gemm_compute_s(m, g.n, g.k, g.instances);
      continue;
    }
    if (g.data_gradient) {
      gemm_flops += f;
      gemm_s += gemm_compute_s(m, g.k, g.n, g.instances);  // dA = dC B^T
    }
    gemm_flops += f;
    gemm_s += gemm_compute_s(g.k, g.n, m, g.instances);  // dB = A^T dC, reducing over the batch's rows
  }
  const double other_flops = std::max(0.0, layer.backward_flops_per_sample * batch - gemm_flops);
  return layer_time_s(gemm_s + flat_compute_s(other_flops), bytes, layer.backward_kernels);
}

double ComputeModel::forward_s(const workload::Model& model, double batch) const {
  double total = 0;
  for (const auto& layer : model.layers()) total += forward_s(layer, batch);
  return total;
}

double ComputeModel::optimizer_s(const workload::Model& model, const std::string& optimizer, int fusion_groups) const {
  return optimizer_s(model.params(), optimizer, fusion_groups);
}

double ComputeModel::optimizer_s(double params, const std::string& optimizer, int fusion_groups) const {
  // Per parameter: read the FP16 gradient (2 B), read+write the FP32 master weight (8 B) and
  // momentum (8 B), write the FP16 working copy (2 B). LARS also reads weight and gradient once
  // more for the per-layer trust-ratio norms (6 B) in a second kernel. Graph-mode frameworks
  // (MindSpore graph sink, apex multi-tensor apply) run the update once per fused buffer, so the
  // kernel count follows the fusion groups, not the number of tensors.
  double bytes_per_param = 20;
  int kernels_per_group = 1;
  if (optimizer == "lars") {
    bytes_per_param += 6;
    kernels_per_group = 2;
  } else if (optimizer == "adam") {
    bytes_per_param += 8;  // the second moment, read and written in FP32
  } else if (optimizer == "lamb") {
    // Adam's moments plus LARS-style per-layer trust ratios (You et al. 2020): a norm pass.
    bytes_per_param += 8 + 6;
    kernels_per_group = 2;
  } else if (optimizer != "sgd_momentum") {
    throw std::invalid_argument("unknown optimizer '" + optimizer + "'");
  }
  return kernel_time_s(4 * params, bytes_per_param * params, kernels_per_group * std::max(1, fusion_groups));
}

double ComputeModel::training_step_s(const workload::Model& model, double batch, const std::string& optimizer,
                                     int fusion_groups) const {
  double total = optimizer_s(model, optimizer, fusion_groups);
  for (const auto& layer : model.layers()) total += forward_s(layer, batch) + backward_s(layer, batch);
  return total;
}

}  // namespace tcsim::engine
