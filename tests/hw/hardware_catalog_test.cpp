// The built-in hardware catalog and a topology file's overrides of it.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/hw/HardwareCatalog.hpp"

using tcsim::hw::HardwareCatalog;

namespace {
constexpr double kGbps = 1e9 / 8;

HardwareCatalog with(const nlohmann::json& overrides) {
  return HardwareCatalog::builtin().with_overrides(tcsim::JsonCursor(overrides, "t.json", "/catalog"));
}

std::string error_of(const nlohmann::json& overrides, std::string* path = nullptr) {
  return tcsim::test::input_error_text([&overrides] { with(overrides); }, path);
}
}  // namespace

TEST(HardwareCatalog, has_roce_and_infiniband_nics_at_100_200_400) {
  const auto& c = HardwareCatalog::builtin();
  for (const char* protocol : {"RoCE v2", "InfiniBand"}) {
    for (double gbps : {100.0, 200.0, 400.0}) {
      bool found = false;
      for (const auto& nic : c.nics.entries()) {
        found = found || (nic.protocol == protocol && nic.bandwidth_bytes_per_s == gbps * kGbps);
      }
      EXPECT_TRUE(found) << protocol << " " << gbps;
    }
  }
  // PCIe-attached adapters carry their slot's bandwidth; on-package ones have none.
  EXPECT_DOUBLE_EQ(c.nics.find("connectx-6-hdr")->pcie_bandwidth_bytes_per_s, 252 * kGbps);
  EXPECT_DOUBLE_EQ(c.nics.find("roce-100g-onchip")->pcie_bandwidth_bytes_per_s, 0);
}

TEST(HardwareCatalog, every_entry_is_complete_and_sourced) {
  const auto& c = HardwareCatalog::builtin();
  for (const auto& s : c.switches.entries()) {
    EXPECT_GT(s.ports, 0) << s.key;
    EXPECT_GT(s.port_bandwidth_bytes_per_s, 0) << s.key;
    EXPECT_GT(s.latency_s, 0) << s.key;
    EXPECT_FALSE(s.source.empty()) << s.key;
  }
  EXPECT_EQ(c.switches.find("qm8700")->ports, 40);
  EXPECT_DOUBLE_EQ(c.switches.find("qm8700")->power_w, 253);
  for (const auto& d : c.storage_devices.entries()) {
    EXPECT_GT(d.read_bytes_per_s, 0) << d.key;
    EXPECT_GT(d.capacity_bytes, 0) << d.key;
    EXPECT_FALSE(d.source.empty()) << d.key;
  }
  // Socket memory bandwidth is channels x transfer rate x 8 bytes: EPYC 7742, 8 x DDR4-3200.
  EXPECT_DOUBLE_EQ(c.cpus.find("epyc-7742")->memory_bandwidth_bytes_per_s, 8 * 3200e6 * 8);
  EXPECT_EQ(c.accelerators.keys().size(), 9u);
}

TEST(HardwareCatalog, an_override_with_a_base_changes_only_what_it_lists) {
  const auto c = with({{"switches", {{"my-leaf", {{"base", "qm8700"}, {"ports", 80}}}}},
                       {"nics", {{"slow-hdr", {{"base", "connectx-6-hdr"}, {"pcie_gbps", 126}}}}}});
  const auto* leaf = c.switches.find("my-leaf");
  ASSERT_NE(leaf, nullptr);
  EXPECT_EQ(leaf->ports, 80);
  EXPECT_DOUBLE_EQ(leaf->port_bandwidth_bytes_per_s, 200 * kGbps);
  EXPECT_NE(leaf->source.find("changed in t.json"), std::string::npos) << leaf->source;
  EXPECT_DOUBLE_EQ(c.nics.find("slow-hdr")->pcie_bandwidth_bytes_per_s, 126 * kGbps);
  EXPECT_EQ(HardwareCatalog::builtin().switches.find("my-leaf"), nullptr);  // the built-in one is untouched
}

TEST(HardwareCatalog, an_accelerator_with_changed_figures_is_no_longer_calibrated) {
  const auto c = with({{"accelerators",
                        {{"ascend910-oc", {{"base", "ascend910"}, {"peak_fp16_tflops", 300}}},
                         {"ascend910-big", {{"base", "ascend910"}, {"hbm_gib", 64}}}}}});
  const auto* oc = c.accelerators.find("ascend910-oc");
  EXPECT_DOUBLE_EQ(oc->peak_fp16_flops_per_s, 300e12);
  EXPECT_FALSE(oc->calibrated);
  EXPECT_NE(oc->calibration.find("efficiency of ascend910"), std::string::npos) << oc->calibration;
  // Capacity does not enter the roofline: the calibration still holds.
  EXPECT_TRUE(c.accelerators.find("ascend910-big")->calibrated);
}

TEST(HardwareCatalog, a_new_entry_needs_every_field_but_power) {
  const auto c = with({{"switches", {{"tiny", {{"ports", 8}, {"port_gbps", 100}, {"latency_s", 1e-6}}}}}});
  EXPECT_DOUBLE_EQ(c.switches.find("tiny")->power_w, 0);  // not known

  std::string path;
  const std::string text = error_of({{"switches", {{"tiny", {{"ports", 8}, {"port_gbps", 100}}}}}}, &path);
  EXPECT_EQ(path, "/catalog/switches/tiny/latency_s");
  EXPECT_NE(text.find("missing"), std::string::npos) << text;
}

TEST(HardwareCatalog, bad_overrides_name_the_path_and_the_nearest_key) {
  std::string path;
  std::string text = error_of({{"switches", {{"x", {{"base", "qm870"}}}}}}, &path);
  EXPECT_EQ(path, "/catalog/switches/x/base");
  EXPECT_NE(text.find("did you mean 'qm8700'"), std::string::npos) << text;
  text = error_of({{"nics", {{"x", {{"base", "connectx-6-hdr"}, {"gpbs", 1}}}}}}, &path);
  EXPECT_EQ(path, "/catalog/nics/x/gpbs");
  EXPECT_NE(text.find("did you mean 'gbps'"), std::string::npos) << text;
  text = error_of({{"accelerators", {{"x", {{"base", "ascend910"}, {"matrix_efficiency", 1.5}}}}}}, &path);
  EXPECT_EQ(path, "/catalog/accelerators/x/matrix_efficiency");
  text = error_of({{"switchs", {}}}, &path);
  EXPECT_NE(text.find("did you mean 'switches'"), std::string::npos) << text;
}

TEST(HardwareCatalog, an_accelerator_names_its_collective_library) {
  // Built in: the first Ascend 910 follows HCCL's fixed rule, later Ascends adapt, GPUs run NCCL.
  const auto& builtin = tcsim::hw::HardwareCatalog::builtin().accelerators;
  EXPECT_EQ(builtin.find("ascend910")->library, tcsim::hw::CommunicationLibrary::hccl_910);
  EXPECT_EQ(builtin.find("ascend910c")->library, tcsim::hw::CommunicationLibrary::hccl);
  EXPECT_EQ(builtin.find("h100-sxm5")->library, tcsim::hw::CommunicationLibrary::nccl);
  // A based entry inherits it or sets it; a new one must say it.
  const auto c = with({{"accelerators",
                        {{"next", {{"base", "ascend910"}}}, {"next-b", {{"base", "ascend910"}, {"library", "hccl"}}}}}});
  EXPECT_EQ(c.accelerators.find("next")->library, tcsim::hw::CommunicationLibrary::hccl_910);
  EXPECT_EQ(c.accelerators.find("next-b")->library, tcsim::hw::CommunicationLibrary::hccl);
  std::string path;
  error_of({{"accelerators",
             {{"x",
               {{"peak_fp16_tflops", 100}, {"hbm_gib", 16}, {"hbm_tb_per_s", 1}, {"tdp_w", 300}, {"matrix_efficiency", 0.5},
                {"memory_efficiency", 0.5}}}}}},
           &path);
  EXPECT_EQ(path, "/catalog/accelerators/x/library");
  const std::string text = error_of({{"accelerators", {{"x", {{"base", "ascend910"}, {"library", "hcll"}}}}}}, &path);
  EXPECT_EQ(path, "/catalog/accelerators/x/library");
  EXPECT_NE(text.find("did you mean 'hccl'"), std::string::npos) << text;
}

TEST(HardwareCatalog, an_accelerator_may_describe_its_matrix_units) {
  // Built in: every catalog device has its units and tile (data/reference/matrix-units.csv).
  for (const auto& d : tcsim::hw::HardwareCatalog::builtin().accelerators.entries()) {
    EXPECT_TRUE(d.matrix_units.described()) << d.key;
  }
  const auto c = with({{"accelerators",
                        {{"half", {{"base", "ascend910b"},
                                   {"matrix_units", {{"units", 12}, {"tile", {128, 256, 64}}, {"pipeline_fill_steps", 1}}}}},
                         {"plain",
                          {{"peak_fp16_tflops", 100}, {"hbm_gib", 16}, {"hbm_tb_per_s", 1}, {"tdp_w", 300},
                           {"kernel_overhead_s", 2e-6}, {"matrix_efficiency", 0.5}, {"memory_efficiency", 0.5},
                           {"library", "nccl"}}}}}});
  const auto* half = c.accelerators.find("half");
  EXPECT_EQ(half->matrix_units.units, 12);
  EXPECT_EQ(half->matrix_units.tile_n, 256);
  EXPECT_FALSE(half->matrix_units.persistent);
  // Changed units are changed figures: the base's efficiency is a loan on them.
  EXPECT_FALSE(half->calibrated);
  // Without them a device has no tiles: every multiply at its matrix efficiency.
  EXPECT_FALSE(c.accelerators.find("plain")->matrix_units.described());
  std::string path;
  error_of({{"accelerators", {{"x", {{"base", "ascend910"}, {"matrix_units", {{"units", 4}, {"tile", {128, 256}}, {"pipeline_fill_steps", 1}}}}}}}},
           &path);
  EXPECT_EQ(path, "/catalog/accelerators/x/matrix_units/tile");
  const std::string text =
      error_of({{"accelerators", {{"x", {{"base", "ascend910"}, {"matrix_units", {{"unit", 4}}}}}}}}, &path);
  EXPECT_NE(text.find("did you mean 'units'"), std::string::npos) << text;
}
