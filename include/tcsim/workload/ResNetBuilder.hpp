#pragma once
/** @file Builds ResNet-50 v1.5 layer by layer from its architecture. */
#include "tcsim/workload/Model.hpp"

namespace tcsim::workload {

/**
 * @brief ResNet-50 v1.5 (He et al. 2016, with the stride on the 3x3 convolution as in the
 * NVIDIA/MLPerf reference): every convolution, batch norm (ReLU fused), pooling, residual add
 * and the classifier, with shapes propagated from the input image.
 */
class ResNetBuilder {
public:
  /** @brief image_size: input height = width in pixels; num_classes: classifier outputs. */
  static Model resnet50(int image_size = 224, int num_classes = 1000);
};

}  // namespace tcsim::workload
