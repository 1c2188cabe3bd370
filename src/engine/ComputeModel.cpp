#include "tcsim/engine/ComputeModel.hpp"

#include <algorithm>
#include <stdexcept>

namespace tcsim::engine {

ComputeModel::ComputeModel(hw::DeviceProfile device) : device_(std::move(device)) {}

double ComputeModel::kernel_time_s(double flops, double bytes, int kernels) const {
  const double compute_s = flops / (device_.peak_fp16_flops_per_s * device_.matrix_efficiency);
  const double memory_s = bytes / (device_.hbm_bandwidth_bytes_per_s * device_.memory_efficiency);
  return std::max(compute_s, memory_s) + kernels * device_.kernel_overhead_s;
}

double ComputeModel::forward_s(const workload::Layer& layer, double batch) const {
  const double bytes = (layer.forward_activation_elements_per_sample * batch + layer.forward_weight_elements) * kActivationBytes;
  return kernel_time_s(layer.forward_flops_per_sample * batch, bytes, layer.forward_kernels);
}

double ComputeModel::backward_s(const workload::Layer& layer, double batch) const {
  const double bytes = (layer.backward_activation_elements_per_sample * batch + layer.backward_weight_elements) * kActivationBytes;
  return kernel_time_s(layer.backward_flops_per_sample * batch, bytes, layer.backward_kernels);
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
