#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
#include "tcsim/engine/Calibration.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/StepPlan.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

namespace {
// The single-device row the Ascend 910 is calibrated on (data/reference/resnet50-single-device.csv).
double mindspore_ascend910_images_per_s(double* batch) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/resnet50-single-device.csv"));
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.at(r, "device") == "Ascend 910" && table.at(r, "source") == "MindSpore r1.2 benchmark docs") {
      *batch = 256;  // "mixed precision batch 256"
      EXPECT_NE(table.at(r, "precision_and_batch").find("batch 256"), std::string::npos);
      return table.number(r, "images_per_s_1_device");
    }
  }
  ADD_FAILURE() << "calibration row not found";
  return 0;
}

// The single-device benchmark runs the same framework: its optimizer is fused per gradient
// bucket, as in the reference workload (25 MiB buckets).
int fusion_groups(const tcsim::hw::DeviceProfile& device, const tcsim::workload::Model& model, double batch) {
  const tcsim::engine::ComputeModel compute(device);
  return static_cast<int>(
      tcsim::engine::StepPlan::data_parallel(model, compute, batch, 25.0 * 1024 * 1024, "lars", {{0}}, 0).bucket_bytes.size());
}
}  // namespace

TEST(Calibration, catalog_efficiency_is_what_the_single_device_measurement_gives) {
  double batch = 0;
  const double measured = mindspore_ascend910_images_per_s(&batch);
  const auto& device = *tcsim::hw::DeviceCatalog::builtin().find("ascend910");
  const auto model = tcsim::workload::ResNetBuilder::resnet50();
  const double efficiency = tcsim::engine::calibrate_roofline_efficiency(device, model, batch, measured, "lars",
                                                                         fusion_groups(device, model, batch));
  std::printf("Ascend 910 roofline efficiency from %.0f images/s at batch %.0f: %.6f (catalog %.6f)\n", measured,
              batch, efficiency, device.roofline_efficiency);
  EXPECT_GT(efficiency, 0.0);
  EXPECT_LE(efficiency, 1.0);
  EXPECT_NEAR(device.roofline_efficiency, efficiency, 5e-4) << "re-run the calibration and update DeviceCatalog.cpp";
}

TEST(Calibration, calibrated_device_reproduces_the_measurement) {
  double batch = 0;
  const double measured = mindspore_ascend910_images_per_s(&batch);
  const auto& device = *tcsim::hw::DeviceCatalog::builtin().find("ascend910");
  const tcsim::engine::ComputeModel compute(device);
  const auto model = tcsim::workload::ResNetBuilder::resnet50();
  const double predicted = batch / compute.training_step_s(model, batch, "lars", fusion_groups(device, model, batch));
  std::printf("single Ascend 910: predicted %.1f images/s, measured %.0f (error %+.2f%%)\n", predicted, measured,
              100 * (predicted / measured - 1));
  EXPECT_NEAR(predicted / measured, 1.0, 0.001);
}

TEST(Calibration, impossible_measurement_is_refused) {
  const auto& device = *tcsim::hw::DeviceCatalog::builtin().find("ascend910");
  EXPECT_THROW(tcsim::engine::calibrate_roofline_efficiency(device, tcsim::workload::ResNetBuilder::resnet50(), 256,
                                                            1e7, "lars", 2),
               std::domain_error);
}
