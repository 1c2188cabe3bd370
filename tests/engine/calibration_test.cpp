#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
#include "tcsim/engine/Calibration.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/engine/StepPlan.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"
#include "tcsim/workload/ModelZoo.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"
#include "tcsim/workload/TransformerBuilder.hpp"

namespace {

using tcsim::engine::SingleDeviceMeasurement;

/** A catalog device and the single-device rows it is calibrated on (both from one framework). */
struct CalibrationRow {
  const char* key;
  const char* resnet_source;
  const char* resnet_device;
  const char* resnet_optimizer;
  /** nullptr: no transformer row usable; the device gets one shared efficiency. */
  const char* transformer_source;
  const char* transformer_device;
};

// ResNet-50 at batch 256 per device for all rows: MindSpore's row says so; NVIDIA's
// DeepLearningExamples use 256 images per GPU for AMP training (an assumption, see
// docs/model-assumptions.md). Ascend 910's BERT row is not used: see the test below.
const CalibrationRow kRows[] = {
    {"ascend910", "MindSpore r1.2 benchmark docs", "Ascend 910", "lars", nullptr, nullptr},
    {"a100-sxm4-80gb", "NVIDIA DeepLearningExamples PyTorch ResNet50 README (21.03)", "A100-80GB", "sgd_momentum",
     "NVIDIA DeepLearningExamples PyTorch BERT README (pytorch:21.11-py3)", "A100-80GB"},
    {"v100-sxm2-16gb", "NVIDIA DeepLearningExamples PyTorch ResNet50 README (21.03)", "V100-16GB", "sgd_momentum",
     "NVIDIA DeepLearningExamples PyTorch BERT README (pytorch:21.11-py3)", "V100-32GB"},
};
constexpr double kResNetBatch = 256;

const tcsim::hw::DeviceProfile& catalog_device(const char* key) { return *tcsim::hw::DeviceCatalog::builtin().find(key); }

/** Fused optimizer updates of a data-parallel step: one per 25 MiB gradient bucket (as the frameworks do). */
int optimizer_fusion_groups(const tcsim::workload::Model& model, double batch) {
  const tcsim::engine::ComputeModel compute(catalog_device("a100-sxm4-80gb"));  // bucket count does not depend on it
  return static_cast<int>(
      tcsim::engine::StepPlan::data_parallel(model, compute, batch, 25.0 * 1024 * 1024, "lars", {{0}}, 0).bucket_bytes.size());
}

SingleDeviceMeasurement resnet_measurement(const CalibrationRow& row) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/resnet50-single-device.csv"));
  SingleDeviceMeasurement m;
  m.model = tcsim::workload::ResNetBuilder::resnet50();
  m.batch = kResNetBatch;
  m.optimizer = row.resnet_optimizer;
  m.source = row.resnet_source;
  m.fusion_groups = optimizer_fusion_groups(m.model, m.batch);
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.at(r, "device") == row.resnet_device && table.at(r, "source") == row.resnet_source) {
      m.measured_samples_per_s = table.number(r, "images_per_s_1_device");
    }
  }
  EXPECT_GT(m.measured_samples_per_s, 0) << "no ResNet-50 row for " << row.key;
  return m;
}

SingleDeviceMeasurement transformer_measurement(const char* source, const char* device) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/transformer-single-device.csv"));
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.at(r, "device") != device || table.at(r, "source") != source) continue;
    auto config = tcsim::workload::ModelZoo::find(table.at(r, "model"))->config;
    config.seq_len = static_cast<int>(table.number(r, "seq_len"));
    config.vocab = static_cast<int>(table.number(r, "vocab"));
    config.masked_lm_predictions = static_cast<int>(table.number(r, "masked_lm_predictions"));
    SingleDeviceMeasurement m;
    m.model = tcsim::workload::TransformerBuilder::build(config);
    m.batch = table.number(r, "micro_batch");
    m.accumulation_steps = static_cast<int>(table.number(r, "accumulation_steps"));
    m.optimizer = table.at(r, "optimizer");
    m.measured_samples_per_s = table.number(r, "sequences_per_s_1_device");
    m.source = source;
    return m;
  }
  ADD_FAILURE() << "no transformer row for " << device << " in " << source;
  return {};
}

/** One row of data/reference/cross-device-single-gpu.csv (one benchmark suite, several GPUs). */
SingleDeviceMeasurement suite_measurement(const std::string& device, const std::string& model) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/cross-device-single-gpu.csv"));
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.at(r, "device") != device || table.at(r, "model") != model) continue;
    SingleDeviceMeasurement m;
    m.batch = table.number(r, "batch");
    m.optimizer = table.at(r, "optimizer");
    m.measured_samples_per_s = table.number(r, "samples_per_s_1_device");
    m.source = table.at(r, "suite") + " " + device;
    if (model == "resnet50") {
      m.model = tcsim::workload::ResNetBuilder::resnet50();
      m.fusion_groups = optimizer_fusion_groups(m.model, m.batch);
    } else {
      // BERT-Large fine-tuned on SQuAD: the span head, no masked-LM head.
      auto config = tcsim::workload::ModelZoo::find("bert-large")->config;
      config.seq_len = static_cast<int>(table.number(r, "seq_len"));
      config.head = "span";
      config.masked_lm_predictions = 0;
      m.model = tcsim::workload::TransformerBuilder::build(config);
    }
    return m;
  }
  ADD_FAILURE() << "no " << model << " row for " << device << " in cross-device-single-gpu.csv";
  return {};
}

/**
 * A device calibrated through a tool that also timed an already calibrated anchor device: the
 * ratio of their best multiplies, on the anchor's scale, sets the matrix efficiency; the memory
 * efficiency is the anchor's.
 */
struct AnchoredRow {
  const char* key;
  const char* gemm_device;
  const char* anchor_key;
  const char* anchor_gemm_device;
  /** The same two devices in the whole-model suite (cross-device-single-gpu.csv). */
  const char* suite_device;
  const char* anchor_suite_device;
};
const AnchoredRow kAnchoredRows[] = {
    {"h100-sxm5", "H100-SXM5", "a100-sxm4-80gb", "A100-SXM4", "H100-80GB-SXM5", "A100-80GB-SXM4"}};

/** The rows of data/reference/gemm-single-device.csv from `suite` for `device`. */
std::vector<tcsim::engine::GemmMeasurement> gemm_rows(const std::string& suite, const std::string& device) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/gemm-single-device.csv"));
  std::vector<tcsim::engine::GemmMeasurement> out;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.at(r, "suite") != suite || table.at(r, "device") != device) continue;
    tcsim::engine::GemmMeasurement g;
    g.batch = table.number(r, "batch");
    g.m = table.number(r, "m");
    g.n = table.number(r, "n");
    g.k = table.number(r, "k");
    g.measured_flops_per_s = table.number(r, "tflops") * 1e12;
    g.source = suite + " " + device;
    out.push_back(g);
  }
  EXPECT_FALSE(out.empty()) << "no " << suite << " row for " << device;
  return out;
}

/** Modelled over measured ratio of `device` to `anchor`, both as the suite ran them. */
double ratio_error(const char* device_key, const char* suite_device, const char* anchor_key, const char* anchor_suite_device,
                   const char* model) {
  const auto mine = suite_measurement(suite_device, model);
  const auto theirs = suite_measurement(anchor_suite_device, model);
  const double modelled = tcsim::engine::modelled_samples_per_s(catalog_device(device_key), mine) /
                          tcsim::engine::modelled_samples_per_s(catalog_device(anchor_key), theirs);
  const double measured = mine.measured_samples_per_s / theirs.measured_samples_per_s;
  std::printf("%s / %s %-17s modelled %.3f, measured %.3f (error %+.1f%%)\n", device_key, anchor_key, model, modelled,
              measured, 100 * (modelled / measured - 1));
  return modelled / measured - 1;
}

}  // namespace

TEST(Calibration, anchored_devices_have_the_matrix_efficiency_their_best_multiplies_give) {
  for (const auto& row : kAnchoredRows) {
    const auto& device = catalog_device(row.key);
    const auto& anchor = catalog_device(row.anchor_key);
    const auto gemm = tcsim::engine::anchored_measurement(anchor, gemm_rows("MAMF finder (best shape)", row.anchor_gemm_device)[0],
                                                          gemm_rows("MAMF finder (best shape)", row.gemm_device)[0]);
    auto trial = device;
    trial.memory_efficiency = anchor.memory_efficiency;
    const double matrix = tcsim::engine::calibrate_matrix_efficiency(trial, gemm);
    std::printf("%-16s matrix %.5f (catalog %.5f), memory %.5f from %s\n", row.key, matrix, device.matrix_efficiency,
                device.memory_efficiency, row.anchor_key);
    EXPECT_TRUE(device.calibrated) << row.key;
    EXPECT_NEAR(device.matrix_efficiency, matrix, 5e-5) << row.key << ": re-run the calibration, update DeviceCatalog.cpp";
    EXPECT_DOUBLE_EQ(device.memory_efficiency, anchor.memory_efficiency) << row.key;
    // Whole models sit between the rooflines: a device's ratio to the anchor on any model lies
    // between the ratio of their memory ceilings and that of their matrix ceilings (the same
    // memory efficiency, so HBM bandwidths; a few percent either way for per-kernel costs and
    // shapes).
    const double memory_ratio = device.hbm_bandwidth_bytes_per_s / anchor.hbm_bandwidth_bytes_per_s;
    const double matrix_ratio = device.peak_fp16_flops_per_s * device.matrix_efficiency /
                                (anchor.peak_fp16_flops_per_s * anchor.matrix_efficiency);
    for (const char* model : {"bert-large-squad", "resnet50"}) {
      const auto mine = suite_measurement(row.suite_device, model);
      const auto theirs = suite_measurement(row.anchor_suite_device, model);
      const double modelled = tcsim::engine::modelled_samples_per_s(device, mine) /
                              tcsim::engine::modelled_samples_per_s(anchor, theirs);
      EXPECT_GT(modelled, 0.95 * std::min(memory_ratio, matrix_ratio)) << model;
      EXPECT_LT(modelled, 1.05 * std::max(memory_ratio, matrix_ratio)) << model;
      // Reported, not asserted: that suite's whole-model ratios (1.98 on BERT-Large, 1.65 on
      // ResNet-50) are below what the best multiplies and MLPerf's 2.1x on ResNet-50 show
      // (docs/model-assumptions.md, "The H100").
      ratio_error(row.key, row.suite_device, row.anchor_key, row.anchor_suite_device, model);
    }
  }
}

TEST(Calibration, a_gemm_matrix_efficiency_recovers_the_one_that_produced_a_measurement) {
  auto device = catalog_device("h100-sxm5");
  auto gemm = gemm_rows("MAMF finder (best shape)", "H100-SXM5")[0];
  for (const double matrix : {0.3, 0.6, 0.9}) {
    device.matrix_efficiency = matrix;
    gemm.measured_flops_per_s = tcsim::engine::modelled_flops_per_s(device, gemm);
    device.matrix_efficiency = 0.5;
    EXPECT_NEAR(tcsim::engine::calibrate_matrix_efficiency(device, gemm), matrix, 1e-6);
  }
  gemm.measured_flops_per_s = 2e15;  // faster than the peak
  EXPECT_THROW(tcsim::engine::calibrate_matrix_efficiency(device, gemm), std::domain_error);
  auto zero = gemm;
  zero.measured_flops_per_s = 0;
  EXPECT_THROW(tcsim::engine::anchored_measurement(catalog_device("a100-sxm4-80gb"), zero, gemm), std::invalid_argument);
}

TEST(Calibration, independently_calibrated_devices_reproduce_a_third_party_ratio) {
  // V100 and A100 are each calibrated on NVIDIA's own DeepLearningExamples figures; a different
  // suite (Lambda's PyTorch benchmark: other batches, containers and data path) measured both.
  // Its BERT-Large ratio matches theirs closely, which is what the anchored calibration of the
  // H100 relies on. Its ResNet-50 ratio is 9-10% lower than the modelled one (that suite's A100
  // runs ResNet-50 at 64% of NVIDIA's own figure, so something besides the GPU limits it there):
  // that is why the anchored calibration does not use ResNet-50 ratios.
  EXPECT_NEAR(ratio_error("a100-sxm4-80gb", "A100-80GB-SXM4", "v100-sxm2-16gb", "V100-16GB", "bert-large-squad"), 0.0, 0.03);
  EXPECT_NEAR(ratio_error("a100-sxm4-80gb", "A100-80GB-SXM4", "v100-sxm2-16gb", "V100-16GB", "resnet50"), 0.0, 0.15);
}

TEST(Calibration, anchoring_needs_the_same_model_in_both_rows) {
  const auto& anchor = catalog_device("a100-sxm4-80gb");
  EXPECT_THROW(tcsim::engine::anchored_measurement(anchor, suite_measurement("A100-80GB-SXM4", "resnet50"),
                                                   suite_measurement("H100-80GB-SXM5", "bert-large-squad")),
               std::invalid_argument);
  auto zero = suite_measurement("A100-80GB-SXM4", "resnet50");
  zero.measured_samples_per_s = 0;
  EXPECT_THROW(tcsim::engine::anchored_measurement(anchor, zero, suite_measurement("H100-80GB-SXM5", "resnet50")),
               std::invalid_argument);
}

TEST(Calibration, a_matrix_efficiency_alone_recovers_the_one_that_produced_a_measurement) {
  auto device = catalog_device("a100-sxm4-80gb");
  auto bert = suite_measurement("A100-80GB-SXM4", "bert-large-squad");
  for (const double matrix : {0.3, 0.55, 0.9}) {
    device.matrix_efficiency = matrix;
    bert.measured_samples_per_s = tcsim::engine::modelled_samples_per_s(device, bert);
    device.matrix_efficiency = 0.5;
    EXPECT_NEAR(tcsim::engine::calibrate_matrix_efficiency(device, bert), matrix, 1e-6);
  }
  bert.measured_samples_per_s = 1e6;
  EXPECT_THROW(tcsim::engine::calibrate_matrix_efficiency(device, bert), std::domain_error);
}

TEST(Calibration, catalog_efficiencies_are_what_the_single_device_measurements_give) {
  for (const auto& row : kRows) {
    const auto& device = catalog_device(row.key);
    const auto resnet = resnet_measurement(row);
    double matrix = 0;
    double memory = 0;
    if (row.transformer_source) {
      const auto transformer = transformer_measurement(row.transformer_source, row.transformer_device);
      const auto fitted = tcsim::engine::calibrate_efficiencies(device, resnet, transformer);
      matrix = fitted.matrix;
      memory = fitted.memory;
    } else {
      matrix = memory = tcsim::engine::calibrate_shared_efficiency(device, resnet);
    }
    std::printf("%-16s matrix %.5f (catalog %.5f), memory %.5f (catalog %.5f)\n", row.key, matrix,
                device.matrix_efficiency, memory, device.memory_efficiency);
    EXPECT_TRUE(device.calibrated) << row.key;
    EXPECT_GT(matrix, 0.0);
    EXPECT_LE(matrix, 1.0);
    EXPECT_GT(memory, 0.0);
    EXPECT_LE(memory, 1.0);
    EXPECT_NEAR(device.matrix_efficiency, matrix, 5e-5) << row.key << ": re-run the calibration, update DeviceCatalog.cpp";
    EXPECT_NEAR(device.memory_efficiency, memory, 5e-5) << row.key << ": re-run the calibration, update DeviceCatalog.cpp";
  }
}

TEST(Calibration, calibrated_devices_reproduce_both_measurements) {
  for (const auto& row : kRows) {
    const auto& device = catalog_device(row.key);
    std::vector<SingleDeviceMeasurement> measurements = {resnet_measurement(row)};
    if (row.transformer_source) measurements.push_back(transformer_measurement(row.transformer_source, row.transformer_device));
    for (const auto& m : measurements) {
      const double predicted = tcsim::engine::modelled_samples_per_s(device, m);
      std::printf("%-16s %-10s predicted %7.1f samples/s, measured %6.0f (error %+.3f%%)\n", row.key, m.model.name().c_str(),
                  predicted, m.measured_samples_per_s, 100 * (predicted / m.measured_samples_per_s - 1));
      EXPECT_NEAR(predicted / m.measured_samples_per_s, 1.0, 1e-3) << row.key << " " << m.model.name();
    }
  }
}

TEST(Calibration, two_measurements_recover_the_efficiencies_that_produced_them) {
  // Measurements made by the model itself at known efficiencies must give those back, whichever
  // of the two kernels classes is the more efficient.
  const CalibrationRow& row = kRows[1];
  for (const auto& [matrix, memory] : {std::pair{0.7, 0.4}, std::pair{0.35, 0.9}, std::pair{0.6, 0.6}}) {
    auto device = catalog_device(row.key);
    device.matrix_efficiency = matrix;
    device.memory_efficiency = memory;
    auto resnet = resnet_measurement(row);
    auto transformer = transformer_measurement(row.transformer_source, row.transformer_device);
    resnet.measured_samples_per_s = tcsim::engine::modelled_samples_per_s(device, resnet);
    transformer.measured_samples_per_s = tcsim::engine::modelled_samples_per_s(device, transformer);
    const auto fitted = tcsim::engine::calibrate_efficiencies(catalog_device(row.key), resnet, transformer);
    EXPECT_NEAR(fitted.matrix, matrix, 1e-6);
    EXPECT_NEAR(fitted.memory, memory, 1e-6);
  }
}

TEST(Calibration, ascend910_bert_row_cannot_be_fitted_with_its_resnet_row) {
  // MindSpore 0.5's BERT-Large (269 sequences/s, about 25% of peak) is slower relative to its
  // ResNet-50 than any pair of efficiencies in (0, 1] explains, so Ascend 910 keeps one shared
  // efficiency from ResNet-50 alone. This test fails when a better-matched pair of rows arrives.
  const CalibrationRow& row = kRows[0];
  const auto transformer = transformer_measurement("MindSpore r0.5 benchmark docs", "Ascend 910");
  EXPECT_THROW(tcsim::engine::calibrate_efficiencies(catalog_device(row.key), resnet_measurement(row), transformer),
               std::domain_error);
  const double predicted = tcsim::engine::modelled_samples_per_s(catalog_device(row.key), transformer);
  std::printf("ascend910 BERT-Large with the ResNet-50 efficiency: predicted %.0f, measured %.0f sequences/s (%+.1f%%)\n",
              predicted, transformer.measured_samples_per_s, 100 * (predicted / transformer.measured_samples_per_s - 1));
  EXPECT_GT(predicted, transformer.measured_samples_per_s);
}

TEST(Calibration, devices_without_a_measurement_say_where_their_efficiency_comes_from) {
  for (const auto& key : tcsim::hw::DeviceCatalog::builtin().keys()) {
    const auto& device = catalog_device(key.c_str());
    bool has_row = false;
    for (const auto& row : kRows) has_row = has_row || key == row.key;
    for (const auto& row : kAnchoredRows) has_row = has_row || key == row.key;
    EXPECT_EQ(device.calibrated, has_row) << key;
    if (!device.calibrated) {
      EXPECT_NE(device.calibration.find("borrowed from"), std::string::npos) << key;
    }
  }
}

TEST(Calibration, impossible_measurements_are_refused) {
  const CalibrationRow& row = kRows[1];
  auto too_fast = resnet_measurement(row);
  too_fast.measured_samples_per_s = 1e7;
  const auto transformer = transformer_measurement(row.transformer_source, row.transformer_device);
  EXPECT_THROW(tcsim::engine::calibrate_shared_efficiency(catalog_device(row.key), too_fast), std::domain_error);
  EXPECT_THROW(tcsim::engine::calibrate_efficiencies(catalog_device(row.key), too_fast, transformer), std::domain_error);
  auto transformer_too_fast = transformer;
  transformer_too_fast.measured_samples_per_s = 1e6;
  EXPECT_THROW(tcsim::engine::calibrate_efficiencies(catalog_device(row.key), resnet_measurement(row), transformer_too_fast),
               std::domain_error);
}

TEST(Calibration, the_tiled_roofline_follows_measured_h100_multiplies_over_their_shapes) {
  // XLA's measured table of H100 BF16 multiplies, 25 shapes from 256 x 512 x 256 (11 TFLOP/s) to
  // 4096^3 (783 TFLOP/s). Two values are fitted to the table itself: the matrix efficiency (at
  // 4096^3) and the cost of one kernel launched on its own (a standalone launch costs more than
  // the 2 us between kernels of a captured training step). What is checked is the shape
  // dependence that the tiles, waves, fill, memory roofline and launch cost give together.
  const auto rows = gemm_rows("XLA matmul table", "H100-SXM5");
  ASSERT_EQ(rows.size(), 25u);
  const auto* largest = &rows[0];
  for (const auto& r : rows) {
    if (r.flops() > largest->flops()) largest = &r;
  }
  auto errors_with = [&](double overhead_s) {
    auto device = catalog_device("h100-sxm5");
    device.kernel_overhead_s = overhead_s;
    device.matrix_efficiency = tcsim::engine::calibrate_matrix_efficiency(device, *largest);
    std::vector<double> errors;
    for (const auto& r : rows) errors.push_back(std::abs(tcsim::engine::modelled_flops_per_s(device, r) / r.measured_flops_per_s - 1));
    std::sort(errors.begin(), errors.end());
    return errors;
  };
  double best_overhead_s = 0;
  std::vector<double> best;
  for (double overhead_s = 1e-6; overhead_s <= 8e-6; overhead_s += 0.25e-6) {
    const auto errors = errors_with(overhead_s);
    if (best.empty() || errors[errors.size() / 2] < best[best.size() / 2]) {
      best = errors;
      best_overhead_s = overhead_s;
    }
  }
  std::printf("H100 multiplies: launch cost %.2f us, median |error| %.1f%%, worst %.1f%% over %zu shapes\n",
              best_overhead_s * 1e6, 100 * best[best.size() / 2], 100 * best.back(), best.size());
  EXPECT_LE(best[best.size() / 2], 0.05);
  EXPECT_LE(best.back(), 0.25);
  // A launch costs a few microseconds, not tens.
  EXPECT_GE(best_overhead_s, 2e-6);
  EXPECT_LE(best_overhead_s, 6e-6);
}
