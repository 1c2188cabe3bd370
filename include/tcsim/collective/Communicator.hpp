#pragma once
/** @file The ranks of one collective, grouped by the node that holds them. */
#include <cstddef>
#include <vector>

namespace tcsim::collective {

/**
 * @brief A communicator: its ranks (global NPU indices) grouped by node, in ring order. The
 * grouping is what hierarchical and 2D algorithms follow: ranks of one node share its
 * high-bandwidth interconnect (HCCS, NVLink, a supernode's switches).
 */
class Communicator {
public:
  Communicator() = default;
  /** @brief Ranks grouped by node (`nodes[n]` lists node n's ranks; empty nodes are dropped). */
  explicit Communicator(std::vector<std::vector<int>> nodes);
  /** @brief Ranks that are all on one node (no grouping information). */
  static Communicator flat(std::vector<int> ranks);

  const std::vector<std::vector<int>>& nodes() const { return nodes_; }
  /** @brief All ranks, node by node. */
  const std::vector<int>& ranks() const { return ranks_; }
  std::size_t size() const { return ranks_.size(); }
  /** @brief Ranks per node when every node holds the same number, else 0. */
  std::size_t ranks_per_node() const;

private:
  std::vector<std::vector<int>> nodes_;
  std::vector<int> ranks_;
};

}  // namespace tcsim::collective
