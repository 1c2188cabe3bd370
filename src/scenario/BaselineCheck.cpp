#include "tcsim/scenario/BaselineCheck.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/MarkupText.hpp"
#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/results/MetricCatalog.hpp"
#include "tcsim/scenario/PointRun.hpp"

namespace tcsim::scenario {
namespace {

/** A scenario of the baseline with the command's `--set` overrides after its own. */
PointRun point_run(const Baseline::Scenario& s, const std::vector<std::string>& overrides) {
  std::vector<std::string> all = s.overrides;
  all.insert(all.end(), overrides.begin(), overrides.end());
  return PointRun{s.name, s.topology_file, s.workload_file, std::move(all), s.seed, s.replicas};
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
  if (!row.error.empty()) return false;
  for (const auto& d : drifts)
    if (!d.within()) return false;
  return true;
}

std::vector<BaselineCheck::Outcome> BaselineCheck::run(const Baseline& baseline, const std::vector<std::string>& overrides,
                                                       int jobs) {
  std::vector<PointRun> points;
  for (const auto& s : baseline.scenarios) points.push_back(point_run(s, overrides));
  for (const auto& p : points) {
    try {
      p.check();
    } catch (const InputError& e) {
      throw InputError(baseline.file, "", "scenario '" + p.id + "': " + e.what());
    }
  }
  const auto results = ProcessPool::run(points.size(), jobs, [&](std::size_t k) { return points[k].simulate(); });
  std::vector<Outcome> outcomes;
  for (std::size_t k = 0; k < baseline.scenarios.size(); ++k) {
    const auto& s = baseline.scenarios[k];
    Outcome o;
    o.scenario = s.name;
    o.row = points[k].row(results[k]);
    if (!o.row.error.empty()) {
      outcomes.push_back(std::move(o));
      continue;
    }
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
    if (!outcomes[k].row.error.empty()) {
      throw std::runtime_error("scenario '" + outcomes[k].scenario + "' did not run, so it cannot be re-pinned: " +
                               outcomes[k].row.error);
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
    if (!o.row.error.empty()) {
      out << o.scenario << ": did not run: " << o.row.error << "\n";
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
    if (!o.row.error.empty()) {
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
    if (!o.row.error.empty()) {
      out << "      <error message=\"" << markup_escaped(o.row.error) << "\"/>\n";
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
