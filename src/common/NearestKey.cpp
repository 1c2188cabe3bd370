#include "tcsim/common/NearestKey.hpp"

#include <algorithm>

namespace tcsim {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> nearest_keys(const std::string& wanted, const std::vector<std::string>& candidates) {
  std::vector<std::string> best;
  std::size_t best_distance = static_cast<std::size_t>(-1);
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(wanted, candidate);
    if (d < best_distance) {
      best_distance = d;
      best.assign(1, candidate);
    } else if (d == best_distance) {
      best.push_back(candidate);
    }
  }
  return best;
}

std::string suggestion_text(const std::string& wanted, const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  const auto best = nearest_keys(wanted, candidates);
  // Only call it a likely typo when at most about a third of the word differs.
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
  if (!best.empty() && edit_distance(wanted, best.front()) <= limit) {
    std::string text = "did you mean ";
    for (std::size_t i = 0; i < best.size(); ++i) text += (i ? " or '" : "'") + best[i] + "'";
    return text + "?";
  }
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  std::string text = "valid keys: ";
  for (std::size_t i = 0; i < sorted.size(); ++i) text += (i ? ", " : "") + sorted[i];
  return text;
}

}  // namespace tcsim
