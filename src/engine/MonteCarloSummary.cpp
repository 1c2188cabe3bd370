#include "tcsim/engine/MonteCarloSummary.hpp"

#include <algorithm>
#include <cmath>

namespace tcsim::engine {
namespace {

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (at - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

}  // namespace

double MonteCarloSummary::t975(int df) {
  // Exact to the printed digits up to 30 degrees of freedom; beyond, the Cornish-Fisher expansion.
  static const double table[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                                 2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                                 2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (df < 1) return 0;
  if (df <= 30) return table[df - 1];
  const double z = 1.959963984540054;
  const double n = df;
  return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

SampleStatistics SampleStatistics::of(std::vector<double> samples, double lowest, double highest) {
  SampleStatistics s;
  if (samples.empty()) return s;
  const double n = static_cast<double>(samples.size());
  double sum = 0;
  for (double x : samples) sum += x;
  s.mean = sum / n;
  double squares = 0;
  for (double x : samples) squares += (x - s.mean) * (x - s.mean);
  const double half = samples.size() > 1
                          ? MonteCarloSummary::t975(static_cast<int>(samples.size()) - 1) * std::sqrt(squares / (n - 1) / n)
                          : 0.0;
  s.ci95_low = std::max(lowest, s.mean - half);
  s.ci95_high = std::min(highest, s.mean + half);
  std::sort(samples.begin(), samples.end());
  s.p50 = percentile(samples, 0.50);
  s.p90 = percentile(samples, 0.90);
  s.p99 = percentile(samples, 0.99);
  return s;
}

MonteCarloSummary MonteCarloSummary::of(const std::vector<RunResult>& runs) {
  MonteCarloSummary m;
  m.replicas = static_cast<int>(runs.size());
  std::vector<double> ttt, goodput, interruptions, lost, checkpoint, restart, wait;
  int clean = 0;
  for (const auto& r : runs) {
    m.unfinished += r.finished ? 0 : 1;
    ttt.push_back(r.time_to_train_s);
    goodput.push_back(r.goodput);
    interruptions.push_back(static_cast<double>(r.interruptions));
    lost.push_back(r.lost_work_s);
    checkpoint.push_back(r.checkpoint_s);
    restart.push_back(r.restart_s);
    wait.push_back(r.repair_wait_s);
    clean += r.interruptions == 0 ? 1 : 0;
  }
  m.time_to_train_s = SampleStatistics::of(ttt, 0);
  m.goodput = SampleStatistics::of(goodput, 0, 1);
  m.interruptions = SampleStatistics::of(interruptions, 0);
  m.lost_work_s = SampleStatistics::of(lost, 0);
  m.checkpoint_s = SampleStatistics::of(checkpoint, 0);
  m.restart_s = SampleStatistics::of(restart, 0);
  m.repair_wait_s = SampleStatistics::of(wait, 0);
  if (!runs.empty()) {
    // Wilson score interval: stays inside [0, 1] and is sound near 0 and 1, where the normal one is not.
    const double n = static_cast<double>(runs.size());
    const double p = clean / n;
    const double z = 1.959963984540054;
    const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
    m.p_no_interruption = p;
    m.p_no_interruption_low = std::max(0.0, centre - half);
    m.p_no_interruption_high = std::min(1.0, centre + half);
  }
  return m;
}

}  // namespace tcsim::engine
