#pragma once
/** @file One self-contained HTML page of results: inline SVG charts and CSS, no script. */
#include <string>
#include <vector>

#include "tcsim/engine/TraceRecorder.hpp"
#include "tcsim/results/ResultRow.hpp"

namespace tcsim::results {

/**
 * @brief Pages a colleague can open anywhere: the inputs of every design or point, then charts
 * drawn as inline SVG by tcsim itself (nothing fetched, no script). Each chart is an `<svg>`
 * with class "chart" and a `data-chart` name; each plotted series carries class "series" and
 * `data-series`, so tests (and scripts) can find them in the page's DOM.
 */
class HtmlReport {
public:
  /**
   * @brief run and compare: a table of the designs, the step's breakdown as a stacked bar per
   * design, time to train and goodput as bars (with 95% CI whiskers when there are replicas),
   * energy to train, and each figure's ratio to the first design.
   */
  static std::string comparison(const std::vector<ResultRow>& rows, const std::string& title);
  /**
   * @brief run: the comparison page of its one design, plus the timeline of one simulated step
   * (a Gantt chart: a track per stage or device and stream, a bar per pass, collective, send or
   * wait) from the run's trace.
   */
  static std::string run(const ResultRow& row, const engine::TraceRecorder& timeline, double step_s, const std::string& title);
  /**
   * @brief sweep: a curve of each of `metrics` (default: step time, time to train, MFU, energy)
   * against `x_axis` (default: the axis with the most values), one line per combination of the
   * other axes' values (at most 12 drawn), then the points' table.
   */
  static std::string sweep(const std::vector<ResultRow>& rows, const std::vector<std::string>& axes,
                           const std::string& title, std::string x_axis = "", std::vector<std::string> metrics = {});
};

}  // namespace tcsim::results
