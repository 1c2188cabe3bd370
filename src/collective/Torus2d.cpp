#include "tcsim/collective/Torus2d.hpp"

#include <algorithm>
#include <cmath>

#include "tcsim/collective/RingAlgorithms.hpp"

namespace tcsim::collective {
namespace {

using RingPhase = FlowPhase (*)(const std::vector<int>&, double);

/** The lanes (Flow::lane) of the two halves of the buffer. */
constexpr int kRowsFirst = 0;
constexpr int kColumnsFirst = 1;

/** One ring per line (row or column), groups numbered from `first_group`, carrying half `lane`. */
FlowPhase rings(const std::vector<std::vector<int>>& lines, double bytes, RingPhase make, int first_group, int lane) {
  FlowPhase phase;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    FlowPhase part = make(lines[l], bytes);
    phase.latency_steps = std::max(phase.latency_steps, part.latency_steps);
    for (auto& flow : part.flows) {
      flow.group = first_group + static_cast<int>(l);
      flow.lane = lane;
    }
    phase.flows.insert(phase.flows.end(), part.flows.begin(), part.flows.end());
  }
  return phase;
}

/** Row and column rings that run at once: one phase (fast), or their steps side by side (detailed). */
void concurrent(FlowSchedule& schedule, const std::string& label, const FlowPhase& a, const FlowPhase& b, Fidelity fidelity) {
  if (fidelity == Fidelity::fast) {
    FlowPhase phase{label, a.flows, std::max(a.latency_steps, b.latency_steps)};
    phase.flows.insert(phase.flows.end(), b.flows.begin(), b.flows.end());
    if (!phase.flows.empty()) schedule.phases.push_back(std::move(phase));
    return;
  }
  const auto steps_a = RingAlgorithms::steps_of(a);
  const auto steps_b = RingAlgorithms::steps_of(b);
  for (std::size_t s = 0; s < std::max(steps_a.size(), steps_b.size()); ++s) {
    FlowPhase step{label + " step " + std::to_string(s + 1), {}, 1};
    if (s < steps_a.size()) step.flows.insert(step.flows.end(), steps_a[s].flows.begin(), steps_a[s].flows.end());
    if (s < steps_b.size()) step.flows.insert(step.flows.end(), steps_b[s].flows.begin(), steps_b[s].flows.end());
    if (!step.flows.empty()) schedule.phases.push_back(std::move(step));
  }
}

}  // namespace

std::optional<std::vector<std::vector<int>>> Torus2d::grid(const Communicator& communicator) {
  const auto& nodes = communicator.nodes();
  if (nodes.size() >= 2 && communicator.ranks_per_node() >= 2) return nodes;
  const auto& ranks = communicator.ranks();
  const int n = static_cast<int>(ranks.size());
  int rows = static_cast<int>(std::floor(std::sqrt(static_cast<double>(n))));
  while (rows >= 2 && n % rows != 0) --rows;
  if (rows < 2) return std::nullopt;
  std::vector<std::vector<int>> grid(rows);
  for (int i = 0; i < n; ++i) grid[i / (n / rows)].push_back(ranks[i]);
  return grid;
}

FlowSchedule Torus2d::build(Operation operation, const std::vector<std::vector<int>>& rows, double bytes,
                            Fidelity fidelity) {
  FlowSchedule schedule;
  schedule.algorithm = "torus_2d";
  const std::size_t r = rows.size();
  const std::size_t c = rows.front().size();
  std::vector<std::vector<int>> columns(c);
  for (const auto& row : rows)
    for (std::size_t j = 0; j < c; ++j) columns[j].push_back(row[j]);
  const int row_groups = 0;
  const int column_groups = static_cast<int>(r);
  const double half = bytes / 2;
  const double cd = static_cast<double>(c);
  const double rd = static_cast<double>(r);
  // Half A goes rows then columns; half B columns then rows.
  switch (operation) {
    case Operation::all_reduce:
      concurrent(schedule, "2D reduce-scatter", rings(rows, half, &RingAlgorithms::reduce_scatter, row_groups, kRowsFirst),
                 rings(columns, half, &RingAlgorithms::reduce_scatter, column_groups, kColumnsFirst), fidelity);
      concurrent(schedule, "2D shard all-reduce", rings(columns, half / cd, &RingAlgorithms::all_reduce, column_groups, kRowsFirst),
                 rings(rows, half / rd, &RingAlgorithms::all_reduce, row_groups, kColumnsFirst), fidelity);
      concurrent(schedule, "2D all-gather", rings(rows, half, &RingAlgorithms::all_gather, row_groups, kRowsFirst),
                 rings(columns, half, &RingAlgorithms::all_gather, column_groups, kColumnsFirst), fidelity);
      break;
    case Operation::reduce_scatter:
      concurrent(schedule, "2D reduce-scatter", rings(rows, half, &RingAlgorithms::reduce_scatter, row_groups, kRowsFirst),
                 rings(columns, half, &RingAlgorithms::reduce_scatter, column_groups, kColumnsFirst), fidelity);
      concurrent(schedule, "2D shard reduce-scatter",
                 rings(columns, half / cd, &RingAlgorithms::reduce_scatter, column_groups, kRowsFirst),
                 rings(rows, half / rd, &RingAlgorithms::reduce_scatter, row_groups, kColumnsFirst), fidelity);
      break;
    case Operation::all_gather:
      concurrent(schedule, "2D shard all-gather", rings(columns, half / cd, &RingAlgorithms::all_gather, column_groups, kRowsFirst),
                 rings(rows, half / rd, &RingAlgorithms::all_gather, row_groups, kColumnsFirst), fidelity);
      concurrent(schedule, "2D all-gather", rings(rows, half, &RingAlgorithms::all_gather, row_groups, kRowsFirst),
                 rings(columns, half, &RingAlgorithms::all_gather, column_groups, kColumnsFirst), fidelity);
      break;
    default: break;
  }
  return schedule;
}

}  // namespace tcsim::collective
