#pragma once
/** @file Read-only view of a JSON value that knows its file and path, for precise input errors. */
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim {

/**
 * @brief A position in a parsed JSON document (file + JSON pointer) with typed accessors.
 *
 * Every accessor either returns a value of the expected type and range or throws InputError
 * naming the file, the JSON path and what was expected. The document must outlive the cursor.
 */
class JsonCursor {
public:
  JsonCursor(const nlohmann::json& node, std::string file, std::string path = "");

  const std::string& file() const { return file_; }
  /** @brief JSON pointer of this value ("" is the document root). */
  const std::string& path() const { return path_; }
  const nlohmann::json& raw() const { return *node_; }

  bool has(const std::string& key) const;
  /** @brief Required member; throws "missing required field" if absent. */
  JsonCursor at(const std::string& key) const;
  /** @brief Optional member. */
  std::optional<JsonCursor> find(const std::string& key) const;
  /** @brief Array element. */
  JsonCursor at(std::size_t index) const;
  std::size_t array_size() const;

  /** @brief Requires an object whose keys are all in `allowed`; an unknown key names the nearest one. */
  void expect_object_with(const std::vector<std::string>& allowed) const;

  double number() const;
  /** @brief A number > 0 (bandwidths, sizes, rates). */
  double positive_number() const;
  /** @brief A number >= 0 (latencies, overheads). */
  double non_negative_number() const;
  /**
   * @brief A number from `low` to `high`. For physical quantities: far outside any real hardware,
   * and where SimGrid's solver still works (a 1e-30 s latency crashes it, 1e308 Gb/s overflows).
   */
  double number_within(double low, double high) const;
  /** @brief A latency or per-operation overhead, in seconds: 0, or 1 ps to 1000 s. */
  double latency_s() const;
  /** @brief A bandwidth in Gb/s: 1e-6 (1 kb/s) to 1e9 (1 Eb/s). */
  double bandwidth_gbps() const;
  std::int64_t integer() const;
  /** @brief An integer >= 1 (counts). */
  std::int64_t positive_integer() const;
  /** @brief An integer that fits an `int` (indices, small counts held as int). */
  int int_value() const;
  /** @brief An integer from 1 to INT_MAX (degrees of parallelism, NPUs per node). */
  int positive_int() const;
  /** @brief An integer from `low` to `high` (counts that size what the simulator builds). */
  int int_within(int low, int high) const;
  std::string string() const;
  bool boolean() const;
  /** @brief Requires an array of strings (e.g. "sources") and returns it. */
  std::vector<std::string> string_array() const;
  /** @brief A string from a fixed set; otherwise an error listing the set. */
  std::string one_of(const std::vector<std::string>& allowed) const;

  /** @brief Throws InputError at this cursor's file and path. */
  [[noreturn]] void fail(const std::string& message) const;

private:
  std::string describe_value() const;

  const nlohmann::json* node_;
  std::string file_;
  std::string path_;
};

}  // namespace tcsim
