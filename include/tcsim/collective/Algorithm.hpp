#pragma once
/** @file Collective operations, the algorithms that implement them, and how finely to simulate them. */
#include <optional>
#include <string>
#include <vector>

namespace tcsim::collective {

/** @brief A collective operation (what every rank ends up with), independent of the algorithm. */
enum class Operation { all_reduce, reduce_scatter, all_gather, broadcast, all_to_all };

/**
 * @brief The algorithms of HCCL and NCCL that tcsim models. `hierarchical_ring` reduces inside
 * each node, runs rings across nodes, and gathers inside each node again; inside a node it uses
 * what HCCL's level 0 picks from the wiring (a mesh where the node's NPUs are fully meshed, a
 * ring otherwise). `mesh` is HCCL's intra-server Mesh: every rank sends to every peer at once
 * over its direct links (one node, fully meshed). `nhr` and `nb` are HCCL's logarithmic-step
 * algorithms for any number of ranks (LogStepAlgorithms). `torus_2d` runs rings along the rows
 * and the columns of a 2D grid at once (half the buffer each), as on a 2D mesh/torus supernode.
 */
enum class Algorithm {
  ring,
  hierarchical_ring,
  double_binary_tree,
  halving_doubling,
  direct,
  pairwise,
  torus_2d,
  mesh,
  nhr,
  nb
};

/**
 * @brief fast: pipelined algorithms as persistent flows plus their per-step latencies (O(N)
 * flows per collective). detailed: every step of every algorithm as its own set of flows.
 */
enum class Fidelity { fast, detailed };

/** @brief The name used in workload files and reports ("all_reduce", "ring", ...). */
const char* name_of(Operation operation);
const char* name_of(Algorithm algorithm);
const char* name_of(Fidelity fidelity);

/** @brief The algorithm or operation called `name`, if any. */
std::optional<Algorithm> algorithm_named(const std::string& name);
std::optional<Operation> operation_named(const std::string& name);

/** @brief Every algorithm's and operation's name (for error messages and nearest-key hints). */
std::vector<std::string> algorithm_names();
std::vector<std::string> operation_names();

}  // namespace tcsim::collective
