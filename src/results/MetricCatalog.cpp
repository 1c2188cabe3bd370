#include "tcsim/results/MetricCatalog.hpp"

#include <cstdio>

namespace tcsim::results {
namespace {

using report::Report;
using Value = std::optional<double>;

/** Replica 0's figure, or the replicas' mean when there are several. */
template <class Pick>
Value run_mean(const Report& r, Pick pick, double engine::RunResult::*field) {
  if (r.monte_carlo) return pick(*r.monte_carlo).mean;
  return r.run.*field;
}

std::vector<Metric> build() {
  return {
      {"step_time_s", "s", "one training step, failure-free", 4, [](const Report& r) -> Value { return r.step.time_s; }},
      {"compute_s", "s", "compute on the step's critical path", 4, [](const Report& r) -> Value { return r.step.compute_s; }},
      {"exposed_comm_s", "s", "communication the step waits for", 3,
       [](const Report& r) -> Value { return r.step.exposed_comm_s; }},
      {"bubble_s", "s", "pipeline bubble on the last stage to finish", 3,
       [](const Report& r) -> Value { return r.step.bubble_s; }},
      {"memory_per_npu_gib", "GiB", "the largest NPU's memory: weights, gradients, optimizer state, activations", 3,
       [](const Report& r) -> Value { return r.memory_per_npu_bytes / (1024.0 * 1024.0 * 1024.0); }},
      {"samples_per_s", "samples/s", "training throughput of the whole job", 4,
       [](const Report& r) -> Value { return r.global_batch / r.step.time_s; }},
      {"tokens_per_s", "tokens/s", "training throughput of a language model (none for other models)", 4,
       [](const Report& r) -> Value {
         if (r.tokens_per_sample <= 0) return std::nullopt;
         return r.global_batch * r.tokens_per_sample / r.step.time_s;
       }},
      {"mfu", "fraction", "model FLOPs per second over the job's NPUs' dense FP16 peak (none on mixed devices)", 3,
       [](const Report& r) -> Value {
         if (r.job_peak_flops_per_s <= 0) return std::nullopt;
         return r.model_flops_per_step / r.step.time_s / r.job_peak_flops_per_s;
       }},
      {"time_to_train_s", "s", "the whole run, with failures and checkpoints (mean over replicas)", 4,
       [](const Report& r) -> Value {
         return run_mean(r, [](const engine::MonteCarloSummary& m) { return m.time_to_train_s; },
                         &engine::RunResult::time_to_train_s);
       }},
      {"time_to_train_ci95_low_s", "s", "95% confidence interval of the mean time to train (with replicas)", 4,
       [](const Report& r) -> Value {
         if (!r.monte_carlo) return std::nullopt;
         return r.monte_carlo->time_to_train_s.ci95_low;
       }},
      {"time_to_train_ci95_high_s", "s", "", 4,
       [](const Report& r) -> Value {
         if (!r.monte_carlo) return std::nullopt;
         return r.monte_carlo->time_to_train_s.ci95_high;
       }},
      {"goodput", "fraction", "1 - (checkpoints + lost work + restarts + waiting for repair) / time to train", 4,
       [](const Report& r) -> Value {
         return run_mean(r, [](const engine::MonteCarloSummary& m) { return m.goodput; }, &engine::RunResult::goodput);
       }},
      {"goodput_ci95_low", "fraction", "95% confidence interval of the mean goodput (with replicas)", 4,
       [](const Report& r) -> Value {
         if (!r.monte_carlo) return std::nullopt;
         return r.monte_carlo->goodput.ci95_low;
       }},
      {"goodput_ci95_high", "fraction", "", 4,
       [](const Report& r) -> Value {
         if (!r.monte_carlo) return std::nullopt;
         return r.monte_carlo->goodput.ci95_high;
       }},
      {"interruptions", "count", "failures that stopped the job (mean over replicas)", 4,
       [](const Report& r) -> Value {
         if (r.monte_carlo) return r.monte_carlo->interruptions.mean;
         return static_cast<double>(r.run.interruptions);
       }},
      {"checkpoint_s", "s", "training stopped for checkpoints (mean)", 3,
       [](const Report& r) -> Value {
         return run_mean(r, [](const engine::MonteCarloSummary& m) { return m.checkpoint_s; },
                         &engine::RunResult::checkpoint_s);
       }},
      {"lost_work_s", "s", "work redone after interruptions (mean)", 3,
       [](const Report& r) -> Value {
         return run_mean(r, [](const engine::MonteCarloSummary& m) { return m.lost_work_s; },
                         &engine::RunResult::lost_work_s);
       }},
      {"restart_s", "s", "detection, restart and restore (mean)", 3,
       [](const Report& r) -> Value {
         return run_mean(r, [](const engine::MonteCarloSummary& m) { return m.restart_s; }, &engine::RunResult::restart_s);
       }},
      {"repair_wait_s", "s", "waiting for a repaired or spare server (mean)", 3,
       [](const Report& r) -> Value {
         return run_mean(r, [](const engine::MonteCarloSummary& m) { return m.repair_wait_s; },
                         &engine::RunResult::repair_wait_s);
       }},
      {"finished", "bool", "1 if the run (every replica) reached its last step", 1,
       [](const Report& r) -> Value {
         if (r.monte_carlo) return r.monte_carlo->unfinished == 0 ? 1.0 : 0.0;
         return r.run.finished ? 1.0 : 0.0;
       }},
      {"energy_kwh", "kWh", "energy to train, facility side (IT x PUE): NPUs by activity, idle NPUs, hosts, NICs, switches", 3,
       [](const Report& r) -> Value { return r.energy.facility_j / 3.6e6; }},
      {"average_power_kw", "kW", "energy over time to train", 3,
       [](const Report& r) -> Value { return r.energy.average_w / 1e3; }},
      {"samples_per_j", "samples/J", "samples trained per joule (facility)", 3,
       [](const Report& r) -> Value {
         if (r.energy.facility_j <= 0) return std::nullopt;
         return static_cast<double>(r.global_batch) * r.run.steps / r.energy.facility_j;
       }},
      {"tokens_per_j", "tokens/J", "tokens trained per joule (facility; language models)", 3,
       [](const Report& r) -> Value {
         if (r.energy.facility_j <= 0 || r.tokens_per_sample <= 0) return std::nullopt;
         return static_cast<double>(r.global_batch) * r.run.steps * r.tokens_per_sample / r.energy.facility_j;
       }},
  };
}

}  // namespace

const std::vector<Metric>& MetricCatalog::all() {
  static const std::vector<Metric> metrics = build();
  return metrics;
}

const Metric* MetricCatalog::find(const std::string& name) {
  for (const auto& m : all())
    if (m.name == name) return &m;
  return nullptr;
}

std::string MetricCatalog::format(const Metric& metric, double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", metric.significant_digits, value);
  return text;
}

}  // namespace tcsim::results
