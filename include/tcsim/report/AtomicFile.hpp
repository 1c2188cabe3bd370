#pragma once
/** @file Writing output files so that readers never see a half-written one. */
#include <string>

namespace tcsim::report {

/**
 * @brief Writes `content` to a temporary file beside `path`, flushes it and renames it over
 * `path`. Throws InputError if the directory cannot be written.
 */
void write_file_atomically(const std::string& path, const std::string& content);

/** @brief Throws InputError now if `path` could not be written later (checked before long runs). */
void check_writable(const std::string& path);

}  // namespace tcsim::report
