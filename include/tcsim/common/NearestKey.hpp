#pragma once
/** @file Suggestions for mistyped keys and names ("did you mean ..."). */
#include <string>
#include <vector>

namespace tcsim {

/** @brief Levenshtein edit distance between two strings (case-sensitive). */
std::size_t edit_distance(const std::string& a, const std::string& b);

/** @brief The candidates closest to `wanted` (all ties at the smallest distance), best first. */
std::vector<std::string> nearest_keys(const std::string& wanted, const std::vector<std::string>& candidates);

/** @brief "did you mean 'x'?" or "valid keys: a, b, c" when nothing is close; "" if no candidates. */
std::string suggestion_text(const std::string& wanted, const std::vector<std::string>& candidates);

}  // namespace tcsim
