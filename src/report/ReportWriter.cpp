#include "tcsim/report/ReportWriter.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace tcsim::report {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string format(const char* fmt, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, fmt, value);
  return buffer;
}

std::string seconds(double s) {
  if (s == 0) return "0 s";
  if (std::fabs(s) < 1e-3) return format("%.1f us", s * 1e6);
  if (std::fabs(s) < 1.0) return format("%.2f ms", s * 1e3);
  if (std::fabs(s) < 600.0) return format("%.1f s", s);
  if (std::fabs(s) < 48 * 3600.0) return format("%.2f h", s / 3600.0);
  return format("%.2f days", s / 86400.0);
}

std::string row(const std::string& label, const std::string& value, const std::string& note = "") {
  std::string line = "  " + label;
  line.resize(std::max<std::size_t>(line.size() + 1, 28), ' ');
  line += value;
  if (!note.empty()) {
    line.resize(std::max<std::size_t>(line.size() + 2, 44), ' ');
    line += note;
  }
  return line + "\n";
}

std::string percent(double part, double whole) { return whole > 0 ? format("%.1f%%", 100.0 * part / whole) : ""; }

nlohmann::ordered_json by_class(const std::array<std::int64_t, topology::kComponentClasses>& counts) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (topology::ComponentClass c : topology::component_classes()) out[topology::name_of(c)] = counts[static_cast<std::size_t>(c)];
  return out;
}

nlohmann::ordered_json run_json(const Report& r) {
  const engine::RunResult& run = r.run;
  nlohmann::ordered_json j{
      {"steps", run.steps},
      {"epochs", r.epochs},
      {"time_to_train_s", run.time_to_train_s},
      {"finished", run.finished},
      {"train_s", run.train_s},
      {"eval_s", run.eval_s},
      {"evaluations", run.evaluations},
  };
  j["steps_done"] = run.steps_done;
  if (!run.finished) j["gave_up_at"] = run.hit_event_limit ? "event_limit" : "time_limit";
  // Never printed as 0 when it was not modelled: null, and listed under not_modelled.
  j["data_load_s"] = r.run_model.data_loading ? nlohmann::ordered_json(run.data_load_s) : nlohmann::ordered_json(nullptr);
  j["checkpoint_s"] = run.checkpoint_s;
  j["checkpoints"] = run.checkpoints;
  j["lost_work_s"] = run.lost_work_s;
  j["restart_s"] = run.restart_s;
  j["repair_wait_s"] = run.repair_wait_s;
  j["failures"] = run.failures;
  j["interruptions"] = run.interruptions;
  j["failures_by_class"] = by_class(run.failures_by_class);
  j["interruptions_by_class"] = by_class(run.interruptions_by_class);
  j["replacements"] = run.replacements;
  j["degraded_s"] = run.degraded_s;
  j["goodput"] = run.goodput;
  j["not_modelled"] = nlohmann::ordered_json::array();
  if (!r.run_model.data_loading) j["not_modelled"].push_back("data_load_s");
  return j;
}

nlohmann::ordered_json model_json(const RunModelReport& m) {
  nlohmann::ordered_json j{{"failures", m.failures}};
  if (std::isfinite(m.job_mtbf_s)) j["job_mtbf_s"] = m.job_mtbf_s;
  j["servers"] = m.servers;
  j["job_servers"] = m.job_servers;
  j["spare_servers"] = m.spare_servers;
  j["spares"] = m.cold_spares ? "cold" : "hot";
  nlohmann::ordered_json tiers = nlohmann::ordered_json::array();
  for (const auto& t : m.checkpoint_tiers) {
    nlohmann::ordered_json tier{{"tier", t.tier}, {"policy", t.policy}};
    if (t.every_steps > 0) tier["every_steps"] = t.every_steps;
    if (t.every_steps == 0 && std::isfinite(t.every_s)) tier["every_s"] = t.every_s;
    tier["available"] = t.costs.available;
    tier["blocking_s"] = t.costs.blocking_s;
    tier["background_s"] = t.costs.background_s;
    tier["step_slowdown"] = t.costs.step_slowdown;
    tier["restore_s"] = t.costs.restore_s;
    tiers.push_back(std::move(tier));
  }
  j["checkpoint"] = {{"bytes_per_npu", m.checkpoint_bytes_per_npu},
                     {"mode", m.asynchronous_checkpoints ? "async" : "sync"},
                     {"tiers", std::move(tiers)}};
  if (m.data_loading) {
    j["data_loading"] = {{"location", m.dataset_location},
                         {"read_per_step_s", m.read_cold_s},
                         {"cached_read_per_step_s", m.read_warm_s},
                         {"cached_from_step", m.warm_after_step}};
  }
  return j;
}

nlohmann::ordered_json statistics_json(const engine::SampleStatistics& s) {
  return {{"mean", s.mean}, {"ci95", {s.ci95_low, s.ci95_high}}, {"p50", s.p50}, {"p90", s.p90}, {"p99", s.p99}};
}

nlohmann::ordered_json monte_carlo_json(const engine::MonteCarloSummary& m) {
  return {{"replicas", m.replicas},
          {"unfinished", m.unfinished},
          {"time_to_train_s", statistics_json(m.time_to_train_s)},
          {"goodput", statistics_json(m.goodput)},
          {"interruptions", statistics_json(m.interruptions)},
          {"lost_work_s", statistics_json(m.lost_work_s)},
          {"checkpoint_s", statistics_json(m.checkpoint_s)},
          {"restart_s", statistics_json(m.restart_s)},
          {"repair_wait_s", statistics_json(m.repair_wait_s)},
          {"p_no_interruption", m.p_no_interruption},
          {"p_no_interruption_ci95", {m.p_no_interruption_low, m.p_no_interruption_high}}};
}

std::string mean_ci(const engine::SampleStatistics& s, std::string (*show)(double)) {
  return "mean " + show(s.mean) + ", 95% CI [" + show(s.ci95_low) + ", " + show(s.ci95_high) + "]";
}

std::string share(double x) { return format("%.2f%%", 100.0 * x); }
std::string count(double x) { return format("%.2f", x); }

std::string run_table(const Report& r) {
  const engine::RunResult& run = r.run;
  const RunModelReport& m = r.run_model;
  std::ostringstream out;
  out << row("steps", std::to_string(run.steps), format("%g epochs", r.epochs));
  if (run.finished) {
    out << row("time to train", seconds(run.time_to_train_s));
  } else {
    out << row("time to train", "did not finish",
               "gave up after " + seconds(run.time_to_train_s) + ", at step " + std::to_string(run.steps_done) +
                   (run.hit_event_limit ? " (20 million events)" : " (100 x the failure-free run + 1 day)") +
                   "; the breakdown says where the time went");
  }
  const double ttt = run.time_to_train_s;
  out << row("  training", seconds(run.train_s), percent(run.train_s, ttt));
  out << row("  evaluation", seconds(run.eval_s), percent(run.eval_s, ttt) + ", " + std::to_string(run.evaluations) + " passes");
  if (m.data_loading) {
    out << row("  data loading (exposed)", seconds(run.data_load_s), percent(run.data_load_s, ttt));
  } else {
    out << row("  data loading (exposed)", "not modelled", "the workload gives no dataset.sample_bytes and location");
  }
  std::string cadence;
  for (const auto& t : m.checkpoint_tiers) {
    cadence += (cadence.empty() ? "" : ", ") + t.tier + " every " +
               (t.every_steps > 0 ? std::to_string(t.every_steps) + " steps"
                                  : std::isfinite(t.every_s) ? seconds(t.every_s) : std::string("never (no failures)"));
  }
  out << row("  checkpoints", seconds(run.checkpoint_s),
             m.checkpoint_tiers.empty() ? "none configured"
                                        : percent(run.checkpoint_s, ttt) + ", " + std::to_string(run.checkpoints) + " written (" +
                                              cadence + (m.asynchronous_checkpoints ? ", async" : ", sync") + ")");
  out << row("  lost work", seconds(run.lost_work_s), percent(run.lost_work_s, ttt));
  out << row("  detection and restart", seconds(run.restart_s), percent(run.restart_s, ttt));
  out << row("  waiting for repair", seconds(run.repair_wait_s), percent(run.repair_wait_s, ttt));
  out << row("goodput", share(run.goodput), "1 - (checkpoints + lost work + restart + waiting) / time to train");
  if (m.failures == "none") {
    out << row("failures", "none modelled", "reliability.failures is \"none\"");
  } else {
    std::string detail = std::to_string(run.interruptions) + " stopped the job";
    if (std::isfinite(m.job_mtbf_s)) detail += "; job MTBF " + seconds(m.job_mtbf_s);
    detail += m.failures == "trace" ? " (from the trace)" : " (per-class rates)";
    out << row("failures", std::to_string(run.failures), detail);
    std::string classes;
    for (topology::ComponentClass c : topology::component_classes()) {
      const auto n = run.interruptions_by_class[static_cast<std::size_t>(c)];
      if (n > 0) classes += (classes.empty() ? "" : ", ") + std::string(topology::name_of(c)) + " " + std::to_string(n);
    }
    if (!classes.empty()) out << row("  interruptions by class", classes);
  }
  out << row("spares", std::to_string(m.spare_servers) + (m.cold_spares ? " cold" : " hot") + " servers",
             std::to_string(run.replacements) + " used; the job runs on " + std::to_string(m.job_servers) + " of " +
                 std::to_string(m.servers) + " servers");
  if (run.degraded_s > 0) out << row("degraded fabric", seconds(run.degraded_s), "steps on a degraded fabric or moved placement");
  for (const auto& t : m.checkpoint_tiers) {
    std::string cost = t.costs.available ? "" : "unavailable; ";
    cost += m.asynchronous_checkpoints ? "snapshot " + seconds(t.costs.blocking_s) + ", copy " + seconds(t.costs.background_s)
                                       : "write " + seconds(t.costs.blocking_s);
    if (t.costs.step_slowdown > 0) cost += format(", steps %+.1f%% meanwhile", 100.0 * t.costs.step_slowdown);
    cost += ", restore " + seconds(t.costs.restore_s);
    out << row("  checkpoint to " + t.tier, format("%.3g MB per NPU", m.checkpoint_bytes_per_npu / 1e6), cost + " (" + t.policy + ")");
  }
  if (m.data_loading) {
    out << row("  dataset on " + m.dataset_location, "read " + seconds(m.read_cold_s) + " per step",
               m.warm_after_step >= 0 ? "page cache from step " + std::to_string(m.warm_after_step) + ": " + seconds(m.read_warm_s)
                                      : std::string("does not fit in a node's memory"));
  }
  return out.str();
}

std::string monte_carlo_table(const Report& r) {
  std::ostringstream out;
  if (r.monte_carlo) {
    const engine::MonteCarloSummary& mc = *r.monte_carlo;
    out << "\nMonte Carlo (" << mc.replicas << " replicas, seeds from " << r.seed << ")\n";
    out << row("time to train", mean_ci(mc.time_to_train_s, seconds),
               "P50 " + seconds(mc.time_to_train_s.p50) + ", P90 " + seconds(mc.time_to_train_s.p90) + ", P99 " +
                   seconds(mc.time_to_train_s.p99));
    out << row("goodput", mean_ci(mc.goodput, share));
    out << row("interruptions", mean_ci(mc.interruptions, count));
    out << row("lost work", mean_ci(mc.lost_work_s, seconds));
    out << row("checkpoints", mean_ci(mc.checkpoint_s, seconds));
    out << row("detection and restart", mean_ci(mc.restart_s, seconds));
    out << row("waiting for repair", mean_ci(mc.repair_wait_s, seconds));
    out << row("no interruption", share(mc.p_no_interruption),
               "95% CI [" + share(mc.p_no_interruption_low) + ", " + share(mc.p_no_interruption_high) + "]");
    if (mc.unfinished > 0) out << row("did not finish", std::to_string(mc.unfinished) + " replicas");
  }
  return out.str();
}

}  // namespace

nlohmann::ordered_json ReportWriter::to_json(const Report& r) {
  nlohmann::ordered_json j;
  j["tcsim_version"] = r.tcsim_version;
  j["topology"] = r.topology;
  j["workload"] = r.workload;
  j["device"] = r.device;
  j["device_calibrated"] = r.device_calibrated;
  j["npus"] = r.npus;
  j["job_npus"] = r.job_npus;
  j["dp"] = r.dp;
  j["tp"] = r.tp;
  j["pp"] = r.pp;
  j["ep"] = r.ep;
  j["seed"] = r.seed;
  j["global_batch"] = r.global_batch;
  j["batch_per_npu"] = r.batch_per_npu;
  j["flops_per_step"] = r.flops_per_step;
  j["model_flops_per_step"] = r.model_flops_per_step;
  j["memory_per_npu_gib"] = r.memory_per_npu_bytes / kGiB;
  j["step"] = {
      {"time_s", r.step.time_s},
      {"compute_s", r.step.compute_s},
      {"exposed_comm_s", r.step.exposed_comm_s},
      {"bubble_s", r.step.bubble_s},
      {"comm_busy_s", r.step.comm_busy_s},
      {"gradient_buckets", r.step.buckets},
      {"allreduce_bytes_per_npu", r.step.max_bytes_sent_per_rank},
      {"micro_batches", r.step.micro_batches},
      {"bubble_fraction", r.step.bubble_fraction},
      {"last_stage_breakdown",
       {{"stage", r.step.last_stage},
        {"compute_s", r.step.stage_compute_s},
        {"tp_comm_s", r.step.tp_comm_s},
        {"ep_comm_s", r.step.ep_comm_s},
        {"pipeline_wait_s", r.step.pipeline_wait_s},
        {"bubble_wait_s", r.step.bubble_wait_s},
        {"pp_comm_s", r.step.pp_comm_s},
        {"dp_comm_s", r.step.dp_comm_s},
        {"optimizer_s", r.step.optimizer_s}}},
      {"collective_fidelity", r.step.fidelity},
  };
  j["step"]["stages"] = nlohmann::json::array();
  for (const auto& b : r.step.stages) {
    j["step"]["stages"].push_back({{"stage", b.stage},
                                   {"compute_s", b.compute_s},
                                   {"tp_comm_s", b.tp_comm_s},
                                   {"ep_comm_s", b.ep_comm_s},
                                   {"bubble_wait_s", b.bubble_wait_s},
                                   {"pp_comm_s", b.pp_comm_s},
                                   {"dp_comm_s", b.dp_comm_s},
                                   {"optimizer_s", b.optimizer_s},
                                   {"idle_s", b.idle_s}});
  }
  j["step"]["collectives"] = nlohmann::json::array();
  for (const auto& use : r.step.collectives) {
    j["step"]["collectives"].push_back({{"group", use.group},
                                        {"operation", use.operation},
                                        {"algorithm", use.algorithm},
                                        {"ranks", use.ranks},
                                        {"bytes_per_rank", use.bytes},
                                        {"forced", use.forced},
                                        {"selection", use.selection}});
    if (!use.library.empty()) j["step"]["collectives"].back()["library"] = use.library;
  }
  j["run"] = run_json(r);
  j["reliability"] = model_json(r.run_model);
  if (r.monte_carlo) j["monte_carlo"] = monte_carlo_json(*r.monte_carlo);
  {
    const auto& e = r.energy;
    const double samples = static_cast<double>(r.global_batch) * r.run.steps;
    nlohmann::ordered_json energy = {{"facility_j", e.facility_j},
                                     {"it_j", e.it_j},
                                     {"pue", e.pue},
                                     {"npus_computing_j", e.npus_computing_j},
                                     {"npus_communicating_j", e.npus_communicating_j},
                                     {"npus_stopped_j", e.npus_stopped_j},
                                     {"other_npus_idle_j", e.other_npus_j},
                                     {"hosts_j", e.hosts_j},
                                     {"nics_j", e.nics_j},
                                     {"switches_j", e.switches_j},
                                     {"average_w", e.average_w},
                                     {"peak_w", e.peak_w},
                                     {"samples_per_j", e.facility_j > 0 ? samples / e.facility_j : 0.0}};
    if (r.tokens_per_sample > 0)
      energy["tokens_per_j"] = e.facility_j > 0 ? samples * r.tokens_per_sample / e.facility_j : 0.0;
    energy["not_modelled"] = {{"switches_of_unknown_power", e.unknown_switches},
                              {"nics_of_unknown_power", e.nics_without_power},
                              {"devices_of_unknown_idle_power", r.energy_idle_unknown},
                              {"parts", "storage servers, CPU activity (hosts count at CPU TDP), optics and cables"}};
    j["energy"] = std::move(energy);
  }
  if (r.reference) {
    j["reference"] = {
        {"label", r.reference->label},
        {"time_to_train_s", r.reference->time_to_train_s},
        {"relative_error", r.run.time_to_train_s / r.reference->time_to_train_s - 1.0},
        {"source", r.reference->source},
    };
  }
  j["sim"] = {
      {"wall_s", r.wall_s},
      {"flows", r.step.flows},
      {"events", r.step.activities + static_cast<std::size_t>(r.run.activities)},
      {"links", r.platform_links},
      {"step_resimulations", r.step_resimulations},
  };
  return j;
}

std::string ReportWriter::to_table(const Report& r) {
  std::ostringstream out;
  out << "tcsim " << r.tcsim_version << ": " << r.workload << " on " << r.topology << "\n";
  out << "  " << r.npus << " x " << r.device;
  if (r.job_npus < r.npus) out << " (the job runs on " << r.job_npus << "; " << r.npus - r.job_npus << " idle)";
  out << ", data parallel " << r.dp;
  if (r.tp > 1 || r.pp > 1 || r.ep > 1) out << " x tensor " << r.tp << " x pipeline " << r.pp << " (expert " << r.ep << ")";
  out << ", global batch " << r.global_batch << " (" << format("%g", r.batch_per_npu) << " per data-parallel rank), seed "
      << r.seed << "\n";
  if (!r.device_calibrated) out << "  note: the device has no single-device calibration; its efficiency is borrowed\n";
  out << "\n";

  out << "Step\n";
  out << row("step time", seconds(r.step.time_s));
  out << row("compute", seconds(r.step.compute_s), percent(r.step.compute_s, r.step.time_s));
  out << row("exposed communication", seconds(r.step.exposed_comm_s), percent(r.step.exposed_comm_s, r.step.time_s));
  if (r.step.micro_batches > 1 || r.pp > 1 || r.tp > 1 || r.ep > 1) {
    out << row("pipeline bubble", seconds(r.step.bubble_s),
               format("%.1f%% of a stage's passes", 100.0 * r.step.bubble_fraction) + ", " +
                   std::to_string(r.step.micro_batches) + " micro-batches");
    out << "  last stage to finish (stage " << r.step.last_stage << "):\n";
    out << row("  compute", seconds(r.step.stage_compute_s), percent(r.step.stage_compute_s, r.step.time_s));
    out << row("  tensor-parallel comm", seconds(r.step.tp_comm_s), percent(r.step.tp_comm_s, r.step.time_s));
    out << row("  expert all-to-all", seconds(r.step.ep_comm_s), percent(r.step.ep_comm_s, r.step.time_s));
    out << row("  waiting: bubble", seconds(r.step.bubble_wait_s), percent(r.step.bubble_wait_s, r.step.time_s));
    out << row("  waiting: pipeline sends", seconds(r.step.pp_comm_s), percent(r.step.pp_comm_s, r.step.time_s));
    out << row("  data-parallel comm", seconds(r.step.dp_comm_s), percent(r.step.dp_comm_s, r.step.time_s));
    out << row("  optimizer", seconds(r.step.optimizer_s), percent(r.step.optimizer_s, r.step.time_s));
  } else {
    out << row("all-reduce in flight", seconds(r.step.comm_busy_s),
               std::to_string(r.step.buckets) + " gradient buckets");
    out << row("  exposed after backward", seconds(r.step.dp_comm_s), percent(r.step.dp_comm_s, r.step.time_s));
  }
  for (const auto& use : r.step.collectives) {
    const std::string how = use.forced ? "forced" : use.selection == "best" ? "fastest simulated" : use.library;
    out << row(use.group + " " + use.operation, use.algorithm + (how.empty() ? "" : " (" + how + ")"),
               std::to_string(use.ranks) + " ranks, " + format("%.3g MB", use.bytes / 1e6) + " per call" +
                   (r.step.fidelity == "fast" ? "" : ", " + r.step.fidelity));
  }
  out << row("memory per NPU", format("%.2f GiB", r.memory_per_npu_bytes / kGiB));
  out << row("throughput", format("%.0f samples/s", r.global_batch / r.step.time_s));
  out << "\nRun\n";
  out << run_table(r);
  {
    const auto& e = r.energy;
    auto kwh = [](double j) { return j >= 3.6e9 ? format("%.1f MWh", j / 3.6e9) : format("%.1f kWh", j / 3.6e6); };
    out << row("energy to train", kwh(e.facility_j),
               e.pue > 1 ? format("facility: IT x PUE %.2f", e.pue) : std::string("IT only (topology facility.pue: 1)"));
    out << row("  NPUs computing", kwh(e.npus_computing_j), percent(e.npus_computing_j, e.it_j) + " at TDP");
    out << row("  NPUs communicating", kwh(e.npus_communicating_j), percent(e.npus_communicating_j, e.it_j) + " waiting on collectives, pipeline, data");
    out << row("  NPUs stopped", kwh(e.npus_stopped_j), percent(e.npus_stopped_j, e.it_j) + " idle in checkpoints, restarts, repairs");
    out << row("  NPUs outside the job", kwh(e.other_npus_j), percent(e.other_npus_j, e.it_j) + " idle all along (spares, the rest)");
    out << row("  host CPUs", kwh(e.hosts_j), percent(e.hosts_j, e.it_j) + " at TDP (an upper bound)");
    out << row("  NICs", kwh(e.nics_j),
               percent(e.nics_j, e.it_j) + (e.nics_without_power > 0 ? ", " + std::to_string(e.nics_without_power) + " of unknown power not counted" : ""));
    out << row("  switches", kwh(e.switches_j),
               percent(e.switches_j, e.it_j) + (e.unknown_switches > 0 ? ", " + std::to_string(e.unknown_switches) + " of unknown power not counted" : ""));
    out << row("average power", format("%.1f kW", e.average_w / 1e3), format("peak %.1f kW", e.peak_w / 1e3));
    const double samples = static_cast<double>(r.global_batch) * r.run.steps;
    if (e.facility_j > 0) {
      out << row(r.tokens_per_sample > 0 ? "tokens per joule" : "samples per joule",
                 format("%.4g", (r.tokens_per_sample > 0 ? samples * r.tokens_per_sample : samples) / e.facility_j));
    }
    for (const auto& device : r.energy_idle_unknown) out << "  (idle power of " << device << " not known: counted as 0 W)\n";
  }
  if (r.monte_carlo) out << monte_carlo_table(r);
  if (r.reference) {
    out << "\nPublished: " << r.reference->label << "\n";
    out << row("time to train", seconds(r.reference->time_to_train_s),
               format("simulated %+.1f%%", 100.0 * (r.run.time_to_train_s / r.reference->time_to_train_s - 1.0)));
    out << "  source: " << r.reference->source << "\n";
  }
  out << "\nSimulator: " << format("%.3f s", r.wall_s) << " wall, " << r.step.flows << " flows, "
      << r.step.activities + r.run.activities << " events";
  if (r.step_resimulations > 0) out << ", " << r.step_resimulations << " steps re-simulated";
  out << "\n";
  return out.str();
}

std::string ReportWriter::render(const Report& report, const std::string& format_name) {
  if (format_name == "json") return to_json(report).dump(2) + "\n";
  if (format_name == "table") return to_table(report);
  throw std::invalid_argument("unknown report format '" + format_name + "'");
}

}  // namespace tcsim::report
