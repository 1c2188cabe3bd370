#include "tcsim/scenario/SweepRun.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include <unistd.h>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/ProcessPool.hpp"
#include "tcsim/results/ResultTable.hpp"
#include "tcsim/scenario/PointRun.hpp"

namespace tcsim::scenario {
namespace {

/** Points simulated between two writes of the output (what --resume finds after a kill). */
constexpr std::size_t kChunkPoints = 64;

PointRun point_run(const SweepSpec& spec, const SweepSpec::Point& point) {
  return PointRun{point.id, spec.topology_file, spec.workload_file, point.overrides, spec.seed, spec.replicas};
}

std::string key_of(const std::string& override_text) { return override_text.substr(0, override_text.find('=')); }

/** Lines of `text`, a line break inside double quotes kept in its line (CSV). */
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) {
      lines.push_back(std::move(line));
      line.clear();
    } else {
      line += c;
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string duration_text(double seconds) {
  char text[32];
  if (seconds >= 3600) {
    std::snprintf(text, sizeof text, "%dh%02dm", int(seconds / 3600), int(seconds / 60) % 60);
  } else {
    std::snprintf(text, sizeof text, "%dm%02ds", int(seconds / 60), int(seconds) % 60);
  }
  return text;
}

}  // namespace

SweepRun::Shard SweepRun::Shard::parse(const std::string& text) {
  const auto slash = text.find('/');
  Shard shard;
  auto number = [&](std::size_t from, std::size_t to, std::size_t& out) {
    const auto [last, error] = std::from_chars(text.data() + from, text.data() + to, out);
    return error == std::errc() && last == text.data() + to && to > from;
  };
  if (slash == std::string::npos || !number(0, slash, shard.index) || !number(slash + 1, text.size(), shard.count) ||
      shard.count == 0) {
    throw InputError("--shard", "", "expected I/N with N >= 1 and 0 <= I < N (e.g. 0/4), got '" + text + "'");
  }
  if (shard.index >= shard.count) {
    throw InputError("--shard", "", "shard " + std::to_string(shard.index) + " of " + std::to_string(shard.count) +
                                        " does not exist: shards are numbered 0 to " + std::to_string(shard.count - 1));
  }
  return shard;
}

void SweepRun::check(const SweepSpec& spec) {
  std::set<std::vector<std::string>> seen;
  for (const auto& point : spec.points) {
    std::vector<std::string> keys;
    for (const auto& o : point.overrides) keys.push_back(key_of(o));
    if (!seen.insert(keys).second) continue;
    try {
      point_run(spec, point).check();
    } catch (const InputError& e) {
      throw InputError(spec.file, "", "point " + point.id + " (" + results::ResultTable::joined_overrides(point.overrides) +
                                          "): " + e.what());
    }
  }
}

std::vector<results::ResultRow> SweepRun::run(const SweepSpec& spec, const std::vector<std::size_t>& points, int jobs,
                                              const std::function<void(const std::vector<results::ResultRow>&)>& chunk_done) {
  // Rows by position in `points` as they finish; written out, in point order, every
  // kChunkPoints of them.
  std::vector<std::optional<results::ResultRow>> finished(points.size());
  std::size_t done_count = 0;
  auto rows_so_far = [&] {
    std::vector<results::ResultRow> rows;
    for (const auto& row : finished)
      if (row) rows.push_back(*row);
    return rows;
  };
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  ProcessPool::run(
      points.size(), jobs,
      [&](std::size_t k) { return point_run(spec, spec.points[points[k]]).simulate(); },
      [&](std::size_t k, const ProcessPool::Outcome& outcome) {
        finished[k] = point_run(spec, spec.points[points[k]]).row(outcome);
        ++done_count;
        if (chunk_done && done_count % kChunkPoints == 0) chunk_done(rows_so_far());
        if (terminal) {
          const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          const double rate = done_count / std::max(wall_s, 1e-9);
          std::fprintf(stderr, "\rsweep: %zu/%zu points, %.2f points/s, about %s left   ", done_count, points.size(), rate,
                       duration_text((points.size() - done_count) / rate).c_str());
        }
      });
  if (terminal && !points.empty()) std::fprintf(stderr, "\n");
  return rows_so_far();
}

std::string SweepRun::record(const results::ResultRow& row, const std::string& format) {
  return format == "jsonl" ? row.to_json().dump() : results::ResultTable::csv_record(row);
}

std::string SweepRun::output(const std::vector<std::pair<std::size_t, std::string>>& records, const std::string& format) {
  auto sorted = records;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out = format == "csv" ? results::ResultTable::csv_header() + "\n" : "";
  for (const auto& [position, text] : sorted) out += text + "\n";
  return out;
}

std::vector<std::pair<std::size_t, std::string>> SweepRun::read_records(const SweepSpec& spec, const std::string& file,
                                                                        const std::string& text, const std::string& format,
                                                                        bool failed_too) {
  std::map<std::string, std::size_t> position_of;
  for (std::size_t i = 0; i < spec.points.size(); ++i) position_of[spec.points[i].id] = i;
  auto lines = lines_of(text);
  std::size_t id_column = 0;
  std::size_t overrides_column = 0;
  std::size_t error_column = 0;
  std::size_t columns = 0;
  if (format == "csv") {
    if (lines.empty() || lines.front() != results::ResultTable::csv_header())
      throw InputError(file, "", "not a tcsim sweep CSV: its first line is not the result header (this tcsim's columns)");
    const auto header = results::ResultTable::split_record(lines.front());
    auto column = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    id_column = column("id");
    overrides_column = column("overrides");
    error_column = column("error");
    columns = header.size();
    lines.erase(lines.begin());
  }
  std::vector<std::pair<std::size_t, std::string>> records;
  std::set<std::string> seen;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string& line = lines[n];
    std::string id;
    std::string overrides;
    std::string error;
    if (format == "csv") {
      const auto cells = results::ResultTable::split_record(line);
      if (cells.size() != columns)
        throw InputError(file, "", "record " + std::to_string(n + 1) + " has " + std::to_string(cells.size()) +
                                       " columns, the header " + std::to_string(columns));
      id = cells[id_column];
      overrides = cells[overrides_column];
      error = cells[error_column];
    } else {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("id"))
        throw InputError(file, "", "line " + std::to_string(n + 1) + " is not a tcsim sweep JSON line");
      try {
        const auto row = results::ResultRow::from_json(j);
        id = row.id;
        overrides = results::ResultTable::joined_overrides(row.overrides);
        error = row.error;
      } catch (const nlohmann::json::exception& e) {
        throw InputError(file, "", "line " + std::to_string(n + 1) + " is not a tcsim sweep JSON line: " + e.what());
      }
    }
    const auto at = position_of.find(id);
    if (at == position_of.end())
      throw InputError(file, "", "point '" + id + "' is not a point of " + spec.file + ": merging outputs of different sweeps?");
    if (overrides != results::ResultTable::joined_overrides(spec.points[at->second].overrides)) {
      throw InputError(file, "", "point " + id + " was run with other overrides than " + spec.file +
                                     " gives it: the output of a different sweep (or of an edited one)");
    }
    if (!seen.insert(id).second) throw InputError(file, "", "point " + id + " appears twice");
    if (!failed_too && !error.empty()) continue;
    records.emplace_back(at->second, line);
  }
  return records;
}

}  // namespace tcsim::scenario
