#pragma once
/** @file Runs a sweep's points (or one shard of them), resumes one, merges shards. */
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "tcsim/results/ResultRow.hpp"
#include "tcsim/scenario/SweepSpec.hpp"

namespace tcsim::scenario {

/**
 * @brief `tcsim sweep`. Output is one record per point in point order, in CSV (the columns of
 * run and compare) or JSON lines (one ResultRow each), the same bytes whatever the jobs or the
 * sharding.
 */
class SweepRun {
public:
  /** @brief The points of shard `index` of `count`: those whose position modulo count is index. */
  struct Shard {
    std::size_t index = 0;
    std::size_t count = 1;
    /** @brief "I/N" with 0 <= I < N. @throw InputError otherwise. */
    static Shard parse(const std::string& text);
    bool holds(std::size_t point) const { return point % count == index; }
  };

  /**
   * @brief Refuses a sweep whose axes name a key the topology or workload does not have (or a
   * first point that cannot run), before anything is simulated: the first point of every
   * distinct set of axis keys is loaded and planned. @throw InputError naming the sweep file.
   */
  static void check(const SweepSpec& spec);

  /**
   * @brief Simulates `points` (positions in spec.points), each in a child process, `jobs` at a
   * time; after every 64 finished points `chunk_done` gets every row finished so far, in point
   * order. Progress goes to stderr when it is a terminal. A point that fails has its error in
   * its row.
   */
  static std::vector<results::ResultRow> run(const SweepSpec& spec, const std::vector<std::size_t>& points, int jobs,
                                             const std::function<void(const std::vector<results::ResultRow>&)>& chunk_done);

  /** @brief One point's record in `format` ("csv" or "jsonl"), without the newline. */
  static std::string record(const results::ResultRow& row, const std::string& format);
  /** @brief The whole output: the CSV header (for csv), then `records` in point order. */
  static std::string output(const std::vector<std::pair<std::size_t, std::string>>& records, const std::string& format);

  /**
   * @brief The records of a sweep output file, by point position, checked against `spec`: the
   * format's header, known ids, each id once, the point's overrides (a file from another sweep
   * is refused). `failed_too`: keep records of points that failed (merge), or leave them out to
   * run them again (resume). @throw InputError naming `file`.
   */
  static std::vector<std::pair<std::size_t, std::string>> read_records(const SweepSpec& spec, const std::string& file,
                                                                       const std::string& text, const std::string& format,
                                                                       bool failed_too);
};

}  // namespace tcsim::scenario
