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
  /**
   * @brief Ranks grouped by node (`nodes[n]` lists node n's ranks; empty nodes are dropped).
   * `full_mesh_nodes`: every two ranks of a node have a link of their own (an HCCS full mesh),
   * so a rank can send to all its node's peers at once at a link's bandwidth each.
   */
  explicit Communicator(std::vector<std::vector<int>> nodes, bool full_mesh_nodes = false);
  /** @brief Ranks that are all on one node (no grouping information). */
  static Communicator flat(std::vector<int> ranks);

  const std::vector<std::vector<int>>& nodes() const { return nodes_; }
  /** @brief All ranks, node by node. */
  const std::vector<int>& ranks() const { return ranks_; }
  std::size_t size() const { return ranks_.size(); }
  /** @brief Ranks per node when every node holds the same number, else 0. */
  std::size_t ranks_per_node() const;
  /** @brief Every two ranks of a node are joined by a link of their own (see the constructor). */
  bool full_mesh_nodes() const { return full_mesh_nodes_; }

private:
  std::vector<std::vector<int>> nodes_;
  std::vector<int> ranks_;
  bool full_mesh_nodes_ = false;
};

}  // namespace tcsim::collective
