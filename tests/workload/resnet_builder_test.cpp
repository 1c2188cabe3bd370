#include <cmath>

#include <gtest/gtest.h>

#include "tcsim/workload/ResNetBuilder.hpp"

using tcsim::workload::OpKind;
using tcsim::workload::ResNetBuilder;

TEST(ResNetBuilder, resnet50_has_the_published_parameter_count) {
  // torchvision resnet50: 25,557,032 trainable parameters (BN running statistics excluded).
  const auto model = ResNetBuilder::resnet50();
  EXPECT_DOUBLE_EQ(model.params(), 25'557'032.0);
}

TEST(ResNetBuilder, resnet50_forward_is_about_4_1_giga_multiply_adds) {
  // The well-known "4.1 GFLOPs" of ResNet-50 v1.5 at 224x224 counts multiply-adds; we count a
  // multiply-add as 2 FLOPs. Convolutions and the classifier dominate.
  const auto model = ResNetBuilder::resnet50();
  double macs = 0;
  for (const auto& layer : model.layers()) {
    if (layer.kind == OpKind::convolution || layer.kind == OpKind::matmul) macs += layer.forward_flops_per_sample / 2;
  }
  std::printf("ResNet-50 v1.5: %.3f G multiply-adds per image\n", macs / 1e9);
  EXPECT_NEAR(macs / 1e9, 4.1, 0.1);
  EXPECT_NEAR(model.forward_flops_per_sample() / 1e9, 8.2, 0.3);
}

TEST(ResNetBuilder, resnet50_layer_inventory) {
  const auto model = ResNetBuilder::resnet50();
  int conv = 0, bn = 0, add = 0, fc = 0;
  for (const auto& layer : model.layers()) {
    conv += layer.kind == OpKind::convolution;
    bn += layer.kind == OpKind::batch_norm;
    add += layer.kind == OpKind::elementwise;
    fc += layer.kind == OpKind::matmul;
  }
  EXPECT_EQ(conv, 53);  // 1 stem + 16 blocks x 3 + 4 projection shortcuts
  EXPECT_EQ(bn, 53);
  EXPECT_EQ(add, 16);
  EXPECT_EQ(fc, 1);
}

TEST(ResNetBuilder, backward_costs_about_twice_forward) {
  const auto model = ResNetBuilder::resnet50();
  const double ratio = model.training_flops_per_sample() / model.forward_flops_per_sample() - 1.0;
  EXPECT_NEAR(ratio, 2.0, 0.05);
}

TEST(ResNetBuilder, larger_images_cost_more_in_proportion_to_pixels) {
  const auto small = ResNetBuilder::resnet50(224);
  const auto large = ResNetBuilder::resnet50(448);
  EXPECT_DOUBLE_EQ(small.params(), large.params() - 0.0);
  EXPECT_NEAR(large.forward_flops_per_sample() / small.forward_flops_per_sample(), 4.0, 0.05);
}

namespace {
double activation_elements(const tcsim::workload::Model& model) {
  double elements = 0;
  for (const auto& layer : model.layers())
    elements += layer.forward_activation_elements_per_sample + layer.backward_activation_elements_per_sample;
  return elements;
}
int kernels(const tcsim::workload::Model& model) {
  int count = 0;
  for (const auto& layer : model.layers()) count += layer.forward_kernels + layer.backward_kernels;
  return count;
}
}  // namespace

TEST(ResNetBuilder, fusion_moves_work_and_saves_only_traffic_and_launches) {
  using tcsim::workload::ResNetFusion;
  const auto plain = ResNetBuilder::resnet50(224, 1000, ResNetFusion::bn_relu);
  const auto add = ResNetBuilder::resnet50(224, 1000, ResNetFusion::bn_add_relu);
  const auto conv = ResNetBuilder::resnet50(224, 1000, ResNetFusion::conv_bn);
  for (const auto* fused : {&add, &conv}) {
    EXPECT_DOUBLE_EQ(fused->params(), plain.params());
    EXPECT_NEAR(fused->training_flops_per_sample() / plain.training_flops_per_sample(), 1.0, 1e-12);
  }
  // Each fusion level keeps every saving of the one before.
  EXPECT_LT(activation_elements(add), activation_elements(plain));
  EXPECT_LT(activation_elements(conv), activation_elements(add));
  EXPECT_LT(kernels(add), kernels(plain));
  EXPECT_LT(kernels(conv), kernels(add));
  // bn_add_relu: the 16 residual adds go; the sum is no longer written and read back.
  int adds = 0;
  for (const auto& layer : add.layers()) adds += layer.kind == OpKind::elementwise;
  EXPECT_EQ(adds, 0);
  EXPECT_EQ(add.layers().size(), plain.layers().size() - 16);
  EXPECT_EQ(conv.layers().size(), add.layers().size());
}

TEST(ResNetBuilder, fusion_names_round_trip) {
  for (const auto& name : ResNetBuilder::fusion_names()) EXPECT_TRUE(ResNetBuilder::fusion_named(name).has_value()) << name;
  EXPECT_FALSE(ResNetBuilder::fusion_named("conv_bn_relu").has_value());
}
