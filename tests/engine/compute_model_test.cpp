#include <gtest/gtest.h>

#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

using tcsim::engine::ComputeModel;

namespace {
tcsim::hw::DeviceProfile ideal_device() {
  tcsim::hw::DeviceProfile d = *tcsim::hw::DeviceCatalog::builtin().find("ascend910");
  d.matrix_efficiency = 1.0;
  d.memory_efficiency = 1.0;
  d.kernel_overhead_s = 0.0;
  return d;
}
}  // namespace

TEST(ComputeModel, compute_bound_kernel_runs_at_peak_flops) {
  const ComputeModel model(ideal_device());
  // 256 TFLOP on 256 TFLOP/s with almost no traffic: one second.
  EXPECT_DOUBLE_EQ(model.kernel_time_s(256e12, 1.0, 1), 1.0);
}

TEST(ComputeModel, memory_bound_kernel_runs_at_hbm_bandwidth) {
  const ComputeModel model(ideal_device());
  EXPECT_DOUBLE_EQ(model.kernel_time_s(1.0, 1.2e12, 1), 1.0);
}

TEST(ComputeModel, each_roofline_has_its_own_efficiency) {
  auto d = ideal_device();
  d.matrix_efficiency = 0.5;
  d.memory_efficiency = 0.25;
  const ComputeModel model(d);
  EXPECT_DOUBLE_EQ(model.kernel_time_s(256e12, 1.0, 1), 2.0);
  EXPECT_DOUBLE_EQ(model.kernel_time_s(1.0, 1.2e12, 1), 4.0);
  // A kernel is bound by whichever of the two takes longer.
  EXPECT_DOUBLE_EQ(model.kernel_time_s(256e12, 1.2e12, 1), 4.0);
}

TEST(ComputeModel, lamb_costs_more_than_adam_which_costs_more_than_sgd) {
  const ComputeModel model(ideal_device());
  const double params = 1e9;
  EXPECT_LT(model.optimizer_s(params, "sgd_momentum", 1), model.optimizer_s(params, "adam", 1));
  EXPECT_LT(model.optimizer_s(params, "adam", 1), model.optimizer_s(params, "lamb", 1));
  EXPECT_THROW(model.optimizer_s(params, "adagrad", 1), std::invalid_argument);
}

TEST(ComputeModel, kernel_overhead_adds_per_kernel) {
  auto d = ideal_device();
  d.kernel_overhead_s = 5e-6;
  const ComputeModel model(d);
  EXPECT_NEAR(model.kernel_time_s(0, 0, 3), 15e-6, 1e-18);
}

TEST(ComputeModel, never_faster_than_either_roofline_bound) {
  const ComputeModel model(*tcsim::hw::DeviceCatalog::builtin().find("ascend910"));
  const auto resnet = tcsim::workload::ResNetBuilder::resnet50();
  for (const auto& layer : resnet.layers()) {
    const double t = model.forward_s(layer, 32);
    EXPECT_GE(t, layer.forward_flops_per_sample * 32 / 256e12) << layer.name;
    EXPECT_GE(t, layer.forward_activation_elements_per_sample * 32 * 2 / 1.2e12) << layer.name;
  }
}

TEST(ComputeModel, step_time_grows_with_batch_but_per_sample_cost_falls) {
  const ComputeModel model(*tcsim::hw::DeviceCatalog::builtin().find("ascend910"));
  const auto resnet = tcsim::workload::ResNetBuilder::resnet50();
  double previous_step = 0;
  double previous_per_sample = 1e9;
  for (double batch : {1.0, 8.0, 32.0, 128.0, 256.0}) {
    const double step = model.training_step_s(resnet, batch, "lars", 2);
    EXPECT_GT(step, previous_step);
    EXPECT_LT(step / batch, previous_per_sample);
    previous_step = step;
    previous_per_sample = step / batch;
  }
}

TEST(ComputeModel, more_fusion_never_slows_a_step_on_any_device) {
  using tcsim::workload::ResNetBuilder;
  using tcsim::workload::ResNetFusion;
  for (const auto& key : tcsim::hw::DeviceCatalog::builtin().keys()) {
    const ComputeModel model(*tcsim::hw::DeviceCatalog::builtin().find(key));
    for (double batch : {16.0, 256.0}) {
      double previous = 1e9;
      for (const auto fusion : {ResNetFusion::bn_relu, ResNetFusion::bn_add_relu, ResNetFusion::conv_bn}) {
        const double step = model.training_step_s(ResNetBuilder::resnet50(224, 1000, fusion), batch, "lars", 4);
        EXPECT_LT(step, previous) << key << " batch " << batch;
        previous = step;
      }
    }
  }
}
