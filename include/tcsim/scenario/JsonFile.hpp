#pragma once
/** @file Reading JSON input files with clear errors. */
#include <string>

#include <nlohmann/json.hpp>

namespace tcsim::scenario {

/** @brief Parses `text` (from `file`, for messages); malformed JSON is an InputError with line and column. */
nlohmann::json parse_json_text(const std::string& text, const std::string& file);
/** @brief Reads and parses a file; a missing or unreadable file is an InputError. */
nlohmann::json read_json_file(const std::string& path);
/**
 * @brief A file named inside `file` (a sweep's or baseline's topology): relative to `file`'s
 * folder unless absolute or empty.
 */
std::string path_beside(const std::string& file, const std::string& path);

}  // namespace tcsim::scenario
