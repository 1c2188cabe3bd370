#include "tcsim/scenario/BaselineCheck.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/MarkupText.hpp"
#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/results/MetricCatalog.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"
#include "tcsim/scenario/WorkloadInspection.hpp"

namespace tcsim::scenario {
namespace {

std::optional<std::string> file_or_default(const std::string& path) {
  return path.empty() ? std::nullopt : std::optional<std::string>(path);
}

std::vector<std::string> with(std::vector<std::string> own, const std::vector<std::string>& extra) {
  own.insert(own.end(), extra.begin(), extra.end());
  return own;
}

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.3f%%", 100 * fraction);
  return text;
}

std::string figure(const std::string& metric, double value) {
  if (std::isnan(value)) return "not modelled";
  const auto* m = results::MetricCatalog::find(metric);
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", m ? m->significant_digits + 2 : 6, value);
  return text;
}

std::string failure_text(const BaselineCheck::Drift& d) {
  return d.metric + " is " + figure(d.metric, d.value) + ", pinned at " + figure(d.metric, d.pinned) + ": drift " +
         percent(d.drift) + " beyond the tolerance of " + percent(d.tolerance).substr(1);
}

}  // namespace

bool BaselineCheck::Drift::within() const { return std::isfinite(drift) && std::fabs(drift) <= tolerance; }

bool BaselineCheck::Outcome::passed() const {
  if (!error.empty()) return false;
  for (const auto& d : drifts)
    if (!d.within()) return false;
  return true;
}

std::vector<BaselineCheck::Outcome> BaselineCheck::run(const Baseline& baseline, const std::vector<std::string>& overrides,
                                                       int jobs) {
  for (const auto& s : baseline.scenarios) {
    try {
      WorkloadInspection::of(ScenarioInput::load(file_or_default(s.topology_file), file_or_default(s.workload_file),
                                                 with(s.overrides, overrides), s.seed));
    } catch (const InputError& e) {
      throw InputError(baseline.file, "", "scenario '" + s.name + "': " + e.what());
    }
  }
  const auto results = ProcessPool::run(baseline.scenarios.size(), jobs, [&](std::size_t k) {
    const auto& s = baseline.scenarios[k];
    auto input = ScenarioInput::load(file_or_default(s.topology_file), file_or_default(s.workload_file),
                                     with(s.overrides, overrides), s.seed);
    input.replicas = s.replicas;
    input.jobs = 1;
    const auto report = ScenarioRunner::run(input);
    return results::ResultRow::of(report, s.name, s.topology_file, s.workload_file, with(s.overrides, overrides),
                                  s.replicas)
        .to_json()
        .dump();
  });
  std::vector<Outcome> outcomes;
  for (std::size_t k = 0; k < baseline.scenarios.size(); ++k) {
    const auto& s = baseline.scenarios[k];
    Outcome o;
    o.scenario = s.name;
    if (!results[k].ok()) {
      o.error = results[k].error;
      o.error_is_input = results[k].input_error;
      outcomes.push_back(std::move(o));
      continue;
    }
    o.row = results::ResultRow::from_json(nlohmann::json::parse(results[k].output));
    for (const auto& pin : s.pins) {
      Drift d;
      d.metric = pin.metric;
      d.pinned = pin.value;
      d.tolerance = pin.tolerance;
      const auto it = o.row.values.find(pin.metric);
      d.value = it == o.row.values.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
      d.drift = pin.value != 0 ? d.value / pin.value - 1 : (d.value == 0 ? 0 : std::numeric_limits<double>::infinity());
      o.drifts.push_back(d);
    }
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

Baseline BaselineCheck::updated(Baseline baseline, const std::vector<Outcome>& outcomes, const std::string& date,
                                const std::string& reason) {
  for (std::size_t k = 0; k < baseline.scenarios.size(); ++k) {
    if (!outcomes[k].error.empty()) {
      throw std::runtime_error("scenario '" + outcomes[k].scenario + "' did not run, so it cannot be re-pinned: " +
                               outcomes[k].error);
    }
    for (auto& pin : baseline.scenarios[k].pins) {
      const auto it = outcomes[k].row.values.find(pin.metric);
      if (it == outcomes[k].row.values.end()) {
        throw InputError(baseline.file, "", "scenario '" + outcomes[k].scenario + "' does not model " + pin.metric +
                                                " now: it cannot be pinned");
      }
      pin.value = it->second;
    }
  }
  baseline.changed = date;
  baseline.reason = reason;
  return baseline;
}

std::string BaselineCheck::table(const std::vector<Outcome>& outcomes) {
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "%-32s %-20s %14s %14s %10s %9s  %s\n", "scenario", "metric", "pinned", "now", "drift",
                "tolerance", "");
  out << line;
  std::size_t failed = 0;
  for (const auto& o : outcomes) {
    if (!o.error.empty()) {
      out << o.scenario << ": did not run: " << o.error << "\n";
      ++failed;
      continue;
    }
    for (const auto& d : o.drifts) {
      std::snprintf(line, sizeof line, "%-32s %-20s %14s %14s %10s %9s  %s\n", o.scenario.c_str(), d.metric.c_str(),
                    figure(d.metric, d.pinned).c_str(), figure(d.metric, d.value).c_str(), percent(d.drift).c_str(),
                    percent(d.tolerance).substr(1).c_str(), d.within() ? "ok" : "DRIFTED");
      out << line;
    }
    if (!o.passed()) ++failed;
  }
  out << "\n" << (outcomes.size() - failed) << " of " << outcomes.size() << " scenarios within their tolerances\n";
  return out.str();
}

std::string BaselineCheck::junit(const Baseline& baseline, const std::vector<Outcome>& outcomes) {
  std::size_t failures = 0;
  std::size_t errors = 0;
  for (const auto& o : outcomes) {
    if (!o.error.empty()) {
      ++errors;
    } else if (!o.passed()) {
      ++failures;
    }
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites>\n";
  out << "  <testsuite name=\"tcsim check " << markup_escaped(baseline.file) << "\" tests=\"" << outcomes.size()
      << "\" failures=\"" << failures << "\" errors=\"" << errors << "\">\n";
  for (const auto& o : outcomes) {
    out << "    <testcase classname=\"tcsim.check\" name=\"" << markup_escaped(o.scenario) << "\"";
    if (o.passed()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (!o.error.empty()) {
      out << "      <error message=\"" << markup_escaped(o.error) << "\"/>\n";
    } else {
      std::string message;
      for (const auto& d : o.drifts)
        if (!d.within()) message += (message.empty() ? "" : "; ") + failure_text(d);
      out << "      <failure message=\"" << markup_escaped(message) << "\">" << markup_escaped(message) << "</failure>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace tcsim::scenario
