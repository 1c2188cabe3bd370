#pragma once
/** @file One layer of a model with the work it does per training sample. */
#include <string>
#include <vector>

#include "tcsim/workload/Gemm.hpp"

namespace tcsim::workload {

/** @brief What kind of kernel a layer runs (decides how the device executes it). */
enum class OpKind { convolution, batch_norm, pooling, elementwise, matmul, attention, normalization, embedding, loss };

/**
 * @brief Per-sample work of one layer, derived from its shapes. FLOPs count a multiply-add as 2.
 * Traffic is in elements (the compute model applies the precision's bytes per element).
 */
struct Layer {
  std::string name;
  OpKind kind = OpKind::elementwise;
  /** @brief Trainable parameters (weights, biases, BN scale and shift). */
  double params = 0;
  /** @brief Output activation elements per sample (kept for the backward pass). */
  double output_elements = 0;

  double forward_flops_per_sample = 0;
  /** @brief Activation elements read + written by the forward kernel(s), per sample. */
  double forward_activation_elements_per_sample = 0;
  /** @brief Weight elements read by the forward kernel(s), per step (independent of batch). */
  double forward_weight_elements = 0;
  int forward_kernels = 1;

  double backward_flops_per_sample = 0;
  double backward_activation_elements_per_sample = 0;
  /** @brief Weight elements read plus weight-gradient elements written, per step. */
  double backward_weight_elements = 0;
  int backward_kernels = 1;
  /** @brief Transformer block this layer belongs to (recomputation replays blocks), or -1. */
  int block = -1;
  /** @brief Routed and shared experts of a mixture-of-experts block (split over ep ranks). */
  bool experts = false;
  /**
   * @brief The forward matrix multiplies behind this layer's FLOPs, by shape (empty for layers
   * without any: norms, pooling, element-wise). The compute model times them tile by tile.
   */
  std::vector<Gemm> gemms;
};

}  // namespace tcsim::workload
