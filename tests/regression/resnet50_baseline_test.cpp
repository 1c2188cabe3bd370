// CI regression on the simulated ResNet-50 time-to-train: tcsim check on the committed baseline
// tests/baselines/resnet50.json (the user feature, run as users run it). Re-pin with
// scripts/rebaseline.sh.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"

using tcsim::test::run_cli;
using tcsim::test::source_path;

TEST(Resnet50Baseline, reference_scenarios_match_the_committed_baseline) {
  const std::string junit = tcsim::test::temp_file("baseline.xml", "");
  const auto r = run_cli({"check", source_path("tests/baselines/resnet50.json"), "--junit", junit});
  std::printf("%s", r.out.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.err << "\nre-pin with scripts/rebaseline.sh \"why\" if the move is intended";
  EXPECT_EQ(tcsim::test::occurrences(tcsim::test::read_text(junit), "<testcase "), 3u);
}

TEST(Resnet50Baseline, a_slower_network_fails_the_check_naming_each_scenario_and_its_drift) {
  const std::string junit = tcsim::test::temp_file("drifted.xml", "");
  const auto r = run_cli({"check", source_path("tests/baselines/resnet50.json"), "--set", "topology.node.nic.gbps=10",
                          "--junit", junit});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* scenario : {"atlas900-1024 (default)", "SIAT 512 x 910, batch 32768", "PCL 256 x 910, batch 8192"}) {
    EXPECT_NE(r.err.find(std::string("scenario '") + scenario + "': time_to_train_s +"), std::string::npos) << r.err;
  }
  // JUnit XML that CI systems read: well formed (xmllint), a test case and a failure per scenario.
  const std::string xml = tcsim::test::read_text(junit);
  EXPECT_EQ(tcsim::test::occurrences(xml, "<testcase "), 3u);
  EXPECT_EQ(tcsim::test::occurrences(xml, "<failure "), 3u);
  ASSERT_EQ(std::system("command -v xmllint > /dev/null"), 0) << "xmllint is missing: scripts/setup.sh --test installs it";
  EXPECT_EQ(std::system(("xmllint --noout '" + junit + "'").c_str()), 0) << xml;
}

TEST(Resnet50Baseline, update_re_pins_with_the_date_and_the_reason_and_bad_baselines_are_refused) {
  // A copy of the baseline with its first figure off by half: check fails, update fixes it.
  std::string text = tcsim::test::read_text(source_path("tests/baselines/resnet50.json"));
  const std::string copy = tcsim::test::temp_file("repin.json", "");
  {
    auto j = nlohmann::ordered_json::parse(text);
    j["scenarios"] = nlohmann::ordered_json::array({j["scenarios"][0]});
    j["scenarios"][0]["metrics"]["step_time_s"] = j["scenarios"][0]["metrics"]["step_time_s"].get<double>() * 1.5;
    std::ofstream(copy) << j.dump(2);
  }
  EXPECT_EQ(run_cli({"check", copy}).exit_code, 1);
  auto r = run_cli({"check", copy, "--update"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs --reason"), std::string::npos) << r.err;
  r = run_cli({"check", copy, "--update", "--reason", "a test re-pin"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto pinned = nlohmann::json::parse(tcsim::test::read_text(copy));
  EXPECT_EQ(pinned["reason"], "a test re-pin");
  EXPECT_EQ(run_cli({"check", copy}).exit_code, 0);
  // A metric that does not exist, with the nearest one suggested.
  const std::string bad = tcsim::test::temp_file(
      "bad-baseline.json", R"({"schema": "tcsim.baseline/1", "scenarios": [{"name": "x", "metrics": {"step_tim_s": 1}}]})");
  r = run_cli({"check", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'step_time_s'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/scenarios/0/metrics/step_tim_s"), std::string::npos) << r.err;
}
