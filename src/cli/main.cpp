// The tcsim command line: parses options and hands over to the library. Exit status: 0 success,
// 2 bad input (file, JSON path and expectation on stderr), 1 internal error.
#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/common/Version.hpp"
#include "tcsim/report/AtomicFile.hpp"
#include "tcsim/report/CatalogWriter.hpp"
#include "tcsim/report/InspectWriter.hpp"
#include "tcsim/report/ReportWriter.hpp"
#include "tcsim/report/WorkloadWriter.hpp"
#include "tcsim/results/ComparisonWriter.hpp"
#include "tcsim/results/HtmlReport.hpp"
#include "tcsim/results/MetricCatalog.hpp"
#include "tcsim/results/ResultTable.hpp"
#include "tcsim/scenario/BaselineCheck.hpp"
#include "tcsim/scenario/DesignComparison.hpp"
#include "tcsim/scenario/SweepRun.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/report/TraceWriter.hpp"
#include "tcsim/report/ValidationWriter.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"
#include "tcsim/validation/ReferenceCases.hpp"
#include "tcsim/validation/ValidationRun.hpp"
#include "tcsim/scenario/TopologyInspection.hpp"
#include "tcsim/topology/NodeTemplates.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"
#include "tcsim/topology/TopologyGenerator.hpp"
#include "tcsim/workload/WorkloadGenerator.hpp"

namespace {

// CLI11 reads "-5" into an unsigned integer as 2^64 - 5 and clamps 2^64 to 2^64 - 1; a seed
// must be the integer the user typed, so the text is checked before the conversion.
CLI::Validator unsigned_64_bit_integer() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [last, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error != std::errc() || last != end) {
          return "expected an integer from 0 to 18446744073709551615, got '" + text + "'";
        }
        return {};
      },
      "");
}

// CLI11's range check says "Value abc not in range" for a word; say what was expected instead.
CLI::Validator integer_from(long long low, long long high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        long long value = 0;
        const char* end = text.data() + text.size();
        const auto [last, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error != std::errc() || last != end || value < low || value > high) {
          return "expected an integer from " + std::to_string(low) + " to " + std::to_string(high) + ", got '" + text + "'";
        }
        return {};
      },
      "");
}

struct RunOptions {
  std::string topology;
  std::string workload;
  std::vector<std::string> overrides;
  std::uint64_t seed = 1;
  int replicas = 1;
  int jobs = 1;
  std::string format = "table";
  std::string out;
  bool detailed = false;
  bool no_replay = false;
  bool simulate_uncontended = false;
  std::string trace;
  std::string html;
};

struct ValidateOptions {
  std::string root = TCSIM_DEFAULT_ROOT;
  std::string format = "table";
  std::string out;
  std::string only;
  int jobs = 2;
};

struct CompareOptions {
  std::string topology;
  std::string workload;
  std::vector<std::string> designs;
  std::vector<std::string> overrides;
  std::vector<std::string> set_each;
  std::uint64_t seed = 1;
  int replicas = 1;
  int jobs = 2;
  std::string format = "table";
  std::string out;
  std::string html;
};

struct SweepOptions {
  std::string sweep;
  std::vector<std::string> merge;
  std::string shard;
  std::string format = "csv";
  std::string out;
  std::string html;
  std::string html_x;
  std::vector<std::string> html_metrics;
  bool resume = false;
  int jobs = 2;
};

struct CheckOptions {
  std::string baseline;
  std::vector<std::string> overrides;
  std::string junit;
  bool update = false;
  std::string reason;
  int jobs = 2;
};

struct InspectOptions {
  std::string topology;
  std::vector<std::string> overrides;
  std::string format = "table";
  std::string out;
  std::string export_simgrid;
};

void emit(const std::string& text, const std::string& out) {
  if (out.empty()) {
    std::cout << text << std::flush;
  } else {
    tcsim::report::write_file_atomically(out, text);
  }
}

int inspect_command(const InspectOptions& options) {
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  if (!options.export_simgrid.empty()) tcsim::report::check_writable(options.export_simgrid);
  tcsim::report::check_distinct_outputs({{"--out", options.out}, {"--export-simgrid", options.export_simgrid}},
                                        {{"TOPOLOGY", options.topology}});
  const auto inspection = tcsim::scenario::TopologyInspection::run(options.topology, options.overrides);
  if (!options.export_simgrid.empty()) {
    tcsim::report::write_file_atomically(
        options.export_simgrid,
        tcsim::scenario::TopologyInspection::simgrid_xml(options.topology, options.overrides, options.export_simgrid));
  }
  emit(tcsim::report::InspectWriter::render(inspection, options.format), options.out);
  return 0;
}

struct GenerateOptions {
  tcsim::topology::GeneratorOptions topology;
  std::string dims;
  std::string out;
  bool list_templates = false;
};

int generate_topology_command(GenerateOptions options) {
  if (options.list_templates) {
    for (const auto& name : tcsim::topology::NodeTemplates::names())
      std::cout << name << ": " << tcsim::topology::NodeTemplates::description(name) << "\n";
    return 0;
  }
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  if (!options.dims.empty()) options.topology.dims = tcsim::topology::TopologyGenerator::parse_dims(options.dims);
  const auto document = tcsim::topology::TopologyGenerator::generate(options.topology);
  emit(document.dump(2) + "\n", options.out);
  return 0;
}

struct WorkloadOptions {
  std::string workload;
  std::string topology;
  std::vector<std::string> overrides;
  std::string format = "table";
  std::string out;
  std::string emit;
};

int workload_command(const WorkloadOptions& options) {
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  if (!options.emit.empty()) tcsim::report::check_writable(options.emit);
  tcsim::report::check_distinct_outputs({{"--out", options.out}, {"--emit", options.emit}},
                                        {{"WORKLOAD", options.workload}, {"-t", options.topology}});
  const auto input = tcsim::scenario::ScenarioInput::load(
      options.topology.empty() ? std::nullopt : std::optional<std::string>(options.topology), options.workload,
      options.overrides, 1);
  const auto inspection = tcsim::scenario::WorkloadInspection::of(input);
  if (!options.emit.empty()) {
    tcsim::report::write_file_atomically(options.emit, tcsim::report::WorkloadWriter::step_graph(inspection).dump(1) + "\n");
  }
  emit(tcsim::report::WorkloadWriter::render(inspection, options.format), options.out);
  return 0;
}

struct GenerateWorkloadOptions {
  tcsim::workload::WorkloadGeneratorOptions workload;
  std::string out;
};

int generate_workload_command(const GenerateWorkloadOptions& options) {
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  emit(tcsim::workload::WorkloadGenerator::generate(options.workload).dump(2) + "\n", options.out);
  return 0;
}

int validate_command(const ValidateOptions& options) {
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  auto cases = tcsim::validation::ReferenceCases::load(options.root);
  if (!options.only.empty()) {
    std::vector<tcsim::validation::ValidationCase> kept;
    for (auto& c : cases)
      if (c.dataset == options.only) kept.push_back(std::move(c));
    cases = std::move(kept);
  }
  const auto run = tcsim::validation::ValidationRun::execute(cases, options.root, options.jobs);
  emit(tcsim::report::ValidationWriter::render(run, options.format), options.out);
  // The report lists every row; a row that could not be predicted still fails the command, so
  // that a script or CI job does not take a partial validation for a whole one.
  std::size_t failed = 0;
  bool all_input_errors = true;
  for (const auto& row : run.rows) {
    if (!row.failed()) continue;
    ++failed;
    all_input_errors = all_input_errors && row.failure_is_input_error;
  }
  if (failed == 0) return 0;
  std::cerr << "tcsim: error: " << failed << " of " << run.rows.size() << " rows could not be predicted (the report says why)\n";
  return all_input_errors ? 2 : 1;
}

/**
 * The exit status of a command whose rows may have failed: 0 if none did, else says how many
 * ("N of M <what>") and returns 2 if every failure is bad input, 1 otherwise.
 */
int failures_status(const std::vector<tcsim::results::ResultRow>& rows, const std::string& what) {
  std::size_t failed = 0;
  bool all_input_errors = true;
  for (const auto& row : rows) {
    if (row.error.empty()) continue;
    ++failed;
    all_input_errors = all_input_errors && row.error_is_input;
  }
  if (failed == 0) return 0;
  std::cerr << "tcsim: error: " << failed << " of " << rows.size() << " " << what << "\n";
  return all_input_errors ? 2 : 1;
}

int compare_command(const CompareOptions& options) {
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  if (!options.html.empty()) tcsim::report::check_writable(options.html);
  if (options.topology.empty() == options.workload.empty()) {
    throw tcsim::InputError("compare", "",
                            "give either -w WORKLOAD and topology files to compare designs, or -t TOPOLOGY and workload "
                            "files to compare workloads or plans on one design");
  }
  if (options.designs.size() < 2) {
    throw tcsim::InputError("compare", "", "expected at least two files to compare, got " + std::to_string(options.designs.size()));
  }
  std::vector<std::pair<std::string, std::string>> inputs = {{"-t", options.topology}, {"-w", options.workload}};
  for (const auto& file : options.designs) inputs.emplace_back("FILES", file);
  tcsim::report::check_distinct_outputs({{"--out", options.out}, {"--html", options.html}}, inputs);
  const bool designs_are_topologies = options.topology.empty();
  const auto designs = tcsim::scenario::DesignComparison::designs(
      options.designs, designs_are_topologies, designs_are_topologies ? options.workload : options.topology,
      options.overrides, options.set_each);
  const auto rows = tcsim::scenario::DesignComparison::run(designs, options.seed, options.replicas, options.jobs);
  // The table prints them itself; JSON has them too, CSV does not.
  if (options.format == "csv") {
    for (const auto& warning : tcsim::results::ComparisonWriter::warnings(rows)) spdlog::warn("{}", warning);
  }
  if (!options.html.empty()) {
    tcsim::report::write_file_atomically(options.html,
                                         tcsim::results::HtmlReport::comparison(rows, "tcsim compare: " + rows.front().id + " and " +
                                                                                          std::to_string(rows.size() - 1) + " more"));
  }
  if (options.format == "json") {
    emit(tcsim::results::ComparisonWriter::json(rows).dump(2) + "\n", options.out);
  } else if (options.format == "csv") {
    emit(tcsim::results::ResultTable::csv(rows), options.out);
  } else {
    emit(tcsim::results::ComparisonWriter::table(rows), options.out);
  }
  for (const auto& row : rows)
    if (!row.error.empty()) std::cerr << "tcsim: error: design " << row.id << ": " << row.error << "\n";
  return failures_status(rows, "designs could not be simulated");
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tcsim::InputError(path, "", "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int sweep_command(const SweepOptions& options) {
  using tcsim::scenario::SweepRun;
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  if (!options.html.empty()) tcsim::report::check_writable(options.html);
  if (!options.html.empty() && (!options.merge.empty() || options.resume))
    throw tcsim::InputError("--html", "", "draws the points simulated by this call: not with --merge or --resume");
  const auto spec = tcsim::scenario::SweepSpec::load(options.sweep);
  if (!options.html_x.empty() && std::find(spec.axes.begin(), spec.axes.end(), options.html_x) == spec.axes.end()) {
    throw tcsim::InputError("--html-x", "", "'" + options.html_x + "' is not an axis of " + options.sweep + "; " +
                                                tcsim::suggestion_text(options.html_x, spec.axes));
  }
  for (const auto& metric : options.html_metrics) {
    if (tcsim::results::MetricCatalog::find(metric)) continue;
    std::vector<std::string> names;
    for (const auto& m : tcsim::results::MetricCatalog::all()) names.push_back(m.name);
    throw tcsim::InputError("--html-metrics", "", "unknown metric '" + metric + "'; " + tcsim::suggestion_text(metric, names));
  }
  std::vector<std::pair<std::string, std::string>> inputs = {
      {"SWEEP", options.sweep}, {"topology", spec.topology_file}, {"workload", spec.workload_file}};
  for (const auto& file : options.merge) inputs.emplace_back("--merge", file);
  tcsim::report::check_distinct_outputs({{"--out", options.out}, {"--html", options.html}}, inputs);
  if (!options.merge.empty()) {
    if (!options.shard.empty() || options.resume) throw tcsim::InputError("--merge", "", "merges whole outputs: no --shard or --resume");
    std::vector<std::pair<std::size_t, std::string>> all;
    std::map<std::size_t, std::string> from;
    for (const auto& file : options.merge) {
      for (auto& record : SweepRun::read_records(spec, file, read_text(file), options.format, true)) {
        if (const auto [it, added] = from.emplace(record.first, file); !added) {
          throw tcsim::InputError(file, "", "point " + spec.points[record.first].id + " is also in " + it->second +
                                                ": the shards overlap");
        }
        all.push_back(std::move(record));
      }
    }
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < spec.points.size(); ++i)
      if (!from.count(i)) missing.push_back(spec.points[i].id);
    if (!missing.empty()) {
      std::string list;
      for (std::size_t i = 0; i < std::min<std::size_t>(missing.size(), 5); ++i) list += (i ? ", " : "") + missing[i];
      throw tcsim::InputError(options.sweep, "", std::to_string(missing.size()) + " of " + std::to_string(spec.points.size()) +
                                                     " points are in none of the files (" + list +
                                                     (missing.size() > 5 ? ", ..." : "") + "): a shard missing or unfinished?");
    }
    emit(SweepRun::output(all, options.format), options.out);
    return 0;
  }
  const auto shard = options.shard.empty() ? SweepRun::Shard{} : SweepRun::Shard::parse(options.shard);
  if (options.resume && options.out.empty()) throw tcsim::InputError("--resume", "", "needs --out FILE: the output to continue");
  SweepRun::check(spec);
  std::vector<std::pair<std::size_t, std::string>> kept;
  if (options.resume && std::ifstream(options.out).good()) {
    kept = SweepRun::read_records(spec, options.out, read_text(options.out), options.format, false);
    for (const auto& [position, text] : kept)
      if (!shard.holds(position))
        throw tcsim::InputError(options.out, "", "holds point " + spec.points[position].id + ", which is not in shard " +
                                                     options.shard);
  }
  std::vector<std::size_t> to_run;
  for (std::size_t i = 0; i < spec.points.size(); ++i) {
    if (!shard.holds(i)) continue;
    const bool done = std::any_of(kept.begin(), kept.end(), [i](const auto& r) { return r.first == i; });
    if (!done) to_run.push_back(i);
  }
  std::map<std::string, std::size_t> position_of;
  for (std::size_t i = 0; i < spec.points.size(); ++i) position_of[spec.points[i].id] = i;
  auto records_with = [&](const std::vector<tcsim::results::ResultRow>& rows) {
    auto records = kept;
    for (const auto& row : rows) records.emplace_back(position_of.at(row.id), SweepRun::record(row, options.format));
    return records;
  };
  const auto rows = SweepRun::run(spec, to_run, options.jobs, [&](const std::vector<tcsim::results::ResultRow>& so_far) {
    if (!options.out.empty())
      tcsim::report::write_file_atomically(options.out, SweepRun::output(records_with(so_far), options.format));
  });
  emit(SweepRun::output(records_with(rows), options.format), options.out);
  if (!options.html.empty()) {
    tcsim::report::write_file_atomically(options.html, tcsim::results::HtmlReport::sweep(rows, spec.axes, "tcsim sweep: " + spec.name,
                                                                                     options.html_x, options.html_metrics));
  }
  return failures_status(rows, "points failed (their rows say why)");
}

int check_command(const CheckOptions& options) {
  using tcsim::scenario::BaselineCheck;
  if (!options.junit.empty()) tcsim::report::check_writable(options.junit);
  if (options.update && options.reason.empty())
    throw tcsim::InputError("--update", "", "needs --reason TEXT: why the figures moved (it is written into the baseline)");
  if (!options.update && !options.reason.empty()) throw tcsim::InputError("--reason", "", "only with --update");
  if (options.update && !options.overrides.empty())
    throw tcsim::InputError("--update", "", "re-pins the scenarios as the baseline describes them: no --set");
  if (options.update) tcsim::report::check_writable(options.baseline);
  tcsim::report::check_distinct_outputs({{"--junit", options.junit}}, {{"BASELINE", options.baseline}});
  const auto baseline = tcsim::scenario::Baseline::load(options.baseline);
  const auto outcomes = BaselineCheck::run(baseline, options.overrides, options.jobs);
  std::cout << BaselineCheck::table(outcomes) << std::flush;
  if (!options.junit.empty()) tcsim::report::write_file_atomically(options.junit, BaselineCheck::junit(baseline, outcomes));
  if (options.update) {
    std::time_t now = std::time(nullptr);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
    const auto pinned = BaselineCheck::updated(baseline, outcomes, date, options.reason);
    tcsim::report::write_file_atomically(options.baseline, pinned.to_json().dump(2) + "\n");
    std::cerr << "tcsim: re-pinned " << options.baseline << " (" << date << "): " << options.reason << "\n";
    return 0;
  }
  bool input_errors_only = true;
  bool all_passed = true;
  for (const auto& o : outcomes) {
    if (o.passed()) continue;
    all_passed = false;
    input_errors_only = input_errors_only && !o.row.error.empty() && o.row.error_is_input;
    if (!o.row.error.empty()) {
      std::cerr << "tcsim: error: scenario '" << o.scenario << "' did not run: " << o.row.error << "\n";
    } else {
      for (const auto& d : o.drifts)
        if (!d.within())
          std::cerr << "tcsim: drift: scenario '" << o.scenario << "': " << d.metric << " " << std::showpos
                    << 100 * d.drift << std::noshowpos << "% (tolerance " << 100 * d.tolerance << "%)\n";
    }
  }
  if (all_passed) return 0;
  return input_errors_only ? 2 : 1;
}

int run_command(const RunOptions& options) {
  if (!options.out.empty()) tcsim::report::check_writable(options.out);
  auto input = tcsim::scenario::ScenarioInput::load(
      options.topology.empty() ? std::nullopt : std::optional<std::string>(options.topology),
      options.workload.empty() ? std::nullopt : std::optional<std::string>(options.workload), options.overrides,
      options.seed);
  input.replicas = options.replicas;
  input.jobs = options.jobs;
  if (options.detailed) input.fidelity = tcsim::collective::Fidelity::detailed;
  if (options.no_replay) input.replay_private_calls = false;
  if (options.simulate_uncontended) input.compute_uncontended_flows = false;
  if (!options.trace.empty()) tcsim::report::check_writable(options.trace);
  if (!options.html.empty()) tcsim::report::check_writable(options.html);
  tcsim::report::check_distinct_outputs({{"--out", options.out}, {"--trace", options.trace}, {"--html", options.html}},
                                        {{"-t", options.topology}, {"-w", options.workload}});
  tcsim::engine::TraceRecorder trace;
  const auto report =
      tcsim::scenario::ScenarioRunner::run(input, options.trace.empty() && options.html.empty() ? nullptr : &trace);
  if (!options.trace.empty()) tcsim::report::write_file_atomically(options.trace, tcsim::report::TraceWriter::to_json(trace, 0.0));
  if (!options.html.empty()) {
    auto row = tcsim::results::ResultRow::of(report, report.topology, options.topology, options.workload, options.overrides,
                                             options.replicas);
    tcsim::report::write_file_atomically(
        options.html, tcsim::results::HtmlReport::run(row, trace, report.step.time_s,
                                                      "tcsim run: " + report.workload + " on " + report.topology));
  }
  if (options.format == "csv") {
    emit(tcsim::results::ResultTable::csv({tcsim::results::ResultRow::of(report, "", options.topology, options.workload,
                                                                          options.overrides, options.replicas)}),
         options.out);
  } else {
    emit(tcsim::report::ReportWriter::render(report, options.format), options.out);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tcsim: discrete-event simulator of AI training clusters"};
  app.set_version_flag("--version", std::string("tcsim ") + tcsim::version());
  app.require_subcommand(1);
  app.fallthrough();  // -v and -q work before or after the verb
  int verbosity = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbosity, "more log output on stderr (repeat for debug)");
  app.add_flag("-q,--quiet", quiet, "only errors on stderr");

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand(
      "run", "simulate one scenario (default: ResNet-50 on the Atlas 900 1024-NPU cluster)");
  run_cmd->add_option("-t,--topology", run.topology, "topology file (tcsim.topology/1)");
  run_cmd->add_option("-w,--workload", run.workload, "workload file (tcsim.workload/1)");
  run_cmd->add_option("--set", run.overrides,
                      "override KEY=VALUE; KEY is topology.<path> or workload.<path>, VALUE is JSON or a string")
      ->take_all()
      ->allow_extra_args(false);
  run_cmd->add_option("--seed", run.seed, "random seed (reports are identical for identical seeds)")
      ->check(unsigned_64_bit_integer());
  run_cmd->add_option("--replicas", run.replicas,
                      "Monte Carlo runs with seeds seed, seed+1, ...: mean, 95% CI and percentiles of the run (at most 100000)")
      ->check(integer_from(1, tcsim::scenario::ScenarioInput::kMaxReplicas));
  run_cmd->add_option("-j,--jobs", run.jobs, "processes for the replicas (results do not depend on it; at most 64)")
      ->check(integer_from(1, 64));
  run_cmd->add_option("--format", run.format, "report format")->check(CLI::IsMember({"table", "json", "csv"}));
  run_cmd->add_option("--out", run.out, "write the report to FILE (atomically) instead of stdout");
  run_cmd->add_option("--trace", run.trace,
                      "write the timelines of the simulated step and of the run (failures, checkpoints, restarts) to FILE as "
                      "Chrome/Perfetto trace events (ui.perfetto.dev)");
  run_cmd->add_option("--html", run.html, "also write a self-contained HTML page of the results (inline SVG, no script)");
  run_cmd->add_flag("--detailed", run.detailed,
                    "simulate every step of every collective algorithm (slower; cross-checks the fast mode)");
  run_cmd->add_flag("--no-replay", run.no_replay,
                    "simulate every call of a collective whose links nothing else uses, instead of replaying the "
                    "duration of an identical earlier call (slower; cross-checks the replay)");
  run_cmd->add_flag("--simulate-uncontended", run.simulate_uncontended,
                    "simulate the flows no link can slow too, instead of timing them from their routes as latency "
                    "+ bytes / slowest link (slower; cross-checks that timing)");

  CompareOptions compare;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "run one workload on several designs (-w W T1 T2 ...) or several workloads or plans on one design "
                 "(-t T W1 W2 ...), side by side with each figure's ratio to the first");
  compare_cmd->add_option("files", compare.designs, "the topology files (with -w) or workload files (with -t) to compare")
      ->required();
  compare_cmd->add_option("-t,--topology", compare.topology, "the one topology (compare workloads or plans on it)");
  compare_cmd->add_option("-w,--workload", compare.workload, "the one workload (compare designs)");
  compare_cmd->add_option("--set", compare.overrides, "override KEY=VALUE on every design")->take_all()->allow_extra_args(false);
  compare_cmd->add_option("--set-each", compare.set_each, "override on one design: I:KEY=VALUE, I its position from 1")
      ->take_all()
      ->allow_extra_args(false);
  compare_cmd->add_option("--seed", compare.seed, "random seed")->check(unsigned_64_bit_integer());
  compare_cmd->add_option("--replicas", compare.replicas, "Monte Carlo runs per design (time to train and goodput with CIs)")
      ->check(integer_from(1, tcsim::scenario::ScenarioInput::kMaxReplicas));
  compare_cmd->add_option("-j,--jobs", compare.jobs, "designs simulated at a time (default 2; results do not depend on it)")
      ->check(integer_from(1, 64));
  compare_cmd->add_option("--format", compare.format, "output format")->check(CLI::IsMember({"table", "json", "csv"}));
  compare_cmd->add_option("--out", compare.out, "write to FILE (atomically) instead of stdout");
  compare_cmd->add_option("--html", compare.html, "also write a self-contained HTML page with the designs' charts");

  SweepOptions sweep;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep", "run every point of a sweep file (a base scenario and axes of overrides), one record per point in a "
               "stable order; shard it over machines and merge the shards");
  sweep_cmd->add_option("sweep", sweep.sweep, "sweep file (tcsim.sweep/1)")->required();
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "points simulated at a time (default 2; output does not depend on it)")
      ->check(integer_from(1, 64));
  sweep_cmd->add_option("--shard", sweep.shard, "run shard I of N (0 <= I < N): the points whose position modulo N is I");
  sweep_cmd->add_option("--format", sweep.format, "output format: CSV (the columns of run and compare) or JSON lines")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  sweep_cmd->add_option("--out", sweep.out, "write to FILE (atomically, also after every 64 points) instead of stdout");
  sweep_cmd->add_option("--html", sweep.html, "also write a self-contained HTML page with the sweep's curves");
  sweep_cmd->add_option("--html-x", sweep.html_x, "the axis the page's curves run along (default: the one with most values)");
  sweep_cmd->add_option("--html-metrics", sweep.html_metrics,
                        "the metrics the page draws (default: step_time_s time_to_train_s mfu energy_kwh)")
      ->allow_extra_args(true);
  sweep_cmd->add_flag("--resume", sweep.resume, "keep the points --out already holds without an error; run the rest");
  sweep_cmd->add_option("--merge", sweep.merge, "join shard outputs into the whole sweep's, checking none is missing or doubled")
      ->allow_extra_args(true);

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand(
      "check", "re-run a baseline's scenarios and compare their figures with the pinned ones (for CI: exit 1 on drift)");
  check_cmd->add_option("baseline", check.baseline, "baseline file (tcsim.baseline/1)")->required();
  check_cmd->add_option("--set", check.overrides, "override KEY=VALUE on every scenario")->take_all()->allow_extra_args(false);
  check_cmd->add_option("-j,--jobs", check.jobs, "scenarios simulated at a time (default 2)")->check(integer_from(1, 64));
  check_cmd->add_option("--junit", check.junit, "also write JUnit XML to FILE (a test case per scenario) for CI displays");
  check_cmd->add_flag("--update", check.update, "re-pin every figure to what the scenarios give now (with --reason)");
  check_cmd->add_option("--reason", check.reason, "with --update: why the figures moved, written into the baseline");

  std::string catalog_format = "table";
  ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate", "predict every published measurement in data/reference/ and print the error of each");
  validate_cmd->add_option("--format", validate.format, "output format")->check(CLI::IsMember({"table", "json", "csv"}));
  validate_cmd->add_option("--out", validate.out, "write to FILE (atomically) instead of stdout");
  validate_cmd->add_option("--only", validate.only, "one dataset")
      ->check(CLI::IsMember({"mlperf-resnet50", "megatron", "gpu-llm", "ascend-llm"}));
  validate_cmd->add_option("--root", validate.root, "the tcsim source tree (data/reference, topologies, workloads)");
  validate_cmd->add_option("-j,--jobs", validate.jobs, "simulations at a time (default 2)")->check(CLI::PositiveNumber);

  CLI::App* catalog_cmd = app.add_subcommand("catalog", "list the built-in hardware: accelerators, NICs, switches, drives, CPUs");
  catalog_cmd->add_option("--format", catalog_format, "output format")->check(CLI::IsMember({"table", "json"}));

  InspectOptions inspect;
  CLI::App* inspect_cmd = app.add_subcommand(
      "inspect", "check a topology and analyse it: counts, bandwidth per NPU, oversubscription, diameter, bisection");
  inspect_cmd->add_option("topology", inspect.topology, "topology file (tcsim.topology/1)")->required();
  inspect_cmd->add_option("--set", inspect.overrides, "override topology.<path>=VALUE")->take_all()->allow_extra_args(false);
  inspect_cmd->add_option("--format", inspect.format, "output format")->check(CLI::IsMember({"table", "json"}));
  inspect_cmd->add_option("--out", inspect.out, "write to FILE (atomically) instead of stdout");
  inspect_cmd->add_option("--export-simgrid", inspect.export_simgrid,
                          "also write the platform as a SimGrid XML file (up to 512 NPUs)");

  GenerateOptions generate;
  WorkloadOptions work;
  CLI::App* workload_cmd = app.add_subcommand(
      "workload", "show a workload's parallel plan on a topology: placement, memory per NPU, FLOPs, collectives");
  workload_cmd->add_option("workload", work.workload, "workload file (tcsim.workload/1)")->required();
  workload_cmd->add_option("-t,--topology", work.topology, "topology file (default: the built-in Atlas 900)");
  workload_cmd->add_option("--set", work.overrides, "override topology.<path>=VALUE or workload.<path>=VALUE")
      ->take_all()
      ->allow_extra_args(false);
  workload_cmd->add_option("--format", work.format, "output format")->check(CLI::IsMember({"table", "json"}));
  workload_cmd->add_option("--out", work.out, "write to FILE (atomically) instead of stdout");
  workload_cmd->add_option("--emit", work.emit, "also write the full step graph of one step as JSON to FILE");

  CLI::App* generate_cmd = app.add_subcommand("generate", "write an input file from parameters");
  generate_cmd->require_subcommand(1);
  CLI::App* generate_topology = generate_cmd->add_subcommand(
      "topology", "write a topology file: KIND is leaf-spine, fat-tree or torus; nodes from a built-in template");
  auto& g = generate.topology;
  generate_topology->add_option("kind", g.kind, "leaf-spine, fat-tree, torus or dragonfly");
  generate_topology->add_option("--nodes", g.nodes, "number of nodes (torus: defaults to the product of --dims)");
  generate_topology->add_option("--node", g.node_template, "node template (--list-templates)");
  generate_topology->add_option("--name", g.name, "topology name");
  generate_topology->add_option("--switch", g.switch_model, "switch model from the catalog (tcsim catalog)");
  generate_topology->add_option("--switch-ports", g.switch_ports, "ports per switch, every tier (default: the model's, else 64)");
  generate_topology->add_option("--port-gbps", g.port_gbps, "switch port speed (default: the model's, else the NIC's)");
  generate_topology->add_option("--oversubscription", g.oversubscription, "leaf downlink : uplink (default 1)");
  generate_topology->add_option("--agg-oversubscription", g.agg_oversubscription, "fat-tree aggregation tier (default 1)");
  generate_topology->add_flag("--rails", g.rails, "rail-optimised: NIC i of every node of a unit on rail switch i");
  generate_topology->add_option("--switch-latency-s", g.switch_latency_s, "switch or router latency (default: the model's, else 1e-6)");
  generate_topology->add_option("--dims", generate.dims, "torus dimensions, e.g. 4x4x8");
  generate_topology->add_option("--link-gbps", g.link_gbps, "torus or dragonfly local link speed (default 400)");
  generate_topology->add_option("--groups", g.groups, "dragonfly: groups");
  generate_topology->add_option("--routers-per-group", g.routers_per_group, "dragonfly: routers per group");
  generate_topology->add_option("--nodes-per-router", g.nodes_per_router, "dragonfly: nodes per router (default 1)");
  generate_topology->add_option("--global-links-per-router", g.global_links_per_router,
                                "dragonfly: global links per router (default: the fewest joining every pair of groups)");
  generate_topology->add_option("--global-link-gbps", g.global_link_gbps, "dragonfly: global link speed (default: --link-gbps)");
  generate_topology->add_option("--out", generate.out, "write to FILE (atomically) instead of stdout");
  generate_topology->add_flag("--list-templates", generate.list_templates, "list the node templates and exit");

  GenerateWorkloadOptions gw;
  CLI::App* generate_workload = generate_cmd->add_subcommand(
      "workload", "write a workload file for a model and a parallel plan (KIND: resnet50 or a model of tcsim catalog's zoo)");
  generate_workload->add_option("kind", gw.workload.kind, "resnet50, bert-large, gpt3-175b, llama3-70b, deepseek-v3-like, ...")
      ->required();
  generate_workload->add_option("--name", gw.workload.name, "workload name");
  generate_workload->add_option("--global-batch", gw.workload.global_batch, "samples per step (default 32768 images, 1024 sequences)");
  generate_workload->add_option("--tokens", gw.workload.tokens, "language models: training tokens (default 20 per parameter)");
  generate_workload->add_option("--epochs", gw.workload.epochs, "image models: epochs (default 56)");
  generate_workload->add_option("--dp", gw.workload.dp, "data-parallel degree (default: every NPU left by tp and pp)");
  generate_workload->add_option("--tp", gw.workload.tp, "tensor-parallel degree");
  generate_workload->add_option("--pp", gw.workload.pp, "pipeline stages");
  generate_workload->add_option("--ep", gw.workload.ep, "expert-parallel degree (mixture-of-experts models)");
  generate_workload->add_option("--micro-batch", gw.workload.micro_batch, "samples per micro-batch (gradient accumulation)");
  generate_workload->add_option("--schedule", gw.workload.schedule, "pipeline schedule")
      ->check(CLI::IsMember({"gpipe", "1f1b", "interleaved"}));
  generate_workload->add_option("--virtual-stages", gw.workload.virtual_stages, "model chunks per stage (interleaved)");
  generate_workload->add_option("--zero-stage", gw.workload.zero_stage, "ZeRO stage 0-3");
  generate_workload->add_option("--recompute", gw.workload.recompute, "activation recompute (default: full with pp > 1)")
      ->check(CLI::IsMember({"none", "selective", "full"}));
  generate_workload->add_flag("--sequence-parallel", gw.workload.sequence_parallel, "Megatron sequence parallelism");
  generate_workload->add_option("--out", gw.out, "write to FILE (atomically) instead of stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  tcsim::set_log_level(quiet ? spdlog::level::err
                             : verbosity >= 2 ? spdlog::level::debug
                             : verbosity == 1 ? spdlog::level::info
                                              : spdlog::level::warn);
  try {
    if (run_cmd->parsed()) return run_command(run);
    if (compare_cmd->parsed()) return compare_command(compare);
    if (sweep_cmd->parsed()) return sweep_command(sweep);
    if (check_cmd->parsed()) return check_command(check);
    if (validate_cmd->parsed()) return validate_command(validate);
    if (workload_cmd->parsed()) return workload_command(work);
    if (generate_workload->parsed()) return generate_workload_command(gw);
    if (inspect_cmd->parsed()) return inspect_command(inspect);
    if (catalog_cmd->parsed()) {
      std::cout << tcsim::report::CatalogWriter::render(tcsim::hw::HardwareCatalog::builtin(), catalog_format);
      return 0;
    }
    if (generate_topology->parsed()) {
      if (generate.topology.kind.empty() && !generate.list_templates) {
        throw tcsim::InputError("generate topology", "", "missing KIND: leaf-spine, fat-tree, torus or dragonfly");
      }
      return generate_topology_command(generate);
    }
    return 2;
  } catch (const tcsim::InputError& e) {
    std::cerr << "tcsim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tcsim: internal error: " << e.what() << "\n";
    return 1;
  }
}
