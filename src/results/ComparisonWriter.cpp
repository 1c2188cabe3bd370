#include "tcsim/results/ComparisonWriter.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>

#include "tcsim/results/MetricCatalog.hpp"

namespace tcsim::results {
namespace {

std::optional<double> value_of(const ResultRow& row, const std::string& metric) {
  const auto it = row.values.find(metric);
  if (it == row.values.end()) return std::nullopt;
  return it->second;
}

/** The design's value over the first design's, where both exist and the first is not 0. */
std::optional<double> ratio(const ResultRow& row, const ResultRow& first, const std::string& metric) {
  const auto mine = value_of(row, metric);
  const auto base = value_of(first, metric);
  if (!mine || !base || *base == 0) return std::nullopt;
  return *mine / *base;
}

std::string ratio_text(double r) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3gx", r);
  return text;
}

}  // namespace

std::vector<std::string> ComparisonWriter::warnings(const std::vector<ResultRow>& rows) {
  std::vector<std::string> out;
  std::set<std::string> devices;
  std::set<std::string> calibrations;
  for (const auto& r : rows) {
    if (!r.error.empty()) continue;
    devices.insert(r.device);
    calibrations.insert(r.calibration);
  }
  if (devices.size() > 1) {
    std::string list;
    for (const auto& d : devices) list += (list.empty() ? "" : ", ") + d;
    out.push_back("the designs run different accelerators (" + list +
                  "): the comparison measures the chip as well as the system");
  }
  if (devices.size() == 1 && calibrations.size() > 1) {
    std::string list;
    for (const auto& r : rows)
      if (r.error.empty()) list += std::string(list.empty() ? "" : "; ") + r.id + ": " + r.calibration;
    out.push_back("the designs' efficiencies come from different calibrations (" + list +
                  "): the differences include the calibrations'");
  }
  return out;
}

std::string ComparisonWriter::table(const std::vector<ResultRow>& rows) {
  constexpr std::size_t kLabel = 28;
  constexpr std::size_t kColumn = 30;
  std::ostringstream out;
  // A column per design; a cell wider than its column pushes the rest of the line right.
  auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    std::string text = label;
    text.resize(std::max(kLabel, text.size() + 1), ' ');
    for (std::size_t i = 0; i < cells.size(); ++i) {
      text += cells[i];
      const std::size_t target = kLabel + (i + 1) * kColumn;
      if (text.size() < target) {
        text.resize(target, ' ');
      } else {
        text += "  ";
      }
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  out << "tcsim compare: " << rows.size() << " designs";
  if (!rows.empty()) out << ", each figure also as its ratio to " << rows.front().id;
  out << "\n\n";
  std::vector<std::string> cells;
  auto each = [&](auto&& cell) {
    cells.clear();
    for (const auto& r : rows) cells.push_back(r.error.empty() ? cell(r) : std::string("failed"));
    return cells;
  };
  line("design", [&] {
    std::vector<std::string> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    return ids;
  }());
  line("topology", each([](const ResultRow& r) { return r.topology; }));
  line("workload", each([](const ResultRow& r) { return r.workload; }));
  line("device", each([](const ResultRow& r) { return r.device + (r.device_calibrated ? "" : " (borrowed)"); }));
  line("NPUs (used)", each([](const ResultRow& r) { return std::to_string(r.npus) + " (" + std::to_string(r.job_npus) + ")"; }));
  line("plan", each([](const ResultRow& r) { return r.plan(); }));
  line("global batch", each([](const ResultRow& r) { return std::to_string(r.global_batch); }));
  for (const auto& metric : MetricCatalog::all()) {
    bool any = false;
    for (const auto& r : rows) any = any || value_of(r, metric.name).has_value();
    if (!any) continue;
    cells.clear();
    for (const auto& r : rows) {
      const auto v = value_of(r, metric.name);
      std::string cell = v ? MetricCatalog::format(metric, *v) : (r.error.empty() ? "not modelled" : "failed");
      if (&r != &rows.front() && metric.unit != "bool") {
        if (const auto q = ratio(r, rows.front(), metric.name)) cell += "  " + ratio_text(*q);
      }
      cells.push_back(cell);
    }
    line(metric.name, cells);
  }
  for (const auto& r : rows) {
    if (!r.error.empty()) out << "\n" << r.id << " failed: " << r.error << "\n";
  }
  const auto notes = warnings(rows);
  if (!notes.empty()) {
    out << "\nConfounded:\n";
    for (const auto& n : notes) out << "  " << n << "\n";
  }
  std::set<std::string> borrowed;
  for (const auto& r : rows)
    if (r.error.empty() && !r.device_calibrated) borrowed.insert(r.device + ": " + r.calibration);
  if (!borrowed.empty()) {
    out << "\nNot calibrated on their own measurement (absolute figures rest on a loan; ratios between designs of "
           "the same device less so):\n";
    for (const auto& b : borrowed) out << "  " << b << "\n";
  }
  return out.str();
}

nlohmann::ordered_json ComparisonWriter::json(const std::vector<ResultRow>& rows) {
  nlohmann::ordered_json j;
  j["schema"] = "tcsim.compare/1";
  j["baseline"] = rows.empty() ? "" : rows.front().id;
  j["warnings"] = warnings(rows);
  j["designs"] = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    auto entry = r.to_json();
    nlohmann::ordered_json ratios = nlohmann::ordered_json::object();
    for (const auto& metric : MetricCatalog::all()) {
      if (metric.unit == "bool") continue;
      if (const auto q = ratio(r, rows.front(), metric.name)) ratios[metric.name] = *q;
    }
    entry["ratios"] = std::move(ratios);
    j["designs"].push_back(std::move(entry));
  }
  j["metrics"] = nlohmann::ordered_json::array();
  for (const auto& metric : MetricCatalog::all())
    j["metrics"].push_back({{"name", metric.name}, {"unit", metric.unit}, {"description", metric.description}});
  return j;
}

}  // namespace tcsim::results
