// `tcsim inspect --export-simgrid`: the file loads in SimGrid and routes as tcsim does.
#include <gtest/gtest.h>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include "support/CliRunner.hpp"

TEST(PlatformExporter, exported_dgx1_loads_in_simgrid_with_tcsim_routes) {
  const std::string xml = tcsim::test::temp_file("dgx1.xml", "");
  const auto r = tcsim::test::run_cli(
      {"inspect", tcsim::test::source_path("topologies/dgx1-v100.json"), "--export-simgrid", xml, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // This test process loads the file with SimGrid's own parser (no tcsim platform here).
  int argc = 2;
  char arg0[] = "test";
  char quiet[] = "--log=root.thresh:critical";
  char* argv[] = {arg0, quiet, nullptr};
  simgrid::s4u::Engine engine(&argc, argv);
  engine.load_platform(xml);
  EXPECT_EQ(engine.get_host_count(), 8u);
  auto route = [&engine](const char* a, const char* b, double* latency) {
    std::vector<simgrid::s4u::Link*> links;
    *latency = 0;
    engine.host_by_name(a)->route_to(engine.host_by_name(b), links, latency);
    std::vector<std::string> names;
    for (auto* l : links) names.push_back(l->get_name());
    return names;
  };
  double latency = 0;
  // GPU 0 -> 3: their double NVLink2 pair (50 GB/s).
  const auto nvlink = route("n0.npu0", "n0.npu3", &latency);
  ASSERT_EQ(nvlink.size(), 1u);
  EXPECT_EQ(nvlink[0], "n0.nvlink0-3_UP");
  EXPECT_DOUBLE_EQ(engine.link_by_name("n0.nvlink0-3_UP")->get_bandwidth(), 50e9);
  EXPECT_NEAR(latency, 7e-7, 1e-15);
  // GPU 5 -> 0: no NVLink, so PCIe up from 5 and down to 0.
  const auto pcie = route("n0.npu5", "n0.npu0", &latency);
  ASSERT_EQ(pcie.size(), 2u);
  EXPECT_EQ(pcie[0], "n0.npu5.pcie_UP");
  EXPECT_EQ(pcie[1], "n0.npu0.pcie_DOWN");
}

TEST(PlatformExporter, large_platforms_are_refused_with_the_limit) {
  const auto r = tcsim::test::run_cli({"inspect", tcsim::test::source_path("topologies/atlas900-1024.json"),
                                       "--export-simgrid", tcsim::test::temp_file("big.xml", "")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("limited to 512 NPUs"), std::string::npos) << r.err;
}
