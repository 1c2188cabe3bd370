#include "tcsim/results/HtmlReport.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <sstream>

#include "tcsim/common/MarkupText.hpp"
#include "tcsim/results/MetricCatalog.hpp"
#include "tcsim/results/ResultTable.hpp"

namespace tcsim::results {
namespace {

// Colour-blind-safe palette (Okabe and Ito).
const char* const kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"};
constexpr int kColourCount = 8;

std::string escaped(const std::string& text) { return markup_escaped(text); }

std::string number(double v, int digits = 4) {
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  return text;
}

std::string fixed(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::optional<double> value_of(const ResultRow& row, const std::string& metric) {
  const auto it = row.values.find(metric);
  if (it == row.values.end()) return std::nullopt;
  return it->second;
}

/** A "nice" axis maximum at or above `v` (1, 2 or 5 times a power of ten). */
double nice_ceiling(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-12)) return m * p;
  return 10 * p;
}

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escaped(title) +
         "</title>\n<style>\nbody{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}\n"
         "table{border-collapse:collapse;margin:1em 0;font-size:13px}\n"
         "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\nth{background:#f3f3f3}\n"
         "td.t,th.t{text-align:left}\n.chart{margin:1em 0;display:block}\n.chart text{font-size:12px}\n"
         ".note{color:#666;font-size:13px}\n</style></head><body>\n<h1>" +
         escaped(title) + "</h1>\n";
}

/** Horizontal bars, one per label, with optional 95% CI whiskers. */
std::string bar_chart(const std::string& name, const std::string& caption, const std::vector<std::string>& labels,
                      const std::vector<std::optional<double>>& values, const std::vector<std::optional<double>>& low,
                      const std::vector<std::optional<double>>& high, const std::string& unit) {
  const double label_w = 200;
  const double plot_w = 560;
  const double bar_h = 22;
  const double h = 40 + bar_h * 1.5 * labels.size() + 30;
  double top = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i]) top = std::max(top, *values[i]);
    if (i < high.size() && high[i]) top = std::max(top, *high[i]);
  }
  top = nice_ceiling(top);
  std::ostringstream svg;
  svg << "<svg class=\"chart\" data-chart=\"" << name << "\" width=\"" << label_w + plot_w + 90 << "\" height=\"" << h
      << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  svg << "<text x=\"0\" y=\"16\" font-weight=\"bold\">" << escaped(caption) << "</text>\n";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double y = 30 + i * bar_h * 1.5;
    svg << "<text x=\"" << label_w - 6 << "\" y=\"" << y + bar_h * 0.7 << "\" text-anchor=\"end\">" << escaped(labels[i])
        << "</text>\n";
    if (!values[i]) {
      svg << "<text x=\"" << label_w + 4 << "\" y=\"" << y + bar_h * 0.7 << "\" fill=\"#888\">not modelled</text>\n";
      continue;
    }
    const double w = plot_w * *values[i] / top;
    svg << "<rect class=\"series\" data-series=\"" << escaped(labels[i]) << "\" x=\"" << label_w << "\" y=\"" << y
        << "\" width=\"" << fixed(w) << "\" height=\"" << bar_h << "\" fill=\"" << kColours[i % kColourCount]
        << "\"><title>" << escaped(labels[i]) << ": " << number(*values[i]) << " " << unit << "</title></rect>\n";
    if (i < low.size() && low[i] && high[i]) {
      const double x0 = label_w + plot_w * *low[i] / top;
      const double x1 = label_w + plot_w * *high[i] / top;
      const double ym = y + bar_h / 2;
      svg << "<path class=\"ci\" d=\"M" << fixed(x0) << " " << fixed(ym) << " H" << fixed(x1) << " M" << fixed(x0) << " "
          << fixed(ym - 6) << " V" << fixed(ym + 6) << " M" << fixed(x1) << " " << fixed(ym - 6) << " V" << fixed(ym + 6)
          << "\" stroke=\"#222\" fill=\"none\"/>\n";
    }
    svg << "<text x=\"" << fixed(label_w + w + 6) << "\" y=\"" << y + bar_h * 0.7 << "\">" << number(*values[i]) << " "
        << escaped(unit) << "</text>\n";
  }
  const double axis_y = 30 + bar_h * 1.5 * labels.size();
  svg << "<path d=\"M" << label_w << " " << axis_y << " H" << label_w + plot_w << "\" stroke=\"#888\"/>\n";
  svg << "<text x=\"" << label_w << "\" y=\"" << axis_y + 16 << "\">0</text><text x=\"" << label_w + plot_w << "\" y=\""
      << axis_y + 16 << "\" text-anchor=\"end\">" << number(top) << " " << escaped(unit) << "</text>\n";
  svg << "</svg>\n";
  return svg.str();
}

/** The step of each design as stacked horizontal segments: computing, bubble, other waiting. */
std::string step_chart(const std::vector<ResultRow>& rows) {
  const double label_w = 200;
  const double plot_w = 560;
  const double bar_h = 22;
  const double h = 60 + bar_h * 1.5 * rows.size() + 30;
  double top = 0;
  for (const auto& r : rows)
    if (const auto s = value_of(r, "step_time_s")) top = std::max(top, *s);
  top = nice_ceiling(top);
  const char* parts[] = {"compute", "pipeline bubble", "exposed communication"};
  std::ostringstream svg;
  svg << "<svg class=\"chart\" data-chart=\"step\" width=\"" << label_w + plot_w + 90 << "\" height=\"" << h
      << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  svg << "<text x=\"0\" y=\"16\" font-weight=\"bold\">One step: where the time goes (s)</text>\n";
  for (int k = 0; k < 3; ++k) {
    svg << "<rect x=\"" << label_w + 170 * k << "\" y=\"26\" width=\"12\" height=\"12\" fill=\"" << kColours[k]
        << "\"/><text x=\"" << label_w + 170 * k + 16 << "\" y=\"37\">" << parts[k] << "</text>\n";
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = 50 + i * bar_h * 1.5;
    svg << "<text x=\"" << label_w - 6 << "\" y=\"" << y + bar_h * 0.7 << "\" text-anchor=\"end\">" << escaped(r.id)
        << "</text>\n";
    const auto step = value_of(r, "step_time_s");
    if (!step) continue;
    const double compute = value_of(r, "compute_s").value_or(0);
    const double waiting = std::max(0.0, *step - compute);
    const double bubble = std::min(waiting, value_of(r, "bubble_s").value_or(0));
    const double segments[] = {compute, bubble, waiting - bubble};
    double x = label_w;
    svg << "<g class=\"series\" data-series=\"" << escaped(r.id) << "\">";
    for (int k = 0; k < 3; ++k) {
      const double w = plot_w * segments[k] / top;
      if (w <= 0) continue;
      svg << "<rect x=\"" << fixed(x) << "\" y=\"" << y << "\" width=\"" << fixed(w) << "\" height=\"" << bar_h
          << "\" fill=\"" << kColours[k] << "\"><title>" << parts[k] << ": " << number(segments[k]) << " s</title></rect>";
      x += w;
    }
    svg << "</g>\n<text x=\"" << fixed(x + 6) << "\" y=\"" << y + bar_h * 0.7 << "\">" << number(*step) << " s</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

/** Lines of (x, y) points, one per series, on linear axes. */
std::string line_chart(const std::string& name, const std::string& caption, const std::string& x_label,
                       const std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>& series,
                       const std::string& unit) {
  const double left = 70, plot_w = 620, plot_h = 260, top_margin = 40;
  double x_min = HUGE_VAL, x_max = -HUGE_VAL, y_max = 0;
  for (const auto& [label, points] : series)
    for (const auto& [x, y] : points) {
      x_min = std::min(x_min, x);
      x_max = std::max(x_max, x);
      y_max = std::max(y_max, y);
    }
  if (!(x_max > x_min)) x_max = x_min + 1;
  y_max = nice_ceiling(y_max);
  auto px = [&](double x) { return left + plot_w * (x - x_min) / (x_max - x_min); };
  auto py = [&](double y) { return top_margin + plot_h * (1 - y / y_max); };
  std::ostringstream svg;
  const double legend_h = 16.0 * series.size();
  svg << "<svg class=\"chart\" data-chart=\"" << name << "\" width=\"" << left + plot_w + 260 << "\" height=\""
      << top_margin + plot_h + 50 + std::max(0.0, legend_h - plot_h) << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  svg << "<text x=\"0\" y=\"16\" font-weight=\"bold\">" << escaped(caption) << "</text>\n";
  svg << "<path d=\"M" << left << " " << top_margin << " V" << top_margin + plot_h << " H" << left + plot_w
      << "\" stroke=\"#888\" fill=\"none\"/>\n";
  svg << "<text x=\"" << left - 6 << "\" y=\"" << top_margin + 4 << "\" text-anchor=\"end\">" << number(y_max) << "</text>"
      << "<text x=\"" << left - 6 << "\" y=\"" << top_margin + plot_h << "\" text-anchor=\"end\">0</text>\n";
  svg << "<text x=\"" << left << "\" y=\"" << top_margin + plot_h + 16 << "\">" << number(x_min) << "</text><text x=\""
      << left + plot_w << "\" y=\"" << top_margin + plot_h + 16 << "\" text-anchor=\"end\">" << number(x_max) << "</text>"
      << "<text x=\"" << left + plot_w / 2 << "\" y=\"" << top_margin + plot_h + 34 << "\" text-anchor=\"middle\">"
      << escaped(x_label) << "</text>\n";
  svg << "<text x=\"4\" y=\"" << top_margin - 8 << "\">" << escaped(unit) << "</text>\n";
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& [label, points] = series[k];
    const char* colour = kColours[k % kColourCount];
    std::string d;
    for (const auto& [x, y] : points) d += (d.empty() ? "M" : " L") + fixed(px(x)) + " " + fixed(py(y));
    svg << "<g class=\"series\" data-series=\"" << escaped(label) << "\"><path d=\"" << d << "\" stroke=\"" << colour
        << "\" stroke-width=\"2\" fill=\"none\"/>";
    for (const auto& [x, y] : points)
      svg << "<circle cx=\"" << fixed(px(x)) << "\" cy=\"" << fixed(py(y)) << "\" r=\"3\" fill=\"" << colour << "\"><title>"
          << escaped(label) << ": " << number(x) << ", " << number(y) << "</title></circle>";
    svg << "</g>\n<text x=\"" << left + plot_w + 12 << "\" y=\"" << top_margin + 12 + 16 * k << "\" fill=\"" << colour
        << "\">" << escaped(label) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

std::string design_table(const std::vector<ResultRow>& rows, bool with_ratios) {
  std::ostringstream out;
  out << "<table><tr><th class=\"t\">design</th><th class=\"t\">topology</th><th class=\"t\">workload</th>"
         "<th class=\"t\">device</th><th>NPUs (used)</th><th class=\"t\">plan</th><th class=\"t\">overrides</th>";
  const std::vector<std::string> shown = {"step_time_s", "mfu", "time_to_train_s", "goodput", "energy_kwh"};
  for (const auto& m : shown) out << "<th>" << m << "</th>";
  out << "</tr>\n";
  for (const auto& r : rows) {
    out << "<tr><td class=\"t\">" << escaped(r.id) << "</td><td class=\"t\">" << escaped(r.topology) << "</td><td class=\"t\">"
        << escaped(r.workload) << "</td><td class=\"t\">" << escaped(r.device) << (r.device_calibrated ? "" : " (borrowed)")
        << "</td><td>" << r.npus << " (" << r.job_npus << ")</td><td class=\"t\">" << escaped(r.plan())
        << "</td><td class=\"t\">" << escaped(ResultTable::joined_overrides(r.overrides)) << "</td>";
    for (const auto& m : shown) {
      const auto v = value_of(r, m);
      out << "<td>";
      if (!r.error.empty()) {
        out << "failed";
      } else if (v) {
        out << escaped(MetricCatalog::format(*MetricCatalog::find(m), *v));
        if (with_ratios && &r != &rows.front()) {
          const auto base = value_of(rows.front(), m);
          if (base && *base != 0) out << " (" << number(*v / *base, 3) << "x)";
        }
      } else {
        out << "not modelled";
      }
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

std::string metric_bars(const std::vector<ResultRow>& rows, const std::string& metric, const std::string& low,
                        const std::string& high, const std::string& caption) {
  std::vector<std::string> labels;
  std::vector<std::optional<double>> values, lows, highs;
  for (const auto& r : rows) {
    labels.push_back(r.id);
    values.push_back(value_of(r, metric));
    lows.push_back(low.empty() ? std::nullopt : value_of(r, low));
    highs.push_back(high.empty() ? std::nullopt : value_of(r, high));
  }
  return bar_chart(metric, caption, labels, values, lows, highs, MetricCatalog::find(metric)->unit);
}

/** One step's spans as a Gantt chart: a track per (process, thread), time across. */
std::string timeline_chart(const engine::TraceRecorder& trace, double step_s) {
  std::map<std::pair<int, int>, std::size_t> track_of;
  std::vector<std::string> track_names;
  std::map<int, std::string> process_names(trace.processes().begin(), trace.processes().end());
  std::map<std::pair<int, int>, std::string> thread_names(trace.threads().begin(), trace.threads().end());
  std::vector<const engine::TraceRecorder::Span*> spans;
  for (const auto& s : trace.spans()) {
    // The step's spans only (a run's trace also holds its days of failures and checkpoints).
    if (s.start_s > step_s * 1.0001 || s.duration_s <= 0) continue;
    spans.push_back(&s);
  }
  std::sort(spans.begin(), spans.end(), [](const auto* a, const auto* b) {
    return std::tie(a->process, a->thread, a->start_s) < std::tie(b->process, b->thread, b->start_s);
  });
  for (const auto* s : spans) {
    const auto key = std::make_pair(s->process, s->thread);
    if (track_of.count(key)) continue;
    track_of[key] = track_names.size();
    const auto p = process_names.find(s->process);
    const auto t = thread_names.find(key);
    track_names.push_back((p != process_names.end() ? p->second : "process " + std::to_string(s->process)) + " / " +
                          (t != thread_names.end() ? t->second : std::to_string(s->thread)));
  }
  const std::vector<std::string> categories = {"compute", "tp", "ep", "dp", "edp", "pp", "wait", "optimizer"};
  const double left = 340, plot_w = 640, row_h = 16, top = 50;
  const double h = top + row_h * track_names.size() + 40;
  std::ostringstream svg;
  svg << "<svg class=\"chart\" data-chart=\"timeline\" width=\"" << left + plot_w + 20 << "\" height=\"" << h
      << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  svg << "<text x=\"0\" y=\"16\" font-weight=\"bold\">One step, as simulated (" << number(step_s) << " s)</text>\n";
  for (std::size_t k = 0; k < categories.size(); ++k) {
    svg << "<rect x=\"" << left + 80 * k << "\" y=\"26\" width=\"12\" height=\"12\" fill=\"" << kColours[k % kColourCount]
        << "\"/><text x=\"" << left + 80 * k + 16 << "\" y=\"37\">" << categories[k] << "</text>\n";
  }
  for (std::size_t i = 0; i < track_names.size(); ++i) {
    svg << "<text x=\"" << left - 6 << "\" y=\"" << top + row_h * i + row_h * 0.75
        << "\" text-anchor=\"end\" style=\"font-size:11px\">" << escaped(track_names[i]) << "</text>\n";
  }
  std::map<std::size_t, std::string> groups;
  for (const auto* s : spans) {
    const std::size_t row = track_of.at({s->process, s->thread});
    const auto c = std::find(categories.begin(), categories.end(), s->category);
    const char* colour = kColours[(c == categories.end() ? 7 : c - categories.begin()) % kColourCount];
    const double x = left + plot_w * s->start_s / step_s;
    const double w = std::max(0.5, plot_w * std::min(s->duration_s, step_s - s->start_s) / step_s);
    groups[row] += "<rect x=\"" + fixed(x) + "\" y=\"" + fixed(top + row_h * row + 1) + "\" width=\"" + fixed(w) +
                   "\" height=\"" + fixed(row_h - 2) + "\" fill=\"" + colour + "\"><title>" + escaped(s->name) + ": " +
                   number(s->duration_s) + " s</title></rect>";
  }
  for (const auto& [row, rects] : groups)
    svg << "<g class=\"series\" data-series=\"" << escaped(track_names[row]) << "\">" << rects << "</g>\n";
  svg << "<text x=\"" << left << "\" y=\"" << h - 10 << "\">0</text><text x=\"" << left + plot_w << "\" y=\"" << h - 10
      << "\" text-anchor=\"end\">" << number(step_s) << " s</text>\n</svg>\n";
  return svg.str();
}

/** The page of run and compare; `timeline`: run's step timeline chart, or empty. */
std::string designs_page(const std::vector<ResultRow>& rows, const std::string& title, const std::string& timeline) {
  std::ostringstream out;
  out << page_head(title);
  out << "<p class=\"note\">tcsim " << rows.size()
      << " design(s); every figure is simulated from the inputs below (docs/model-assumptions.md says how). "
         "Ratios are to the first design.</p>\n";
  out << design_table(rows, true);
  out << step_chart(rows);
  out << metric_bars(rows, "time_to_train_s", "time_to_train_ci95_low_s", "time_to_train_ci95_high_s",
                     "Time to train with failures and checkpoints (s; 95% CI with replicas)");
  out << metric_bars(rows, "goodput", "goodput_ci95_low", "goodput_ci95_high",
                     "Goodput: share of the run that trains (95% CI with replicas)");
  out << metric_bars(rows, "energy_kwh", "", "", "Energy to train, facility side (kWh)");
  out << metric_bars(rows, "mfu", "", "", "Model FLOPs utilisation");
  if (timeline.empty()) {
    out << "<p class=\"note\">Not drawn yet: the pipeline timeline of one step per design (tcsim run --html draws "
           "it for one design, tcsim run --trace writes it for ui.perfetto.dev).</p>\n";
  } else {
    out << timeline;
  }
  out << "</body></html>\n";
  return out.str();
}

}  // namespace

std::string HtmlReport::comparison(const std::vector<ResultRow>& rows, const std::string& title) {
  return designs_page(rows, title, "");
}

std::string HtmlReport::run(const ResultRow& row, const engine::TraceRecorder& timeline, double step_s,
                            const std::string& title) {
  return designs_page({row}, title, timeline_chart(timeline, step_s));
}

std::string HtmlReport::sweep(const std::vector<ResultRow>& rows, const std::vector<std::string>& axes,
                              const std::string& title, std::string x_axis, std::vector<std::string> metrics) {
  std::ostringstream out;
  out << page_head(title);
  out << "<p class=\"note\">tcsim sweep, " << rows.size() << " points over " << axes.size() << " axes.</p>\n";
  // The value of `axis` in a point's overrides (its last setting wins, as --set does).
  auto axis_value = [](const ResultRow& r, const std::string& axis) -> std::optional<std::string> {
    std::optional<std::string> found;
    for (const auto& o : r.overrides)
      if (o.rfind(axis + "=", 0) == 0) found = o.substr(axis.size() + 1);
    return found;
  };
  if (metrics.empty()) metrics = {"step_time_s", "time_to_train_s", "mfu", "energy_kwh"};
  if (x_axis.empty()) {
    // The axis with the most distinct values makes the longest curves.
    std::size_t most = 0;
    for (const auto& axis : axes) {
      std::set<std::string> values;
      for (const auto& r : rows)
        if (const auto v = axis_value(r, axis)) values.insert(*v);
      if (values.size() > most) {
        most = values.size();
        x_axis = axis;
      }
    }
  }
  std::vector<std::string> others;
  for (const auto& axis : axes)
    if (axis != x_axis) others.push_back(axis);
  if (!x_axis.empty()) {
    for (const auto& metric : metrics) {
      const Metric* m = MetricCatalog::find(metric);
      if (m == nullptr) continue;
      const std::string& caption = metric;
      // One line per combination of the other axes' values, in the points' order.
      std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> series;
      std::map<std::string, std::size_t> index;
      for (const auto& r : rows) {
        const auto xv = axis_value(r, x_axis);
        const auto y = value_of(r, metric);
        if (!xv || !y || !r.error.empty()) continue;
        char* end = nullptr;
        const double x = std::strtod(xv->c_str(), &end);
        if (end == xv->c_str()) continue;  // a non-numeric axis has no curve
        std::string label;
        for (const auto& axis : others) label += (label.empty() ? "" : ", ") + axis + "=" + axis_value(r, axis).value_or("?");
        if (label.empty()) label = metric;
        auto [it, added] = index.emplace(label, series.size());
        if (added) series.push_back({label, {}});
        series[it->second].second.emplace_back(x, *y);
      }
      if (series.empty()) continue;
      if (series.size() > 12) {
        out << "<p class=\"note\">" << escaped(caption) << ": " << series.size()
            << " lines; the first 12 are drawn (every point is in the table and the CSV).</p>\n";
        series.resize(12);
      }
      for (auto& [label, points] : series) std::sort(points.begin(), points.end());
      out << line_chart(metric, caption + " against " + x_axis, x_axis, series, m->unit);
    }
  }
  out << design_table(rows, false);
  out << "</body></html>\n";
  return out.str();
}

}  // namespace tcsim::results
