#include "tcsim/validation/ValidationRun.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"

namespace tcsim::validation {
namespace {

/**
 * The row's predicted figure (throws for bad input or a failed simulation). The published runs
 * report no interruption, so the prediction is of a run without failures.
 */
double predict(const ValidationCase& c, const std::string& root) {
  std::vector<std::string> overrides = c.overrides;
  overrides.insert(overrides.begin(), R"(topology.reliability={"failures": "none"})");
  const auto input = scenario::ScenarioInput::load(root + "/" + c.topology, root + "/" + c.workload, overrides, 1);
  const auto report = scenario::ScenarioRunner::run(input);
  if (c.metric == "time_to_train_s") return report.run.time_to_train_s;
  if (c.metric == "step_time_s") return report.step.time_s;
  if (c.metric == "tokens_per_s_per_device")
    return static_cast<double>(report.global_batch) * c.tokens_per_sample / report.step.time_s / report.job_npus;
  if (c.metric == "model_tflops_per_device") return report.model_flops_per_step / report.step.time_s / report.job_npus / 1e12;
  return report.flops_per_step / report.step.time_s / report.npus / 1e12;
}

ValidationRun::Summary summarise(std::vector<double> errors) {
  ValidationRun::Summary s;
  s.scored = errors.size();
  if (errors.empty()) return s;
  std::sort(errors.begin(), errors.end());
  const std::size_t n = errors.size();
  s.median_abs_error = n % 2 == 1 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
  s.worst_abs_error = errors.back();
  return s;
}

}  // namespace

std::string ValidationRun::family_of(const std::string& dataset) {
  if (dataset == "mlperf-resnet50") return "resnet50";
  if (dataset == "ascend-llm") return "ascend-llm";
  return "gpu-llm";
}

ValidationRun ValidationRun::execute(const std::vector<ValidationCase>& cases, const std::string& root, int jobs) {
  ValidationRun run;
  for (const auto& c : cases) run.rows.push_back(Row{c, 0, 0, 0, {}});
  // One child process per row that is not skipped.
  std::vector<std::size_t> simulated;
  for (std::size_t i = 0; i < run.rows.size(); ++i)
    if (run.rows[i].input.skipped.empty()) simulated.push_back(i);
  const auto outcomes = ProcessPool::run(simulated.size(), jobs, [&](std::size_t k) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", predict(run.rows[simulated[k]].input, root));
    return std::string(text);
  });
  for (std::size_t k = 0; k < simulated.size(); ++k) {
    Row& row = run.rows[simulated[k]];
    const auto& outcome = outcomes[k];
    row.wall_s = outcome.wall_s;
    if (!outcome.ok()) {
      row.failure = outcome.error;
      row.failure_is_input_error = outcome.input_error;
      continue;
    }
    row.predicted = std::strtod(outcome.output.c_str(), nullptr);
    row.error = row.predicted / row.input.measured - 1.0;
  }
  std::vector<double> errors;
  for (const auto& row : run.rows)
    if (row.scored()) errors.push_back(std::fabs(row.error));
  const Summary all = summarise(errors);
  run.scored = all.scored;
  run.median_abs_error = all.median_abs_error;
  run.worst_abs_error = all.worst_abs_error;
  for (const char* family : {"resnet50", "gpu-llm", "ascend-llm"}) {
    std::vector<double> of_family;
    for (const auto& row : run.rows)
      if (row.scored() && family_of(row.input.dataset) == family) of_family.push_back(std::fabs(row.error));
    run.families.emplace_back(family, summarise(of_family));
  }
  return run;
}

}  // namespace tcsim::validation
