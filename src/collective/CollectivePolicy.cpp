#include "tcsim/collective/CollectivePolicy.hpp"

namespace tcsim::collective {

const std::vector<std::string>& CollectivePolicy::group_names() {
  static const std::vector<std::string> names{"tp", "dp", "ep", "edp"};
  return names;
}

void CollectivePolicy::force(const std::string& group, std::optional<Operation> operation, Algorithm algorithm) {
  if (operation) {
    by_operation_[{group, *operation}] = algorithm;
  } else {
    by_group_[group] = algorithm;
  }
}

std::optional<Algorithm> CollectivePolicy::forced(const std::string& group, Operation operation) const {
  if (auto it = by_operation_.find({group, operation}); it != by_operation_.end()) return it->second;
  if (auto it = by_group_.find(group); it != by_group_.end()) return it->second;
  return std::nullopt;
}

}  // namespace tcsim::collective
