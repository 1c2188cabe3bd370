// The built-in catalog against data/reference/devices.csv.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"
#include "tcsim/hw/DeviceCatalog.hpp"

namespace {
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

/** Catalog key -> the devices.csv row that states its figures. */
struct Expected {
  const char* key;
  const char* csv_device;
  double hbm_gib;       // the CSV lists "16 or 32" / "40 or 80": the variant's value
  double hbm_tb_per_s;  // likewise "1.6 / 2.0"
};
const Expected kExpected[] = {
    {"ascend910", "Ascend 910 (A)", 32, 1.2},       {"ascend910b", "Ascend 910B2", 64, 1.6},
    {"ascend910c", "Ascend 910C", 128, 3.2},        {"v100-sxm2-16gb", "NVIDIA V100-SXM2", 16, 0.9},
    {"v100-sxm2-32gb", "NVIDIA V100-SXM2", 32, 0.9}, {"a100-sxm4-40gb", "NVIDIA A100-SXM4", 40, 1.555},
    {"a100-sxm4-80gb", "NVIDIA A100-SXM4", 80, 2.039}, {"h100-sxm5", "NVIDIA H100-SXM5", 80, 3.35},
    {"h200-sxm5", "NVIDIA H200-SXM5", 141, 4.8},
};
}  // namespace

TEST(DeviceCatalog, peak_and_memory_match_the_reference_data) {
  const auto table = tcsim::CsvTable::read(tcsim::test::source_path("data/reference/devices.csv"));
  const auto& catalog = tcsim::hw::DeviceCatalog::builtin();
  for (const auto& e : kExpected) {
    const auto* d = catalog.find(e.key);
    ASSERT_NE(d, nullptr) << e.key;
    bool found = false;
    for (std::size_t r = 0; r < table.rows(); ++r) {
      if (table.at(r, "device") != e.csv_device) continue;
      found = true;
      EXPECT_DOUBLE_EQ(d->peak_fp16_flops_per_s, table.number(r, "dense_fp16_tflops") * 1e12) << e.key;
      if (!table.at(r, "tdp_w").empty()) {
        EXPECT_DOUBLE_EQ(d->tdp_w, table.number(r, "tdp_w")) << e.key;
      }
    }
    EXPECT_TRUE(found) << e.csv_device;
    EXPECT_DOUBLE_EQ(d->hbm_bytes, e.hbm_gib * kGiB) << e.key;
    EXPECT_DOUBLE_EQ(d->hbm_bandwidth_bytes_per_s, e.hbm_tb_per_s * 1e12) << e.key;
    EXPECT_FALSE(d->source.empty());
  }
  EXPECT_EQ(catalog.keys().size(), std::size(kExpected));
}

TEST(DeviceCatalog, unknown_key_is_null) { EXPECT_EQ(tcsim::hw::DeviceCatalog::builtin().find("tpu-v4"), nullptr); }
