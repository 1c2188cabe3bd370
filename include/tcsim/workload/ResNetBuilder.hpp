#pragma once
/** @file Builds ResNet-50 v1.5 layer by layer from its architecture. */
#include <optional>
#include <string>
#include <vector>

#include "tcsim/workload/Model.hpp"

namespace tcsim::workload {

/**
 * @brief How much of the batch-norm and residual work the software stack fuses into other
 * kernels. Fusion moves work, it never removes any: FLOPs are the same in every mode, only the
 * activation traffic through HBM and the kernel count change.
 */
enum class ResNetFusion {
  /** Batch norm with the following ReLU fused; the residual add (+ReLU) is its own kernel. */
  bn_relu,
  /** As bn_relu, and each block's last batch norm, the residual add and the ReLU are one kernel. */
  bn_add_relu,
  /**
   * As bn_add_relu, and the batch norms inside a block ride on the convolutions: the producing
   * convolution computes the statistics in its epilogue, the consuming one applies scale, shift
   * and ReLU in its prologue (cuDNN's fused conv + BN statistics ops).
   */
  conv_bn,
};

/**
 * @brief ResNet-50 v1.5 (He et al. 2016, with the stride on the 3x3 convolution as in the
 * NVIDIA/MLPerf reference): every convolution, batch norm, pooling, residual add and the
 * classifier, with shapes propagated from the input image, fused into kernels as the software
 * stack does (ResNetFusion).
 */
class ResNetBuilder {
public:
  /**
   * @brief image_size: input height = width in pixels; num_classes: classifier outputs; fusion:
   * the software stack's kernel fusion.
   */
  static Model resnet50(int image_size = 224, int num_classes = 1000, ResNetFusion fusion = ResNetFusion::bn_relu);

  /** @brief The fusion called `name` ("bn_relu", "bn_add_relu", "conv_bn"), if any. */
  static std::optional<ResNetFusion> fusion_named(const std::string& name);
  /** @brief The names fusion_named() accepts, in increasing order of fusion. */
  static std::vector<std::string> fusion_names();
};

}  // namespace tcsim::workload
