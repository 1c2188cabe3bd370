#include "tcsim/collective/CollectiveLibrary.hpp"

#include <algorithm>
#include <stdexcept>

#include "tcsim/collective/AllToAllAlgorithms.hpp"
#include "tcsim/collective/DoubleBinaryTree.hpp"
#include "tcsim/collective/HalvingDoubling.hpp"
#include "tcsim/collective/LogStepAlgorithms.hpp"
#include "tcsim/collective/MeshAlgorithms.hpp"
#include "tcsim/collective/RingAlgorithms.hpp"
#include "tcsim/collective/Torus2d.hpp"

namespace tcsim::collective {
namespace {

/** Every ring phase step by step (the detailed form of ring-based schedules). */
FlowSchedule ring_steps(FlowSchedule schedule, Fidelity fidelity) {
  if (fidelity == Fidelity::fast) return schedule;
  std::vector<FlowPhase> phases;
  for (const auto& phase : schedule.phases)
    for (auto& step : RingAlgorithms::steps_of(phase)) phases.push_back(std::move(step));
  schedule.phases = std::move(phases);
  return schedule;
}

FlowSchedule one_phase(const char* algorithm, FlowPhase phase) {
  FlowSchedule schedule;
  schedule.algorithm = algorithm;
  if (!phase.flows.empty()) schedule.phases.push_back(std::move(phase));
  return schedule;
}

}  // namespace

std::vector<Algorithm> CollectiveLibrary::algorithms_for(Operation operation) {
  switch (operation) {
    case Operation::all_reduce:
      // The mesh before hierarchical_ring: on one fully meshed node they are the same schedule.
      // Halving-doubling before NHR and NB: on a power of two their estimates tie.
      return {Algorithm::ring,     Algorithm::mesh, Algorithm::hierarchical_ring, Algorithm::double_binary_tree,
              Algorithm::halving_doubling, Algorithm::torus_2d, Algorithm::nhr, Algorithm::nb};
    case Operation::reduce_scatter:
    case Operation::all_gather:
      return {Algorithm::ring,     Algorithm::mesh, Algorithm::hierarchical_ring, Algorithm::halving_doubling,
              Algorithm::torus_2d, Algorithm::nhr, Algorithm::nb};
    case Operation::broadcast: return {Algorithm::ring};
    case Operation::all_to_all: return {Algorithm::direct, Algorithm::pairwise};
  }
  return {};
}

bool CollectiveLibrary::implements(Algorithm algorithm, Operation operation) {
  const auto algorithms = algorithms_for(operation);
  return std::find(algorithms.begin(), algorithms.end(), algorithm) != algorithms.end();
}

std::string CollectiveLibrary::unavailable_reason(Algorithm algorithm, Operation operation,
                                                  const Communicator& communicator) {
  if (!implements(algorithm, operation)) {
    std::string list;
    for (Algorithm a : algorithms_for(operation)) list += std::string(list.empty() ? "" : ", ") + name_of(a);
    return std::string(name_of(algorithm)) + " does not implement " + name_of(operation) + " (available: " + list + ")";
  }
  const std::size_t n = communicator.size();
  switch (algorithm) {
    case Algorithm::hierarchical_ring:
      if (communicator.ranks_per_node() == 0)
        return "hierarchical_ring needs the same number of ranks on every node of the group";
      break;
    case Algorithm::halving_doubling:
      if (!HalvingDoubling::is_power_of_two(n))
        return "halving_doubling needs a power-of-two number of ranks, not " + std::to_string(n);
      break;
    case Algorithm::torus_2d:
      if (!Torus2d::grid(communicator))
        return "torus_2d needs a grid of at least 2 x 2 ranks; " + std::to_string(n) +
               " ranks do not form one (prime, or fewer than 4)";
      break;
    case Algorithm::mesh:
      if (communicator.nodes().size() > 1)
        return "mesh runs inside one node (HCCL's intra-server algorithm); this group spans " +
               std::to_string(communicator.nodes().size()) + " nodes (hierarchical_ring meshes inside each of them)";
      if (!communicator.full_mesh_nodes() && n > 1)
        return "mesh needs NPUs that are all directly linked (an HCCS full mesh); this group's NPUs are not";
      break;
    default: break;
  }
  return {};
}

FlowSchedule CollectiveLibrary::build(Algorithm algorithm, Operation operation, const Communicator& communicator,
                                      double bytes, Fidelity fidelity) {
  if (const auto why = unavailable_reason(algorithm, operation, communicator); !why.empty())
    throw std::invalid_argument(why);
  const auto& ranks = communicator.ranks();
  const auto& nodes = communicator.nodes();
  switch (algorithm) {
    case Algorithm::ring:
      switch (operation) {
        case Operation::all_reduce: return ring_steps(one_phase("ring", RingAlgorithms::all_reduce(ranks, bytes)), fidelity);
        case Operation::reduce_scatter:
          return ring_steps(one_phase("ring", RingAlgorithms::reduce_scatter(ranks, bytes)), fidelity);
        case Operation::all_gather: return ring_steps(one_phase("ring", RingAlgorithms::all_gather(ranks, bytes)), fidelity);
        case Operation::broadcast:
          return fidelity == Fidelity::fast ? one_phase("ring", RingAlgorithms::broadcast(ranks, bytes))
                                            : RingAlgorithms::broadcast_steps(ranks, bytes);
        default: break;
      }
      break;
    case Algorithm::hierarchical_ring:
      switch (operation) {
        case Operation::all_reduce:
          return ring_steps(RingAlgorithms::hierarchical_all_reduce(nodes, bytes, communicator.full_mesh_nodes()), fidelity);
        case Operation::reduce_scatter:
          return ring_steps(RingAlgorithms::hierarchical_reduce_scatter(nodes, bytes, communicator.full_mesh_nodes()),
                            fidelity);
        case Operation::all_gather:
          return ring_steps(RingAlgorithms::hierarchical_all_gather(nodes, bytes, communicator.full_mesh_nodes()), fidelity);
        default: break;
      }
      break;
    case Algorithm::double_binary_tree:
      return fidelity == Fidelity::fast ? DoubleBinaryTree::all_reduce(ranks, bytes)
                                        : DoubleBinaryTree::all_reduce_steps(ranks, bytes);
    case Algorithm::halving_doubling:
      switch (operation) {
        case Operation::all_reduce: return HalvingDoubling::all_reduce(ranks, bytes);
        case Operation::reduce_scatter: return HalvingDoubling::reduce_scatter(ranks, bytes);
        case Operation::all_gather: return HalvingDoubling::all_gather(ranks, bytes);
        default: break;
      }
      break;
    case Algorithm::torus_2d: return Torus2d::build(operation, *Torus2d::grid(communicator), bytes, fidelity);
    case Algorithm::mesh:
      switch (operation) {
        case Operation::all_reduce: return MeshAlgorithms::all_reduce(ranks, bytes);
        case Operation::reduce_scatter: return one_phase("mesh", MeshAlgorithms::reduce_scatter(ranks, bytes));
        case Operation::all_gather: return one_phase("mesh", MeshAlgorithms::all_gather(ranks, bytes));
        default: break;
      }
      break;
    case Algorithm::nhr: return LogStepAlgorithms::build(LogStepAlgorithms::Kind::nhr, operation, ranks, bytes);
    case Algorithm::nb: return LogStepAlgorithms::build(LogStepAlgorithms::Kind::nb, operation, ranks, bytes);
    case Algorithm::direct: return AllToAllAlgorithms::direct(ranks, bytes);
    case Algorithm::pairwise: return AllToAllAlgorithms::pairwise(ranks, bytes);
  }
  throw std::logic_error("no schedule for this algorithm and operation");
}

}  // namespace tcsim::collective
