#pragma once
/** @file Collective operations, the algorithms that implement them, and how finely to simulate them. */
#include <optional>
#include <string>
#include <vector>

namespace tcsim::collective {

/** @brief A collective operation (what every rank ends up with), independent of the algorithm. */
enum class Operation { all_reduce, reduce_scatter, all_gather, broadcast, all_to_all };

/**
 * @brief The algorithms of HCCL and NCCL that tcsim models. Flat ones run over the group's ranks
 * in order: `ring`, `double_binary_tree`, `halving_doubling`, `nhr` and `nb` (HCCL's
 * logarithmic-step algorithms for any number of ranks, LogStepAlgorithms), `torus_2d` (rings
 * along the rows and the columns of a 2D grid at once, half the buffer each), and `mesh` (HCCL's
 * intra-server Mesh: every rank sends to every peer at once over its direct links; one fully
 * meshed node). Hierarchical ones (`hierarchical_<across>`) run HCCL's two levels: inside each
 * node what its level 0 picks from the wiring (a mesh where the node's NPUs are fully meshed, a
 * ring otherwise), and across nodes `<across>` once per local index on the node's shard.
 * `double_ring` and `star` are HCCL's other intra-server algorithms (RingAlgorithms, StarAlgorithms).
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
  nb,
  hierarchical_halving_doubling,
  hierarchical_nhr,
  hierarchical_nb,
  double_ring,
  star,
  pipeline
};

/** @brief The across-node algorithm of a hierarchical one (hierarchical_nhr: nhr), if it is one. */
std::optional<Algorithm> across_nodes_of(Algorithm algorithm);

/**
 * @brief How algorithms are chosen where the workload does not force one. library: what the
 * accelerator's collective library (HCCL, NCCL) would run (LibraryChoice). best: every
 * algorithm tcsim has, simulated with every group of that kind running it at once, the fastest
 * kept ("what would a better library give?").
 */
enum class Selection { library, best };

/**
 * @brief fast: pipelined algorithms as persistent flows plus their per-step latencies (O(N)
 * flows per collective). detailed: every step of every algorithm as its own set of flows.
 */
enum class Fidelity { fast, detailed };

/** @brief The name used in workload files and reports ("all_reduce", "ring", ...). */
const char* name_of(Operation operation);
const char* name_of(Algorithm algorithm);
const char* name_of(Fidelity fidelity);
const char* name_of(Selection selection);

/** @brief The algorithm or operation called `name`, if any. */
std::optional<Algorithm> algorithm_named(const std::string& name);
std::optional<Operation> operation_named(const std::string& name);

/** @brief Every algorithm's and operation's name (for error messages and nearest-key hints). */
std::vector<std::string> algorithm_names();
std::vector<std::string> operation_names();

}  // namespace tcsim::collective
