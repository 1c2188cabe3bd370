#pragma once
/** @file Per-layer roofline: turns a layer's FLOPs and bytes into time on one device. */
#include <string>

#include "tcsim/hw/DeviceProfile.hpp"
#include "tcsim/workload/Layer.hpp"
#include "tcsim/workload/Model.hpp"

namespace tcsim::engine {

/**
 * @brief Roofline with two calibrated ceilings and a fixed per-kernel cost:
 * t = max(F / (P·η_mx), B / (W·η_mem)) + k·o, where F is FLOPs, B bytes moved, P peak FLOP/s,
 * W memory bandwidth, η_mx and η_mem the device's matrix and memory efficiencies, k kernels and o
 * the per-kernel overhead. A layer's shapes (its arithmetic intensity) decide which ceiling binds.
 * Mixed precision: 2-byte activations.
 */
class ComputeModel {
public:
  explicit ComputeModel(hw::DeviceProfile device);

  const hw::DeviceProfile& device() const { return device_; }

  /** @brief Roofline time of `flops` and `bytes` spread over `kernels` kernels, in seconds. */
  double kernel_time_s(double flops, double bytes, int kernels) const;
  /** @brief Forward time of one layer for `batch` samples on one device, in seconds. */
  double forward_s(const workload::Layer& layer, double batch) const;
  /** @brief Backward (data + weight gradients) time of one layer, in seconds. */
  double backward_s(const workload::Layer& layer, double batch) const;
  /** @brief Forward pass of the whole model, in seconds. */
  double forward_s(const workload::Model& model, double batch) const;
  /**
   * @brief Optimizer update of every parameter ("sgd_momentum", "lars", "adam" or "lamb"), in seconds, run as one
   * fused update per gradient fusion group (bucket).
   */
  double optimizer_s(const workload::Model& model, const std::string& optimizer, int fusion_groups) const;
  /** @brief The same for `params` parameters (a pipeline stage's shard), in seconds. */
  double optimizer_s(double params, const std::string& optimizer, int fusion_groups) const;
  /** @brief One training step on one device without communication, in seconds. */
  double training_step_s(const workload::Model& model, double batch, const std::string& optimizer,
                         int fusion_groups) const;

  /** @brief Bytes per activation or gradient element (FP16 under mixed precision). */
  static constexpr double kActivationBytes = 2.0;

private:
  hw::DeviceProfile device_;
};

}  // namespace tcsim::engine
