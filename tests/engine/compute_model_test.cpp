#include <gtest/gtest.h>

#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/workload/ModelZoo.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"
#include "tcsim/workload/TransformerBuilder.hpp"

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

namespace {
/** A device of 4 units with 128 x 128 x 32 tiles, at full efficiency and no per-kernel cost. */
tcsim::hw::DeviceProfile four_unit_device(int fill_steps, bool persistent) {
  tcsim::hw::DeviceProfile d = ideal_device();
  d.peak_fp16_flops_per_s = 4e12;
  // Writing a tile's output costs nothing next to the arithmetic, so only the tiling shows.
  d.hbm_bandwidth_bytes_per_s = 1e30;
  d.matrix_units = tcsim::hw::MatrixUnits{4, 128, 128, 32, fill_steps, persistent};
  return d;
}
}  // namespace

TEST(ComputeModel, a_full_wave_of_tiles_loses_only_the_pipeline_fill) {
  // 256 x 256 is four 128 x 128 tiles, one per unit: K = 320 is ten steps behind two of fill.
  const ComputeModel per_tile(four_unit_device(2, false));
  EXPECT_NEAR(per_tile.gemm_shape_efficiency(256, 256, 320, 1), 10.0 / 12.0, 1e-12);
  // Eight tiles, two waves: a tile's fill is paid per tile, so per wave (the half tile is not
  // considered: there are enough large tiles for every unit).
  EXPECT_NEAR(per_tile.gemm_shape_efficiency(512, 256, 320, 1), 10.0 / 12.0, 1e-12);
  // Persistent kernels fill once: two waves of ten steps behind one fill of two.
  const ComputeModel persistent(four_unit_device(2, true));
  EXPECT_NEAR(persistent.gemm_shape_efficiency(512, 256, 320, 1), 20.0 / 22.0, 1e-12);
}

TEST(ComputeModel, a_partial_tile_or_wave_costs_what_it_leaves_idle) {
  const ComputeModel model(four_unit_device(0, false));
  // One 64 x 64 output on four units: split-K into four slices of 2 steps (K = 256) fills them;
  // without the split one unit would work alone (efficiency 1/4).
  EXPECT_NEAR(model.gemm_shape_efficiency(64, 64, 256, 1), 1.0, 1e-12);
  // K = 32 cannot be split: a 64 x 64 half tile on one of four units.
  EXPECT_NEAR(model.gemm_shape_efficiency(64, 64, 32, 1), 0.25, 1e-12);
  // 100 rows fill 100/128 of a tile (or two half tiles of 64): 100/128 either way.
  EXPECT_NEAR(model.gemm_shape_efficiency(100, 512, 64, 1), 100.0 / 128.0, 1e-12);
}

TEST(ComputeModel, shape_efficiency_is_a_fraction_that_grows_with_the_reduction_on_every_device) {
  for (const auto& key : tcsim::hw::DeviceCatalog::builtin().keys()) {
    const ComputeModel model(*tcsim::hw::DeviceCatalog::builtin().find(key));
    for (const double m : {1.0, 100.0, 2048.0, 43008.0}) {
      for (const double n : {2.0, 64.0, 3072.0, 12288.0}) {
        double previous = 0;
        for (const double k : {64.0, 256.0, 1024.0, 4096.0, 16384.0}) {
          const double e = model.gemm_shape_efficiency(m, n, k, 1);
          EXPECT_GT(e, 0.0) << key;
          EXPECT_LE(e, 1.0 + 1e-12) << key << " " << m << "x" << n << "x" << k;
          // A longer reduction amortises the fill (K here is a multiple of every tile_k).
          EXPECT_GE(e, previous - 1e-12) << key << " " << m << "x" << n << "x" << k;
          previous = e;
        }
      }
    }
  }
}

TEST(ComputeModel, every_layer_multiply_accounts_for_its_layers_flops) {
  using tcsim::workload::OpKind;
  std::vector<tcsim::workload::Model> models = {tcsim::workload::ResNetBuilder::resnet50()};
  for (const auto& name : tcsim::workload::ModelZoo::names()) {
    models.push_back(tcsim::workload::TransformerBuilder::build(tcsim::workload::ModelZoo::find(name)->config));
  }
  for (const auto& model : models) {
    for (const auto& layer : model.layers()) {
      double flops = 0;
      for (const auto& g : layer.gemms) flops += g.forward_flops_per_sample();
      const bool multiplies = layer.kind == OpKind::matmul || layer.kind == OpKind::attention ||
                              layer.kind == OpKind::convolution;
      // Matrix layers are all multiplies; convolutions fused with an add keep a small rest.
      if (multiplies) {
        EXPECT_NEAR(flops, layer.forward_flops_per_sample, 1e-9 * layer.forward_flops_per_sample)
            << model.name() << " " << layer.name;
      } else {
        EXPECT_EQ(flops, 0.0) << model.name() << " " << layer.name;
      }
    }
  }
}

TEST(ComputeModel, tensor_parallel_shards_of_a_narrow_model_lose_efficiency_and_of_a_wide_one_keep_it) {
  // An MLP's input projection (2048 tokens, h -> 4h) split over tp ranks: its N shrinks by tp.
  for (const auto& key : tcsim::hw::DeviceCatalog::builtin().keys()) {
    const ComputeModel model(*tcsim::hw::DeviceCatalog::builtin().find(key));
    auto efficiency = [&](double hidden, double tp, double micro_batch) {
      return model.gemm_shape_efficiency(2048 * micro_batch, 4 * hidden / tp, hidden, 1);
    };
    // Hidden 1024 at tp 8: 512 columns and a 1024-long reduction per rank: 32 tiles of 128 x 256,
    // one full wave on the Ascend 910's 32 AI cores (no loss), a third of one on 80-132 SMs.
    EXPECT_LE(efficiency(1024, 8, 1), efficiency(1024, 1, 1) + 1e-12) << key;
    if (model.device().matrix_units.units >= 80) {
      EXPECT_LT(efficiency(1024, 8, 1), 0.9 * efficiency(1024, 1, 1)) << key;
    }
    // Hidden 16384 at tp 8: 8192 columns, still many full waves.
    EXPECT_GT(efficiency(16384, 8, 1), 0.95 * efficiency(16384, 1, 1)) << key;
    // More micro-batch rows never lower it.
    double previous = 0;
    for (const double micro_batch : {1.0, 2.0, 4.0, 8.0}) {
      EXPECT_GE(efficiency(4096, 8, micro_batch), previous - 1e-12) << key << " micro-batch " << micro_batch;
      previous = efficiency(4096, 8, micro_batch);
    }
  }
}
