#pragma once
/** @file A sweep file: a base scenario and the axes of overrides that make its points. */
#include <cstdint>
#include <string>
#include <vector>

namespace tcsim::scenario {

/**
 * @brief `tcsim.sweep/1`: the base scenario (topology and workload files, relative to the sweep
 * file's folder; `set` overrides; seed; replicas) and its points, from exactly one of `grid`
 * (every combination of the axes' values; axes in key order, the last one varying fastest),
 * `zip` (the axes' i-th values together; equal lengths) or `points` (an explicit list of
 * override objects). A point's id is its index, "p" and zero-padded, stable for a given file.
 */
struct SweepSpec {
  struct Point {
    std::string id;
    /** @brief The base's overrides, then the point's (KEY=VALUE with VALUE as JSON). */
    std::vector<std::string> overrides;
  };

  std::string file;
  std::string name;
  std::string topology_file;
  std::string workload_file;
  std::uint64_t seed = 1;
  int replicas = 1;
  /** @brief The axes' keys in the points' order (for points lists: every key, first seen first). */
  std::vector<std::string> axes;
  std::vector<Point> points;

  /** @throw InputError naming the file and JSON path of what is wrong. */
  static SweepSpec load(const std::string& path);
};

}  // namespace tcsim::scenario
