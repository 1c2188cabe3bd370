#pragma once
/** @file A list of hardware profiles looked up by key. */
#include <string>
#include <vector>

namespace tcsim::hw {

/** @brief Profiles of one kind (`P` has a `key`), in insertion order; a later put() replaces. */
template <class P>
class Catalog {
public:
  /** @brief The profile for `key`, or nullptr if unknown. */
  const P* find(const std::string& key) const {
    for (const auto& p : entries_)
      if (p.key == key) return &p;
    return nullptr;
  }
  /** @brief All keys, in catalog order (for suggestions and listings). */
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& p : entries_) out.push_back(p.key);
    return out;
  }
  /** @brief Adds `profile`, or replaces the one with the same key. */
  void put(P profile) {
    for (auto& p : entries_) {
      if (p.key == profile.key) {
        p = std::move(profile);
        return;
      }
    }
    entries_.push_back(std::move(profile));
  }
  const std::vector<P>& entries() const { return entries_; }

private:
  std::vector<P> entries_;
};

}  // namespace tcsim::hw
