#include "ReliabilityLoader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "tcsim/common/CsvTable.hpp"
#include "tcsim/common/InputError.hpp"

namespace tcsim::topology::detail {
namespace {

constexpr double kHour = 3600.0;
constexpr double kHoursPerYear = 8760.0;
/** Longest durations a file may give (about 114 years): far beyond any run, finite for the arithmetic. */
constexpr double kMaxSeconds = 3.6e9;

/** One class: a rate (MTBF, FIT or AFR, or the default's), its scale, distribution and repair time. */
void load_class(const JsonCursor& entry, ClassReliability& out) {
  entry.expect_object_with({"mtbf_hours", "fit", "afr", "scale", "distribution", "shape", "mttr_hours"});
  int rates = 0;
  for (const char* key : {"mtbf_hours", "fit", "afr"}) rates += entry.has(key) ? 1 : 0;
  if (rates > 1) entry.fail("give one rate: mtbf_hours, fit or afr");
  if (const auto v = entry.find("mtbf_hours")) {
    out.mtbf_s = v->number_within(1e-3, 1e12) * kHour;
    out.source = "topology file (mtbf_hours)";
  } else if (const auto v = entry.find("fit")) {
    // FIT: failures per 10^9 component-hours (MTBF 1e-3 to 1e12 h, as mtbf_hours).
    out.mtbf_s = 1e9 / v->number_within(1e-3, 1e12) * kHour;
    out.source = "topology file (fit)";
  } else if (const auto v = entry.find("afr")) {
    // Annualised failure rate: the probability of failing within a year of constant hazard,
    // 1 - exp(-8760 h / MTBF). From 1e-8 (an MTBF of 8.8e11 h), as close to 1 as a double allows.
    const double afr = v->number();
    if (!(afr >= 1e-8 && afr < 1)) {
      v->fail(fmt::format("expected an annualised failure rate from 1e-8 to below 1, got {}", v->raw().dump()));
    }
    out.mtbf_s = -kHoursPerYear / std::log1p(-afr) * kHour;
    out.source = "topology file (afr)";
  }
  if (const auto v = entry.find("scale")) {
    const double scale = v->number_within(0, 1e6);
    out.mtbf_s = scale > 0 ? out.mtbf_s / scale : HUGE_VAL;
    out.source += fmt::format(", rate x {:g}", scale);
  }
  if (const auto v = entry.find("distribution")) {
    out.distribution = v->one_of({"exponential", "weibull"}) == "weibull" ? ClassReliability::Distribution::weibull
                                                                          : ClassReliability::Distribution::exponential;
  }
  if (const auto v = entry.find("shape")) {
    if (out.distribution != ClassReliability::Distribution::weibull) v->fail("shape applies to \"distribution\": \"weibull\"");
    const double shape = v->number();
    if (!(shape > 0)) v->fail(fmt::format("expected a Weibull shape > 0, got {}", v->raw().dump()));
    if (shape < 0.1 || shape > 20) v->fail(fmt::format("expected a Weibull shape from 0.1 to 20, got {}", v->raw().dump()));
    out.weibull_shape = shape;
  } else if (out.distribution == ClassReliability::Distribution::weibull) {
    entry.fail("a Weibull distribution needs its \"shape\" (1 is exponential)");
  }
  if (const auto v = entry.find("mttr_hours")) out.mttr_s = v->number_within(0, kMaxSeconds / kHour) * kHour;
}

/** Largest trace file read: ten million lines of a few dozen bytes. */
constexpr std::uintmax_t kMaxTraceBytes = 512ull << 20;

std::vector<FailureTraceEntry> load_trace(const JsonCursor& at, const std::string& topology_file) {
  const std::string given = at.string();
  if (given.empty()) at.fail("expected the path of a CSV file with columns time_s,component");
  std::filesystem::path path = given;
  if (path.is_relative() && !topology_file.empty() && topology_file.front() != '<') {
    path = std::filesystem::path(topology_file).parent_path() / path;
  }
  // Only a regular file of bounded size: /dev/zero or a FIFO would be read forever.
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    at.fail("the trace '" + path.string() + "' is not a regular file" + (std::filesystem::exists(path, error) ? "" : " (no such file)"));
  }
  if (std::filesystem::file_size(path, error) > kMaxTraceBytes) {
    at.fail(fmt::format("the trace '{}' is larger than {} MiB", path.string(), kMaxTraceBytes >> 20));
  }
  std::vector<FailureTraceEntry> entries;
  try {
    const CsvTable table = CsvTable::read(path.string());
    for (const char* column : {"time_s", "component"}) {
      const auto& columns = table.columns();
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
        at.fail(fmt::format("the trace '{}' has no column '{}' (expected a header time_s,component)", path.string(), column));
      }
    }
    for (std::size_t row = 0; row < table.rows(); ++row) {
      const double time_s = table.number(row, "time_s");
      // Rows are numbered as CsvTable numbers them: lines of the file, the header being row 1.
      if (!(time_s >= 0 && time_s <= kMaxSeconds)) {
        at.fail(fmt::format("row {} of '{}', column 'time_s': expected seconds since the job started, from 0 to {:g}",
                            row + 2, path.string(), kMaxSeconds));
      }
      entries.push_back({time_s, table.at(row, "component"), row + 2});
    }
  } catch (const InputError& e) {
    if (e.file() == at.file() && e.json_path() == at.path()) throw;
    at.fail("in the trace '" + path.string() + "': " + e.message());
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  return entries;
}

}  // namespace

ReliabilitySpec load_reliability(const JsonCursor& section) {
  ReliabilitySpec spec = ReliabilitySpec::defaults();
  section.expect_object_with({"description", "sources", "failures", "rate_scale", "classes", "trace", "detection_s",
                              "restart_s", "process_restart_s", "spares"});
  if (const auto sources = section.find("sources")) sources->string_array();
  if (const auto d = section.find("description")) d->string();
  if (const auto f = section.find("failures")) {
    const std::string mode = f->one_of({"rates", "trace", "none"});
    spec.failures = mode == "trace" ? ReliabilitySpec::Failures::trace
                  : mode == "none"  ? ReliabilitySpec::Failures::none
                                    : ReliabilitySpec::Failures::rates;
  }
  if (const auto classes = section.find("classes")) {
    classes->expect_object_with(component_class_names());
    for (ComponentClass c : component_classes()) {
      if (const auto entry = classes->find(name_of(c))) load_class(*entry, spec.of(c));
    }
  }
  if (const auto v = section.find("rate_scale")) {
    const double scale = v->number_within(0, 1e6);
    for (auto& c : spec.classes) c.mtbf_s = scale > 0 ? c.mtbf_s / scale : HUGE_VAL;
  }
  if (const auto trace = section.find("trace")) {
    if (spec.failures != ReliabilitySpec::Failures::trace) trace->fail("a trace file needs \"failures\": \"trace\"");
    spec.trace_file = trace->string();
    spec.trace = load_trace(*trace, section.file());
  } else if (spec.failures == ReliabilitySpec::Failures::trace) {
    section.fail("\"failures\": \"trace\" needs \"trace\": a CSV file with columns time_s,component");
  }
  if (const auto v = section.find("detection_s")) spec.detection_s = v->number_within(0, kMaxSeconds);
  if (const auto v = section.find("restart_s")) spec.restart_s = v->number_within(0, kMaxSeconds);
  if (const auto v = section.find("process_restart_s")) spec.process_restart_s = v->number_within(0, kMaxSeconds);
  if (const auto spares = section.find("spares")) {
    spares->expect_object_with({"servers", "kind", "cold_start_s"});
    if (const auto v = spares->find("servers")) spec.spare_servers = v->int_within(0, 1 << 20);
    if (const auto v = spares->find("kind")) spec.cold_spares = v->one_of({"hot", "cold"}) == "cold";
    if (const auto v = spares->find("cold_start_s")) {
      if (!spec.cold_spares) v->fail("cold_start_s applies to \"kind\": \"cold\" spares");
      spec.cold_start_s = v->number_within(0, kMaxSeconds);
    } else if (spec.cold_spares) {
      spares->fail("cold spares need \"cold_start_s\": the time to power up and provision one");
    }
  }
  return spec;
}

}  // namespace tcsim::topology::detail
