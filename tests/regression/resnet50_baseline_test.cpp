// CI regression on the simulated ResNet-50 time-to-train: the reference scenarios against the
// committed baseline tests/baselines/resnet50.json. Re-baseline with scripts/rebaseline.sh.
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/report/AtomicFile.hpp"
#include "tcsim/scenario/JsonFile.hpp"

TEST(Resnet50Baseline, reference_scenarios_match_the_committed_baseline) {
  const std::string path = tcsim::test::source_path("tests/baselines/resnet50.json");
  nlohmann::ordered_json baseline = tcsim::scenario::read_json_file(path);
  const double tolerance = baseline.at("tolerance").get<double>();
  const char* rebaseline_reason = std::getenv("TCSIM_REBASELINE");

  for (auto& scenario : baseline.at("scenarios")) {
    const auto args = scenario.at("args").get<std::vector<std::string>>();
    const auto report = tcsim::test::run_json(args);
    const double ttt = report["run"]["time_to_train_s"].get<double>();
    const double step = report["step"]["time_s"].get<double>();
    const std::string name = scenario.at("name").get<std::string>();
    if (rebaseline_reason != nullptr) {
      scenario["time_to_train_s"] = ttt;
      scenario["step_time_s"] = step;
      continue;
    }
    const double ttt_drift = ttt / scenario.at("time_to_train_s").get<double>() - 1.0;
    const double step_drift = step / scenario.at("step_time_s").get<double>() - 1.0;
    std::printf("%-28s time to train %8.3f s (drift %+.3f%%), step %.6f s (drift %+.3f%%)\n", name.c_str(), ttt,
                100 * ttt_drift, step, 100 * step_drift);
    EXPECT_LE(std::fabs(ttt_drift), tolerance) << name << ": time to train moved; re-baseline if intended";
    EXPECT_LE(std::fabs(step_drift), tolerance) << name << ": step time moved; re-baseline if intended";
  }
  if (rebaseline_reason != nullptr) {
    baseline["reason"] = rebaseline_reason;
    std::time_t now = std::time(nullptr);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
    baseline["changed"] = date;
    tcsim::report::write_file_atomically(path, baseline.dump(2) + "\n");
    std::printf("re-baselined %s: %s\n", path.c_str(), rebaseline_reason);
  }
}
