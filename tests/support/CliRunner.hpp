#pragma once
/** @file Runs the real tcsim executable in a child process (one SimGrid engine per process). */
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tcsim::test {

/** @brief Exit status and output of one tcsim invocation. */
struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/** @brief Runs `tcsim` with `args` (no shell); stdout and stderr are captured. */
CliResult run_cli(const std::vector<std::string>& args);

/** @brief Runs `tcsim run ... --format json` and parses the report; fails the test on error. */
nlohmann::json run_json(const std::vector<std::string>& args);

/** @brief Absolute path of a file in the source tree, e.g. "topologies/atlas900-1024.json". */
std::string source_path(const std::string& relative);

/**
 * @brief Runs `f` and returns the text of the InputError it throws (and its JSON path in
 * `json_path`, if given); fails the test and returns "<no error>" if it throws none.
 */
std::string input_error_text(const std::function<void()>& f, std::string* json_path = nullptr);

/** @brief Writes `content` to a fresh temporary file and returns its path. */
std::string temp_file(const std::string& name, const std::string& content);

/** @brief The whole content of a file ("" if it cannot be read). */
std::string read_text(const std::string& path);

/** @brief How many times `what` occurs in `text` (overlaps counted). */
std::size_t occurrences(const std::string& text, const std::string& what);

}  // namespace tcsim::test
