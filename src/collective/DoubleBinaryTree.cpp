#include "tcsim/collective/DoubleBinaryTree.hpp"

#include <algorithm>
#include <cmath>

namespace tcsim::collective {
namespace {

int lowbit(int x) { return x & -x; }

/** Parent of in-order position x (1-based) in the infinite tree: the neighbour at distance lowbit whose lowbit doubles. */
int infinite_parent(int x) {
  const int k = lowbit(x);
  return lowbit(x + k) == 2 * k ? x + k : x - k;
}

/**
 * Chunk-times of fill and drain of the pipelined reduce (the broadcast mirrors it): steps are
 * paced by the busiest rank, which sends or receives one chunk per tree it is active in, so a
 * step where no rank is active in both trees costs half a chunk-time. Counted on a pipeline of
 * enough chunks that fill and drain do not overlap.
 */
double fill_chunk_times(const DoubleBinaryTree::Tree (&trees)[2], int height) {
  const int n = static_cast<int>(trees[0].parent.size());
  const int chunks = 2 * height + 2;
  double chunk_times = 0;
  for (int t = 0; t < chunks + height - 1; ++t) {
    std::vector<int> sends(n, 0), receives(n, 0);
    for (const auto& tree : trees) {
      for (int i = 0; i < n; ++i) {
        const int c = t - (height - tree.depth[i]);
        if (tree.parent[i] < 0 || c < 0 || c >= chunks) continue;
        ++sends[i];
        ++receives[tree.parent[i]];
      }
    }
    int busiest = 0;
    for (int i = 0; i < n; ++i) busiest = std::max({busiest, sends[i], receives[i]});
    chunk_times += busiest / 2.0;
  }
  return chunk_times - chunks;
}

}  // namespace

DoubleBinaryTree::Tree DoubleBinaryTree::tree(int n, bool shifted) {
  Tree t;
  t.parent.assign(n, -1);
  t.depth.assign(n, 0);
  if (n < 2) return t;
  int root = 1;
  while (root * 2 <= n) root *= 2;
  // Rank of a position: tree A puts rank i at position i+1; tree B at position (i+1) mod n + 1.
  auto rank_of = [n, shifted](int position) { return shifted ? (position - 2 + n) % n : position - 1; };
  std::vector<int> parent_position(n + 1, 0);
  for (int x = 1; x <= n; ++x) {
    if (x == root) continue;
    int p = infinite_parent(x);
    // A missing ancestor's place is taken by its descendant (positions beyond n do not exist).
    while (p > n) p = infinite_parent(p);
    parent_position[x] = p;
    t.parent[rank_of(x)] = rank_of(p);
  }
  for (int x = 1; x <= n; ++x) {
    int d = 0;
    for (int y = x; y != root; y = parent_position[y]) ++d;
    t.depth[rank_of(x)] = d;
    t.height = std::max(t.height, d);
  }
  return t;
}

FlowSchedule DoubleBinaryTree::all_reduce(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "double_binary_tree";
  const int n = static_cast<int>(ranks.size());
  if (n < 2) return schedule;
  FlowPhase up{"tree reduce", {}, 0};
  FlowPhase down{"tree broadcast", {}, 0};
  int height = 0;
  for (int tree_id = 0; tree_id < 2; ++tree_id) {
    const Tree t = tree(n, tree_id == 1);
    height = std::max(height, t.height);
    for (int i = 0; i < n; ++i) {
      if (t.parent[i] < 0) continue;
      // Each tree carries its own half of the buffer: a lane of its own (Flow::lane).
      up.flows.push_back(Flow{ranks[i], ranks[t.parent[i]], bytes / 2, tree_id, tree_id});
      down.flows.push_back(Flow{ranks[t.parent[i]], ranks[i], bytes / 2, tree_id, tree_id});
    }
  }
  const Tree trees[2] = {tree(n, false), tree(n, true)};
  const double fill = fill_chunk_times(trees, height);
  for (FlowPhase* phase : {&up, &down}) {
    phase->pipeline_depth = height;
    phase->chunk_bytes = kPipelineChunkBytes;
    phase->fill_steps = fill;
    phase->latency_steps = height;
  }
  schedule.phases.push_back(std::move(up));
  schedule.phases.push_back(std::move(down));
  return schedule;
}

FlowSchedule DoubleBinaryTree::all_reduce_steps(const std::vector<int>& ranks, double bytes) {
  FlowSchedule schedule;
  schedule.algorithm = "double_binary_tree";
  const int n = static_cast<int>(ranks.size());
  if (n < 2) return schedule;
  const Tree trees[2] = {tree(n, false), tree(n, true)};
  const int height = std::max(trees[0].height, trees[1].height);
  const double half = bytes / 2;
  const int chunks = std::max(1, static_cast<int>(std::ceil(half / kPipelineChunkBytes - 1e-9)));
  const double chunk = half / chunks;
  const int steps = chunks + height - 1;
  // Every edge is a group of its own and every tree a lane: a hop waits only for the hops of its
  // tree through its two ranks one step before, not for the whole step (no lock step).
  // Reduce: a rank at depth d sends chunk c up at step c + (height - d), one step after its
  // children (depth d+1) sent theirs. Broadcast: the edge down to depth d carries chunk c at
  // step c + d - 1.
  for (int t = 0; t < steps; ++t) {
    FlowPhase step{"tree reduce step " + std::to_string(t), {}, 1};
    for (int tree_id = 0; tree_id < 2; ++tree_id) {
      for (int i = 0; i < n; ++i) {
        const int c = t - (height - trees[tree_id].depth[i]);
        if (trees[tree_id].parent[i] >= 0 && c >= 0 && c < chunks)
          step.flows.push_back(Flow{ranks[i], ranks[trees[tree_id].parent[i]], chunk, tree_id, tree_id});
      }
    }
    if (!step.flows.empty()) schedule.phases.push_back(std::move(step));
  }
  for (int t = 0; t < steps; ++t) {
    FlowPhase step{"tree broadcast step " + std::to_string(t), {}, 1};
    for (int tree_id = 0; tree_id < 2; ++tree_id) {
      for (int i = 0; i < n; ++i) {
        const int c = t - (trees[tree_id].depth[i] - 1);
        if (trees[tree_id].parent[i] >= 0 && c >= 0 && c < chunks)
          step.flows.push_back(Flow{ranks[trees[tree_id].parent[i]], ranks[i], chunk, tree_id, tree_id});
      }
    }
    if (!step.flows.empty()) schedule.phases.push_back(std::move(step));
  }
  return schedule;
}

}  // namespace tcsim::collective
