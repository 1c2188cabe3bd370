#include "tcsim/collective/CollectiveLibrary.hpp"

#include <algorithm>
#include <stdexcept>

#include "tcsim/collective/AllToAllAlgorithms.hpp"
#include "tcsim/collective/DoubleBinaryTree.hpp"
#include "tcsim/collective/HalvingDoubling.hpp"
#include "tcsim/collective/LogStepAlgorithms.hpp"
#include "tcsim/collective/MeshAlgorithms.hpp"
#include "tcsim/collective/RingAlgorithms.hpp"
#include "tcsim/collective/StarAlgorithms.hpp"
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

using NodePhase = FlowPhase (*)(const std::vector<int>&, double);

/** One reduce-scatter or all-gather inside every node at once, each node its own group. */
void append_inside_nodes(FlowSchedule& schedule, const Communicator& communicator, double bytes, bool gather,
                         Fidelity fidelity) {
  const bool mesh = communicator.full_mesh_nodes();
  const NodePhase make = mesh ? (gather ? &MeshAlgorithms::all_gather : &MeshAlgorithms::reduce_scatter)
                              : (gather ? &RingAlgorithms::all_gather : &RingAlgorithms::reduce_scatter);
  FlowPhase phase{std::string("intra-node ") + (mesh ? "mesh " : "") + (gather ? "all-gather" : "reduce-scatter"), {}, 0};
  for (std::size_t n = 0; n < communicator.nodes().size(); ++n) {
    FlowPhase part = make(communicator.nodes()[n], bytes);
    phase.latency_steps = part.latency_steps;
    for (auto& flow : part.flows) flow.group = static_cast<int>(n);
    phase.flows.insert(phase.flows.end(), part.flows.begin(), part.flows.end());
  }
  if (phase.flows.empty()) return;
  if (fidelity == Fidelity::fast) {
    schedule.phases.push_back(std::move(phase));
  } else {
    for (auto& step : RingAlgorithms::steps_of(phase)) schedule.phases.push_back(std::move(step));
  }
}

/**
 * `across` once per local index ("plane": that NPU of every node, over its own NIC) on the node's
 * shard bytes/L, all planes at once, every plane its own group.
 */
std::vector<FlowPhase> across_planes(Algorithm across, Operation operation, const Communicator& communicator, double bytes,
                                     Fidelity fidelity) {
  const auto& nodes = communicator.nodes();
  const std::size_t local = nodes.front().size();
  std::vector<FlowPhase> merged;
  int groups = 1;
  for (std::size_t i = 0; i < local; ++i) {
    std::vector<int> plane;
    plane.reserve(nodes.size());
    for (const auto& node : nodes) plane.push_back(node[i]);
    const FlowSchedule part = CollectiveLibrary::build(across, operation, Communicator::flat(std::move(plane)),
                                                       bytes / static_cast<double>(local), fidelity);
    if (i == 0) {
      for (const auto& phase : part.phases) {
        merged.push_back(phase.without_flows());
        merged.back().label = "inter-node " + phase.label;
        for (const auto& flow : phase.flows) groups = std::max(groups, flow.group + 1);
      }
    }
    for (std::size_t p = 0; p < part.phases.size(); ++p) {
      for (Flow flow : part.phases[p].flows) {
        flow.group += static_cast<int>(i) * groups;  // every plane is its own group
        merged[p].flows.push_back(flow);
      }
    }
  }
  return merged;
}

/**
 * HCCL's two levels: inside each node (level 0), then `across` on every plane (level 1), then
 * inside each node again. Reduce-scatter ends after the planes, all-gather starts with them.
 */
FlowSchedule hierarchical(Algorithm algorithm, Algorithm across, Operation operation, const Communicator& communicator,
                          double bytes, Fidelity fidelity) {
  FlowSchedule schedule;
  schedule.algorithm = name_of(algorithm);
  if (communicator.nodes().empty()) return schedule;
  if (operation != Operation::all_gather) append_inside_nodes(schedule, communicator, bytes, false, fidelity);
  if (communicator.nodes().size() > 1) {
    for (auto& phase : across_planes(across, operation, communicator, bytes, fidelity)) schedule.phases.push_back(std::move(phase));
  }
  if (operation != Operation::reduce_scatter) append_inside_nodes(schedule, communicator, bytes, true, fidelity);
  return schedule;
}

/**
 * HCCL's Pipeline: the buffer cut into kSlices slices, each going through the two levels as
 * hierarchical_ring does (inside the node, a ring on every plane, inside again), slice after
 * slice on each level, so that a level's links take the next slice while the other level works
 * on the previous one. Slice s is lane s; the first phase of each level for slice s also waits
 * for slice s-1 to have left that level's links (FlowPhase::also_after_lane).
 */
FlowSchedule pipelined(Operation operation, const Communicator& communicator, double bytes, Fidelity fidelity) {
  const int slices = CollectiveLibrary::kPipelineSlices;
  const double slice_bytes = bytes / slices;
  std::vector<std::vector<FlowPhase>> levels;  // in order: inside (reduce-scatter), planes, inside (all-gather)
  auto slice_phases = [&](auto&& make) {
    std::vector<FlowPhase> all;
    for (int s = 0; s < slices; ++s) {
      std::vector<FlowPhase> phases = make();
      for (std::size_t p = 0; p < phases.size(); ++p) {
        for (auto& flow : phases[p].flows) flow.lane = s;
        if (p == 0 && s > 0) phases[p].also_after_lane = s - 1;
        phases[p].label = "slice " + std::to_string(s) + " " + phases[p].label;
        all.push_back(std::move(phases[p]));
      }
    }
    return all;
  };
  auto inside = [&](bool gather) {
    FlowSchedule part;
    append_inside_nodes(part, communicator, slice_bytes, gather, fidelity);
    return part.phases;
  };
  if (operation != Operation::all_gather) levels.push_back(slice_phases([&] { return inside(false); }));
  levels.push_back(slice_phases([&] { return across_planes(Algorithm::ring, operation, communicator, slice_bytes, fidelity); }));
  if (operation != Operation::reduce_scatter) levels.push_back(slice_phases([&] { return inside(true); }));
  FlowSchedule schedule;
  schedule.algorithm = name_of(Algorithm::pipeline);
  for (auto& level : levels)
    for (auto& phase : level) schedule.phases.push_back(std::move(phase));
  return schedule;
}

}  // namespace

std::vector<Algorithm> CollectiveLibrary::algorithms_for(Operation operation) {
  switch (operation) {
    case Operation::all_reduce:
      // The mesh before hierarchical_ring: on one fully meshed node they are the same schedule.
      // Halving-doubling before NHR and NB: on a power of two their estimates tie. Flat before
      // hierarchical: with one rank per node they are the same schedule.
      return {Algorithm::ring,
              Algorithm::mesh,
              Algorithm::hierarchical_ring,
              Algorithm::double_binary_tree,
              Algorithm::halving_doubling,
              Algorithm::torus_2d,
              Algorithm::nhr,
              Algorithm::nb,
              Algorithm::hierarchical_halving_doubling,
              Algorithm::hierarchical_nhr,
              Algorithm::hierarchical_nb,
              Algorithm::double_ring,
              Algorithm::star,
              Algorithm::pipeline};
    case Operation::reduce_scatter:
    case Operation::all_gather:
      return {Algorithm::ring,
              Algorithm::mesh,
              Algorithm::hierarchical_ring,
              Algorithm::halving_doubling,
              Algorithm::torus_2d,
              Algorithm::nhr,
              Algorithm::nb,
              Algorithm::hierarchical_halving_doubling,
              Algorithm::hierarchical_nhr,
              Algorithm::hierarchical_nb,
              Algorithm::double_ring,
              Algorithm::pipeline};
    case Operation::broadcast: return {Algorithm::ring, Algorithm::star};
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
    case Algorithm::hierarchical_halving_doubling:
    case Algorithm::hierarchical_nhr:
    case Algorithm::hierarchical_nb:
      if (communicator.ranks_per_node() == 0)
        return std::string(name_of(algorithm)) + " needs the same number of ranks on every node of the group";
      if (algorithm == Algorithm::hierarchical_halving_doubling && !HalvingDoubling::is_power_of_two(communicator.nodes().size()))
        return "hierarchical_halving_doubling needs a power-of-two number of nodes, not " +
               std::to_string(communicator.nodes().size());
      break;
    case Algorithm::pipeline:
      if (communicator.nodes().size() < 2 || communicator.ranks_per_node() < 2)
        return "pipeline overlaps the links inside servers with those between them: it needs a group of several "
               "nodes with the same number (at least 2) of ranks on each";
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
    case Algorithm::hierarchical_halving_doubling:
    case Algorithm::hierarchical_nhr:
    case Algorithm::hierarchical_nb:
      return hierarchical(algorithm, *across_nodes_of(algorithm), operation, communicator, bytes, fidelity);
    case Algorithm::pipeline: return pipelined(operation, communicator, bytes, fidelity);
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
    case Algorithm::double_ring:
      switch (operation) {
        case Operation::all_reduce:
          return ring_steps(one_phase("double_ring", RingAlgorithms::double_ring(&RingAlgorithms::all_reduce, ranks, bytes)),
                            fidelity);
        case Operation::reduce_scatter:
          return ring_steps(
              one_phase("double_ring", RingAlgorithms::double_ring(&RingAlgorithms::reduce_scatter, ranks, bytes)), fidelity);
        case Operation::all_gather:
          return ring_steps(one_phase("double_ring", RingAlgorithms::double_ring(&RingAlgorithms::all_gather, ranks, bytes)),
                            fidelity);
        default: break;
      }
      break;
    case Algorithm::star:
      return operation == Operation::broadcast ? StarAlgorithms::broadcast(ranks, bytes) : StarAlgorithms::all_reduce(ranks, bytes);
    case Algorithm::direct: return AllToAllAlgorithms::direct(ranks, bytes);
    case Algorithm::pairwise: return AllToAllAlgorithms::pairwise(ranks, bytes);
  }
  throw std::logic_error("no schedule for this algorithm and operation");
}

}  // namespace tcsim::collective
