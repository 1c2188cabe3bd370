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
                                        {"forced", use.forced}});
  }
  j["run"] = {
      {"steps", r.run.steps},
      {"epochs", r.epochs},
      {"time_to_train_s", r.run.time_to_train_s},
      {"train_s", r.run.train_s},
      {"eval_s", r.run.eval_s},
      {"evaluations", r.run.evaluations},
      {"data_load_s", r.run.data_load_s},
      {"checkpoint_s", r.run.checkpoint_s},
      {"failures", r.run.failures},
      {"lost_work_s", r.run.lost_work_s},
      {"restart_s", r.run.restart_s},
      {"goodput", r.run.goodput},
  };
  j["energy_j"] = r.energy_j;
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
    out << row(use.group + " " + use.operation, use.algorithm + (use.forced ? " (forced)" : ""),
               std::to_string(use.ranks) + " ranks, " + format("%.3g MB", use.bytes / 1e6) + " per call" +
                   (r.step.fidelity == "fast" ? "" : ", " + r.step.fidelity));
  }
  out << row("memory per NPU", format("%.2f GiB", r.memory_per_npu_bytes / kGiB));
  out << row("throughput", format("%.0f samples/s", r.global_batch / r.step.time_s));
  out << "\nRun\n";
  out << row("steps", std::to_string(r.run.steps), format("%g epochs", r.epochs));
  out << row("training", seconds(r.run.train_s), percent(r.run.train_s, r.run.time_to_train_s));
  out << row("evaluation", seconds(r.run.eval_s), std::to_string(r.run.evaluations) + " passes");
  out << row("data loading (exposed)", seconds(r.run.data_load_s));
  out << row("checkpoints", seconds(r.run.checkpoint_s));
  out << row("failures", std::to_string(r.run.failures));
  out << row("time to train", seconds(r.run.time_to_train_s));
  out << row("energy (upper bound)", format("%.1f kWh", r.energy_j / 3.6e6), "every NPU at TDP");
  if (r.reference) {
    out << "\nPublished: " << r.reference->label << "\n";
    out << row("time to train", seconds(r.reference->time_to_train_s),
               format("simulated %+.1f%%", 100.0 * (r.run.time_to_train_s / r.reference->time_to_train_s - 1.0)));
    out << "  source: " << r.reference->source << "\n";
  }
  out << "\nSimulator: " << format("%.3f s", r.wall_s) << " wall, " << r.step.flows << " flows, "
      << r.step.activities + r.run.activities << " events\n";
  return out.str();
}

std::string ReportWriter::to_csv(const Report& r) {
  std::ostringstream out;
  out.precision(17);
  out << "topology,workload,npus,seed,global_batch,step_time_s,compute_s,exposed_comm_s,steps,time_to_train_s,"
         "eval_s,energy_j\n";
  out << r.topology << "," << r.workload << "," << r.npus << "," << r.seed << "," << r.global_batch << ","
      << r.step.time_s << "," << r.step.compute_s << "," << r.step.exposed_comm_s << "," << r.run.steps << ","
      << r.run.time_to_train_s << "," << r.run.eval_s << "," << r.energy_j << "\n";
  return out.str();
}

std::string ReportWriter::render(const Report& report, const std::string& format_name) {
  if (format_name == "json") return to_json(report).dump(2) + "\n";
  if (format_name == "csv") return to_csv(report);
  if (format_name == "table") return to_table(report);
  throw std::invalid_argument("unknown report format '" + format_name + "'");
}

}  // namespace tcsim::report
