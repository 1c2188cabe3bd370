#pragma once
/** @file Writing output files so that readers never see a half-written one. */
#include <string>
#include <utility>
#include <vector>

namespace tcsim::report {

/**
 * @brief Writes `content` to a temporary file beside `path`, flushes it and renames it over
 * `path`. Throws InputError if the directory cannot be written.
 */
void write_file_atomically(const std::string& path, const std::string& content);

/** @brief Throws InputError now if `path` could not be written later (checked before long runs). */
void check_writable(const std::string& path);

/**
 * @brief Throws InputError if two of a command's outputs (option name, path; empty paths are
 * not given) are the same file, which the second write would silently replace, or if an output
 * is one of its input files.
 */
void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs,
                            const std::vector<std::pair<std::string, std::string>>& inputs = {});

}  // namespace tcsim::report
