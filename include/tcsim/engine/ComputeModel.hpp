#pragma once
/** @file Per-layer roofline: turns a layer's FLOPs and bytes into time on one device. */
#include <string>

#include "tcsim/hw/DeviceProfile.hpp"
#include "tcsim/workload/Layer.hpp"
#include "tcsim/workload/Model.hpp"

namespace tcsim::engine {

/**
 * @brief Roofline with two calibrated ceilings and a fixed per-kernel cost:
 * t = max(C, B / (W·η_mem)) + k·o, where C is the time of the layer's arithmetic, B bytes moved,
 * W memory bandwidth, η_mem the device's memory efficiency, k kernels and o the per-kernel
 * overhead. A layer's shapes (its arithmetic intensity) decide which ceiling binds.
 *
 * C is F / (P·η_mx) for FLOPs F at peak P and matrix efficiency η_mx, except for the layer's
 * matrix multiplies where the device's matrix units are described: each is timed as the tiles
 * the libraries cut it into (gemm_compute_s), so a multiply whose shape leaves tiles or waves
 * partly empty, or whose reduction is short next to the pipeline fill, runs below η_mx.
 * Mixed precision: 2-byte activations.
 */
class ComputeModel {
public:
  explicit ComputeModel(hw::DeviceProfile device);

  const hw::DeviceProfile& device() const { return device_; }

  /** @brief Roofline time of `flops` and `bytes` spread over `kernels` kernels, in seconds. */
  double kernel_time_s(double flops, double bytes, int kernels) const;
  /**
   * @brief Arithmetic time of `instances` independent m x n x k multiplies, in seconds: the
   * fastest of the tilings a library would consider (the device's tile, halved in either or both
   * dimensions, in either orientation; split-K of 1 to 8 slices while the slices still fit the
   * units), each costing waves x (reduction steps x one step's time at η_mx + the pipeline fill
   * + the un-overlapped write of the tile's output) (persistent kernels: fill and write once),
   * plus, with split-K, the partial sums' round trip through memory. The fill is a latency: the
   * large tile's fill steps, whatever the tile. At least F / (P·η_mx); exactly that where matrix
   * units are not described.
   */
  double gemm_compute_s(double m, double n, double k, double instances) const;
  /**
   * @brief One multiply kernel on its own, in seconds: gemm_compute_s against reading both
   * operands and writing the result once, plus one kernel's fixed cost.
   */
  double matmul_s(double m, double n, double k, double instances) const;
  /** @brief 2mnk·instances / gemm_compute_s: the fraction of η_mx·P the shape sustains. */
  double gemm_shape_efficiency(double m, double n, double k, double instances) const;
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
  /** Roofline of a layer whose arithmetic takes `compute_s` at its ceiling. */
  double layer_time_s(double compute_s, double bytes, int kernels) const;
  /** Time of `flops` at the matrix ceiling, without any shape. */
  double flat_compute_s(double flops) const;

  hw::DeviceProfile device_;
};

}  // namespace tcsim::engine
