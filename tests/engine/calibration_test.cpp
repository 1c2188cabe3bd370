#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
#include "tcsim/engine/Calibration.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/StepPlan.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

namespace {

/** A catalog device and the single-device row it is calibrated on. */
struct CalibrationRow {
  const char* key;
  const char* source;
  const char* device;
  const char* optimizer;
};

// Batch 256 per device for all rows: MindSpore's row says so; NVIDIA's DeepLearningExamples use
// 256 images per GPU for AMP training (an assumption, see docs/model-assumptions.md).
const CalibrationRow kRows[] = {
    {"ascend910", "MindSpore r1.2 benchmark docs", "Ascend 910", "lars"},
    {"a100-sxm4-80gb", "NVIDIA DeepLearningExamples MXNet ResNet50 README (20.12)", "A100-80GB", "sgd_momentum"},
    {"v100-sxm2-16gb", "NVIDIA DeepLearningExamples MXNet ResNet50 README (20.12)", "V100-16GB", "sgd_momentum"},
};
constexpr double kBatch = 256;

double measured_images_per_s(const CalibrationRow& row) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/resnet50-single-device.csv"));
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.at(r, "device") == row.device && table.at(r, "source") == row.source) {
      return table.number(r, "images_per_s_1_device");
    }
  }
  ADD_FAILURE() << "no calibration row for " << row.key;
  return 0;
}

// The single-device benchmarks run the same frameworks: the optimizer is fused per gradient
// bucket, as in the reference workload (25 MiB buckets).
int fusion_groups(const tcsim::hw::DeviceProfile& device, const tcsim::workload::Model& model) {
  const tcsim::engine::ComputeModel compute(device);
  return static_cast<int>(
      tcsim::engine::StepPlan::data_parallel(model, compute, kBatch, 25.0 * 1024 * 1024, "lars", {{0}}, 0).bucket_bytes.size());
}

}  // namespace

TEST(Calibration, catalog_efficiencies_are_what_the_single_device_measurements_give) {
  const auto model = tcsim::workload::ResNetBuilder::resnet50();
  for (const auto& row : kRows) {
    const auto& device = *tcsim::hw::DeviceCatalog::builtin().find(row.key);
    const double measured = measured_images_per_s(row);
    const double efficiency = tcsim::engine::calibrate_roofline_efficiency(device, model, kBatch, measured, row.optimizer,
                                                                           fusion_groups(device, model));
    std::printf("%-16s %6.0f images/s at batch %.0f -> efficiency %.5f (catalog %.5f)\n", row.key, measured, kBatch,
                efficiency, device.roofline_efficiency);
    EXPECT_TRUE(device.calibrated) << row.key;
    EXPECT_GT(efficiency, 0.0);
    EXPECT_LE(efficiency, 1.0);
    EXPECT_NEAR(device.roofline_efficiency, efficiency, 5e-5) << row.key << ": re-run the calibration, update DeviceCatalog.cpp";
  }
}

TEST(Calibration, calibrated_devices_reproduce_their_measurement) {
  const auto model = tcsim::workload::ResNetBuilder::resnet50();
  for (const auto& row : kRows) {
    const auto& device = *tcsim::hw::DeviceCatalog::builtin().find(row.key);
    const tcsim::engine::ComputeModel compute(device);
    const double predicted = kBatch / compute.training_step_s(model, kBatch, row.optimizer, fusion_groups(device, model));
    const double measured = measured_images_per_s(row);
    std::printf("%-16s predicted %.1f images/s, measured %.0f (error %+.3f%%)\n", row.key, predicted, measured,
                100 * (predicted / measured - 1));
    EXPECT_NEAR(predicted / measured, 1.0, 1e-3) << row.key;
  }
}

TEST(Calibration, devices_without_a_measurement_say_where_their_efficiency_comes_from) {
  for (const auto& key : tcsim::hw::DeviceCatalog::builtin().keys()) {
    const auto& device = *tcsim::hw::DeviceCatalog::builtin().find(key);
    bool has_row = false;
    for (const auto& row : kRows) has_row = has_row || key == row.key;
    EXPECT_EQ(device.calibrated, has_row) << key;
    if (!device.calibrated) {
      EXPECT_NE(device.calibration.find("borrowed from"), std::string::npos) << key;
    }
  }
}

TEST(Calibration, impossible_measurement_is_refused) {
  const auto& device = *tcsim::hw::DeviceCatalog::builtin().find("ascend910");
  EXPECT_THROW(tcsim::engine::calibrate_roofline_efficiency(device, tcsim::workload::ResNetBuilder::resnet50(), 256,
                                                            1e7, "lars", 2),
               std::domain_error);
}
