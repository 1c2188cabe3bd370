#include "tcsim/workload/ResNetBuilder.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tcsim::workload {
namespace {

/** Tracks the activation shape while layers are appended in forward order. */
class Builder {
public:
  Builder(int channels, int height) : channels_(channels), height_(height) {}

  int channels() const { return channels_; }
  int height() const { return height_; }
  std::vector<Layer> take() { return std::move(layers_); }

  /** Appends a parallel branch's layers (same output shape) in forward order. */
  void absorb(Builder& branch) {
    for (auto& layer : branch.layers_) layers_.push_back(std::move(layer));
    branch.layers_.clear();
  }

  /** Convolution without bias, "same" padding (k/2); `first` has no input gradient to compute. */
  void conv(const std::string& name, int out_channels, int kernel, int stride, bool first = false) {
    const int pad = kernel / 2;
    const int out_height = (height_ + 2 * pad - kernel) / stride + 1;
    const double in_elements = double(channels_) * height_ * height_;
    const double out_elements = double(out_channels) * out_height * out_height;
    const double weights = double(channels_) * out_channels * kernel * kernel;
    const double macs = out_elements * channels_ * kernel * kernel;
    Layer layer;
    layer.name = name;
    layer.kind = OpKind::convolution;
    layer.params = weights;
    layer.output_elements = out_elements;
    layer.forward_flops_per_sample = 2 * macs;
    layer.forward_activation_elements_per_sample = in_elements + out_elements;
    layer.forward_weight_elements = weights;
    // Implicit GEMM (cuDNN, CANN): output pixels x output channels, reducing over the input
    // channels under the filter window.
    Gemm gemm;
    gemm.rows_per_sample = double(out_height) * out_height;
    gemm.n = out_channels;
    gemm.k = double(channels_) * kernel * kernel;
    gemm.data_gradient = !first;
    layer.gemms = {gemm};
    if (first) {
      // Only the weight gradient: read dY and X, write dW.
      layer.backward_flops_per_sample = 2 * macs;
      layer.backward_activation_elements_per_sample = out_elements + in_elements;
      layer.backward_weight_elements = weights;
      layer.backward_kernels = 1;
    } else {
      // Data gradient (read dY, W; write dX) and weight gradient (read dY, X; write dW).
      layer.backward_flops_per_sample = 4 * macs;
      layer.backward_activation_elements_per_sample = 2 * out_elements + 2 * in_elements;
      layer.backward_weight_elements = 2 * weights;
      layer.backward_kernels = 2;
    }
    layers_.push_back(layer);
    channels_ = out_channels;
    height_ = out_height;
  }

  /**
   * Training-mode batch norm with the following ReLU fused (as MindSpore and cuDNN do). With
   * `on_convolutions` (ResNetFusion::conv_bn) the forward pass moves into the neighbouring
   * convolutions: statistics in the producer's epilogue, scale, shift and ReLU in the consumer's
   * prologue; what is left is one per-channel kernel that turns the sums into scale and shift.
   */
  void batch_norm(const std::string& name, bool on_convolutions = false) {
    layers_.push_back(batch_norm_layer(name, on_convolutions));
  }

  /**
   * A block's last batch norm, the residual add and the ReLU as one layer (bn_add_relu, conv_bn):
   * the apply pass also reads the shortcut, and no separate add kernel reads and writes the sum.
   * With `statistics_from_convolution` (conv_bn) the last convolution's epilogue has already
   * summed its output, so the statistics pass goes too. The ReLU mask kept for backward (1 bit per
   * element) is left out.
   */
  void batch_norm_add_relu(const std::string& name, bool statistics_from_convolution) {
    Layer layer = batch_norm_layer(name, false);
    const double elements = layer.output_elements;
    layer.forward_flops_per_sample += 2 * elements;  // the add and the ReLU
    // Read the convolution's output and the shortcut, write the sum; plus a statistics read.
    layer.forward_activation_elements_per_sample = (statistics_from_convolution ? 3 : 4) * elements;
    // The batch norm's backward also writes the shortcut's gradient (the masked dY).
    layer.backward_flops_per_sample += elements;
    layer.backward_activation_elements_per_sample += elements;
    layers_.push_back(layer);
  }

  /** Residual addition with the block's final ReLU fused. */
  void residual_add(const std::string& name) {
    const double elements = double(channels_) * height_ * height_;
    Layer layer;
    layer.name = name;
    layer.kind = OpKind::elementwise;
    layer.output_elements = elements;
    layer.forward_flops_per_sample = 2 * elements;
    layer.forward_activation_elements_per_sample = 3 * elements;
    layer.backward_flops_per_sample = elements;
    layer.backward_activation_elements_per_sample = 3 * elements;
    layers_.push_back(layer);
  }

  void max_pool(const std::string& name, int kernel, int stride) {
    const int pad = kernel / 2;
    const int out_height = (height_ + 2 * pad - kernel) / stride + 1;
    const double in_elements = double(channels_) * height_ * height_;
    const double out_elements = double(channels_) * out_height * out_height;
    Layer layer;
    layer.name = name;
    layer.kind = OpKind::pooling;
    layer.output_elements = out_elements;
    layer.forward_flops_per_sample = out_elements * kernel * kernel;
    layer.forward_activation_elements_per_sample = in_elements + out_elements;
    layer.backward_flops_per_sample = out_elements;
    layer.backward_activation_elements_per_sample = in_elements + 2 * out_elements;
    layers_.push_back(layer);
    height_ = out_height;
  }

  void global_avg_pool(const std::string& name) {
    const double in_elements = double(channels_) * height_ * height_;
    Layer layer;
    layer.name = name;
    layer.kind = OpKind::pooling;
    layer.output_elements = channels_;
    layer.forward_flops_per_sample = in_elements;
    layer.forward_activation_elements_per_sample = in_elements + channels_;
    layer.backward_flops_per_sample = in_elements;
    layer.backward_activation_elements_per_sample = in_elements + channels_;
    layers_.push_back(layer);
    height_ = 1;
  }

  void fully_connected(const std::string& name, int outputs) {
    const double inputs = channels_;
    const double weights = inputs * outputs + outputs;
    Layer layer;
    layer.name = name;
    layer.kind = OpKind::matmul;
    layer.params = weights;
    layer.output_elements = outputs;
    layer.forward_flops_per_sample = 2 * inputs * outputs;
    layer.forward_activation_elements_per_sample = inputs + outputs;
    layer.forward_weight_elements = weights;
    layer.backward_flops_per_sample = 4 * inputs * outputs;
    layer.backward_activation_elements_per_sample = 2 * inputs + 2 * outputs;
    layer.backward_weight_elements = 2 * weights;
    layer.backward_kernels = 2;
    Gemm gemm;
    gemm.rows_per_sample = 1;
    gemm.n = outputs;
    gemm.k = inputs;
    layer.gemms = {gemm};
    layers_.push_back(layer);
    channels_ = outputs;
  }

  void softmax_cross_entropy(const std::string& name) {
    const double classes = channels_;
    Layer layer;
    layer.name = name;
    layer.kind = OpKind::loss;
    layer.output_elements = classes;
    layer.forward_flops_per_sample = 5 * classes;
    layer.forward_activation_elements_per_sample = 2 * classes;
    layer.backward_flops_per_sample = 2 * classes;
    layer.backward_activation_elements_per_sample = 2 * classes;
    layers_.push_back(layer);
  }

private:
  /** The batch norm of the current activation shape (see batch_norm). */
  Layer batch_norm_layer(const std::string& name, bool on_convolutions) const {
    const double elements = double(channels_) * height_ * height_;
    Layer layer;
    layer.name = name;
    layer.kind = OpKind::batch_norm;
    layer.params = 2.0 * channels_;
    layer.output_elements = elements;
    layer.forward_flops_per_sample = 8 * elements;
    layer.forward_weight_elements = 2.0 * channels_;
    if (on_convolutions) {
      layer.forward_activation_elements_per_sample = 0;
      layer.forward_kernels = 1;
    } else {
      // A statistics pass (read X) and a normalise pass (read X, write Y).
      layer.forward_activation_elements_per_sample = 3 * elements;
      layer.forward_kernels = 2;
    }
    // Backward: reduce dY and dY*X, then read dY, X and write dX. Fused stacks run it as its own
    // kernel too (after the consumer's data gradient), so it is the same in every mode.
    layer.backward_flops_per_sample = 10 * elements;
    layer.backward_activation_elements_per_sample = 4 * elements;
    layer.backward_weight_elements = 4.0 * channels_;
    layer.backward_kernels = 2;
    return layer;
  }

  int channels_;
  int height_;
  std::vector<Layer> layers_;
};

}  // namespace

Model ResNetBuilder::resnet50(int image_size, int num_classes, ResNetFusion fusion) {
  const bool fused_add = fusion != ResNetFusion::bn_relu;
  const bool on_convolutions = fusion == ResNetFusion::conv_bn;
  Builder b(3, image_size);
  b.conv("conv1", 64, 7, 2, /*first=*/true);
  b.batch_norm("bn1");  // max pooling consumes it, not a convolution: never fused into one
  b.max_pool("maxpool", 3, 2);

  struct Stage {
    int width;
    int blocks;
    int stride;
  };
  const Stage stages[] = {{64, 3, 1}, {128, 4, 2}, {256, 6, 2}, {512, 3, 2}};
  for (int s = 0; s < 4; ++s) {
    for (int blk = 0; blk < stages[s].blocks; ++blk) {
      const std::string prefix = "layer" + std::to_string(s + 1) + "." + std::to_string(blk) + ".";
      const int stride = blk == 0 ? stages[s].stride : 1;
      const int in_channels = b.channels();
      const int in_height = b.height();
      b.conv(prefix + "conv1", stages[s].width, 1, 1);
      b.batch_norm(prefix + "bn1", on_convolutions);
      b.conv(prefix + "conv2", stages[s].width, 3, stride);  // v1.5: stride on the 3x3
      b.batch_norm(prefix + "bn2", on_convolutions);
      b.conv(prefix + "conv3", stages[s].width * 4, 1, 1);
      if (!fused_add) b.batch_norm(prefix + "bn3");
      if (blk == 0) {
        // Projection shortcut: a strided 1x1 convolution (and its BN) on the block's input.
        Builder shortcut(in_channels, in_height);
        shortcut.conv(prefix + "downsample.conv", stages[s].width * 4, 1, stride);
        shortcut.batch_norm(prefix + "downsample.bn");
        b.absorb(shortcut);
      }
      if (fused_add) {
        b.batch_norm_add_relu(prefix + "bn3_add_relu", on_convolutions);
      } else {
        b.residual_add(prefix + "add");
      }
    }
  }
  b.global_avg_pool("avgpool");
  b.fully_connected("fc", num_classes);
  b.softmax_cross_entropy("loss");
  return Model("resnet50", b.take());
}

namespace {
/** Every fusion with its name, in increasing order of fusion. */
const std::pair<const char*, ResNetFusion> kFusions[] = {
    {"bn_relu", ResNetFusion::bn_relu}, {"bn_add_relu", ResNetFusion::bn_add_relu}, {"conv_bn", ResNetFusion::conv_bn}};
}  // namespace

std::optional<ResNetFusion> ResNetBuilder::fusion_named(const std::string& name) {
  for (const auto& [known, fusion] : kFusions)
    if (name == known) return fusion;
  return std::nullopt;
}

std::vector<std::string> ResNetBuilder::fusion_names() {
  std::vector<std::string> names;
  for (const auto& entry : kFusions) names.emplace_back(entry.first);
  return names;
}

}  // namespace tcsim::workload
