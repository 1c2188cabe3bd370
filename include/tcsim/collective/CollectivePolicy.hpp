#pragma once
/** @file Algorithms a workload forces on its communicators (parallelism.collectives). */
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "tcsim/collective/Algorithm.hpp"

namespace tcsim::collective {

/**
 * @brief Per communicator kind ("tp", "dp", "ep", "edp") and operation, the algorithm the
 * workload asks for; anything not listed is chosen automatically (CollectiveSelector).
 */
class CollectivePolicy {
public:
  /** @brief The communicator kinds a workload can name. */
  static const std::vector<std::string>& group_names();

  /** @brief Forces `algorithm` on `group` for `operation`, or for every operation when none is given. */
  void force(const std::string& group, std::optional<Operation> operation, Algorithm algorithm);
  /** @brief The algorithm forced on `group` for `operation`, if any. */
  std::optional<Algorithm> forced(const std::string& group, Operation operation) const;
  bool empty() const { return by_operation_.empty() && by_group_.empty(); }

private:
  std::map<std::pair<std::string, Operation>, Algorithm> by_operation_;
  std::map<std::string, Algorithm> by_group_;
};

/**
 * @brief A forced algorithm that cannot run the collective it was asked for (never silently
 * replaced): `group()` names the communicator kind, what() says why.
 */
class UnavailableAlgorithm : public std::invalid_argument {
public:
  UnavailableAlgorithm(std::string group, const std::string& why)
      : std::invalid_argument(why), group_(std::move(group)) {}
  const std::string& group() const { return group_; }

private:
  std::string group_;
};

}  // namespace tcsim::collective
