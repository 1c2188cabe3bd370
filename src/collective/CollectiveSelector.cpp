#include "tcsim/collective/CollectiveSelector.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/collective/DoubleBinaryTree.hpp"
#include "tcsim/collective/FlowSchedule.hpp"
#include "tcsim/collective/LogStepAlgorithms.hpp"
#include "tcsim/collective/Torus2d.hpp"

namespace tcsim::collective {
namespace {

/** k steps of a ring moving `bytes_per_step` each. */
double steps_s(double k, double bytes_per_step, LinkCost cost) {
  return k * (cost.alpha_s + bytes_per_step / cost.bytes_per_s);
}

/** Reduce-scatter (or all-gather) on a ring of n: n-1 steps of S/n; all-reduce twice that. */
double ring_s(Operation operation, double n, double bytes, LinkCost cost) {
  if (n < 2) return 0;
  const double one_way = steps_s(n - 1, bytes / n, cost);
  return operation == Operation::all_reduce ? 2 * one_way : one_way;
}

/**
 * Reduce-scatter (or all-gather) on a full mesh of n: one step in which each of a rank's n-1
 * links carries S/n; all-reduce twice that.
 */
double mesh_s(Operation operation, double n, double bytes, LinkCost cost) {
  if (n < 2) return 0;
  const double one_way = steps_s(1, bytes / n, cost);
  return operation == Operation::all_reduce ? 2 * one_way : one_way;
}

double chunks_of(double bytes) { return std::max(1.0, std::ceil(bytes / kPipelineChunkBytes - 1e-9)); }

}  // namespace

double CollectiveSelector::estimate_s(Algorithm algorithm, Operation operation, const Communicator& communicator,
                                      double bytes, LinkCost intra, LinkCost inter) {
  const double n = static_cast<double>(communicator.size());
  const double nodes = static_cast<double>(communicator.nodes().size());
  // A flat algorithm over several nodes is paced by its inter-node hops.
  const LinkCost flat = nodes > 1 ? inter : intra;
  switch (algorithm) {
    case Algorithm::ring:
      if (operation == Operation::broadcast) {
        const double c = chunks_of(bytes);
        return steps_s(c + n - 2, bytes / c, flat);
      }
      return ring_s(operation, n, bytes, flat);
    case Algorithm::hierarchical_ring:
    case Algorithm::hierarchical_halving_doubling:
    case Algorithm::hierarchical_nhr:
    case Algorithm::hierarchical_nb: {
      // Level 0 inside each node, then the across-node algorithm on one plane of the node's shard.
      const double local = static_cast<double>(communicator.ranks_per_node());
      const auto inside = communicator.full_mesh_nodes() ? &mesh_s : &ring_s;
      double t = 0;
      if (nodes > 1) {
        std::vector<int> plane;
        for (const auto& node : communicator.nodes()) plane.push_back(node.front());
        t += estimate_s(*across_nodes_of(algorithm), operation, Communicator::flat(std::move(plane)), bytes / local, inter,
                        inter);
      }
      if (operation != Operation::all_gather) t += inside(Operation::reduce_scatter, local, bytes, intra);
      if (operation != Operation::reduce_scatter) t += inside(Operation::all_gather, local, bytes, intra);
      return t;
    }
    case Algorithm::pipeline: {
      // Per slice: level 0 in, the planes' ring, level 0 out; slices follow each other on each
      // level, so after the first slice the busier level sets the pace (level 0's two passes
      // share the node's links).
      const double slices = CollectiveLibrary::kPipelineSlices;
      const double local = static_cast<double>(communicator.ranks_per_node());
      const auto inside = communicator.full_mesh_nodes() ? &mesh_s : &ring_s;
      const double in = operation != Operation::all_gather ? inside(Operation::reduce_scatter, local, bytes / slices, intra) : 0;
      const double out = operation != Operation::reduce_scatter ? inside(Operation::all_gather, local, bytes / slices, intra) : 0;
      const double planes = ring_s(operation, nodes, bytes / slices / local, inter);
      return in + planes + out + (slices - 1) * std::max(in + out, planes);
    }
    case Algorithm::mesh: return mesh_s(operation, n, bytes, intra);
    case Algorithm::double_ring: {
      // Half the buffer each way: twice a ring's bandwidth where the two neighbours are separate
      // links (a fully meshed node), a ring's where they share a port.
      LinkCost both = flat;
      if (nodes == 1 && communicator.full_mesh_nodes()) both.bytes_per_s *= 2;
      return ring_s(operation, n, bytes, both);
    }
    case Algorithm::star: {
      // The root's links carry N-1 buffers; on a full mesh each has its own link.
      const double fan = nodes == 1 && communicator.full_mesh_nodes() ? 1 : n - 1;
      const double one_way = flat.alpha_s + fan * bytes / flat.bytes_per_s;
      return operation == Operation::all_reduce ? 2 * one_way : one_way;
    }
    case Algorithm::nhr:
    case Algorithm::nb: {
      const double one_way =
          LogStepAlgorithms::steps(communicator.size()) * flat.alpha_s + (n - 1) / n * bytes / flat.bytes_per_s;
      return operation == Operation::all_reduce ? 2 * one_way : one_way;
    }
    case Algorithm::double_binary_tree: {
      const double height = DoubleBinaryTree::tree(static_cast<int>(n), false).height;
      const double c = chunks_of(bytes / 2);
      return 2 * steps_s(c + height - 1, bytes / c, flat);
    }
    case Algorithm::halving_doubling: {
      const double one_way = std::log2(n) * flat.alpha_s + (n - 1) / n * bytes / flat.bytes_per_s;
      return operation == Operation::all_reduce ? 2 * one_way : one_way;
    }
    case Algorithm::torus_2d: {
      const auto grid = Torus2d::grid(communicator);
      const double r = static_cast<double>(grid->size());
      const double c = static_cast<double>(grid->front().size());
      // Rows are nodes (their own links) when the grid follows them; otherwise rows and columns
      // share each rank's links, so their bandwidth terms add up.
      const bool by_node = nodes >= 2 && communicator.ranks_per_node() >= 2;
      const LinkCost row = by_node ? intra : flat;
      const LinkCost column = by_node ? inter : flat;
      auto both = [by_node](double latency_a, double bw_a, double latency_b, double bw_b) {
        return by_node ? std::max(latency_a + bw_a, latency_b + bw_b) : std::max(latency_a, latency_b) + bw_a + bw_b;
      };
      const double half = bytes / 2;
      // Reduce-scatter (or all-gather) of half along rows | columns.
      const double outer = both((c - 1) * row.alpha_s, (c - 1) / c * half / row.bytes_per_s, (r - 1) * column.alpha_s,
                                (r - 1) / r * half / column.bytes_per_s);
      const double k = operation == Operation::all_reduce ? 2.0 : 1.0;
      const double inner = both(k * (r - 1) * column.alpha_s, k * (r - 1) / r * half / c / column.bytes_per_s,
                                k * (c - 1) * row.alpha_s, k * (c - 1) / c * half / r / row.bytes_per_s);
      return operation == Operation::all_reduce ? 2 * outer + inner : outer + inner;
    }
    case Algorithm::direct: return flat.alpha_s + (n - 1) / n * bytes / flat.bytes_per_s;
    case Algorithm::pairwise: return steps_s(n - 1, bytes / n, flat);
  }
  return std::numeric_limits<double>::infinity();
}

Algorithm CollectiveSelector::choose(Operation operation, const Communicator& communicator, double bytes,
                                     LinkCost intra, LinkCost inter) {
  if (operation == Operation::all_to_all)
    return communicator.size() <= kDirectAllToAllMaxRanks ? Algorithm::direct : Algorithm::pairwise;
  return lowest(CollectiveLibrary::algorithms_for(operation), operation, communicator, bytes, intra, inter);
}

Algorithm CollectiveSelector::lowest(const std::vector<Algorithm>& candidates, Operation operation,
                                     const Communicator& communicator, double bytes, LinkCost intra, LinkCost inter) {
  Algorithm best = Algorithm::ring;
  double best_s = std::numeric_limits<double>::infinity();
  for (Algorithm algorithm : candidates) {
    if (!CollectiveLibrary::unavailable_reason(algorithm, operation, communicator).empty()) continue;
    const double t = estimate_s(algorithm, operation, communicator, bytes, intra, inter);
    // Ties (within 0.1%) keep the earlier, simpler algorithm.
    if (t < best_s * 0.999) {
      best = algorithm;
      best_s = t;
    }
  }
  return best;
}

}  // namespace tcsim::collective
