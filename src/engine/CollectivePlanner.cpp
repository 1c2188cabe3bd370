#include "CollectivePlanner.hpp"

#include <algorithm>
#include <limits>

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/collective/LibraryChoice.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/topology/NodeTemplate.hpp"

namespace tcsim::engine::detail {

CollectivePlanner::CollectivePlanner(const platform::Platform& platform, CollectiveSettings settings,
                                     double step_overhead_s)
    : platform_(platform), settings_(std::move(settings)), step_overhead_s_(step_overhead_s) {}

std::pair<collective::LinkCost, collective::LinkCost> CollectivePlanner::hop_costs(
    const collective::Communicator& communicator) {
  // The worst hop from the first rank to the others of its node, and to the first ranks of a
  // few other nodes: enough to tell an HCCS/NVLink hop from a fabric one.
  auto worst = [this](int from, const std::vector<int>& to) {
    collective::LinkCost cost{0, std::numeric_limits<double>::infinity()};
    for (int rank : to) {
      if (rank == from) continue;
      cost.alpha_s = std::max(cost.alpha_s, platform_.route_latency_s(from, rank) + step_overhead_s_);
      cost.bytes_per_s = std::min(cost.bytes_per_s, platform_.route_bandwidth_bytes_per_s(from, rank));
    }
    return cost;
  };
  const auto& nodes = communicator.nodes();
  const int first = communicator.ranks().front();
  std::vector<int> others;
  for (std::size_t n = 1; n < nodes.size() && others.size() < 4; ++n) others.push_back(nodes[n].front());
  collective::LinkCost intra = worst(first, nodes.front());
  collective::LinkCost inter = others.empty() ? intra : worst(first, others);
  if (nodes.front().size() < 2) intra = inter;
  return {intra, inter};
}

bool CollectivePlanner::full_mesh_nodes(const collective::Communicator& communicator) {
  std::vector<simgrid::s4u::Link*> links;
  for (const auto& node : communicator.nodes()) {
    if (node.size() < 2) continue;
    auto [known, inserted] = full_mesh_.try_emplace(node, true);
    if (inserted) {
      // A full mesh is a one-link route between every two ranks. Larger groups are not checked
      // (n² routes): full meshes are built only up to an HCCS group's largest size.
      known->second = node.size() <= static_cast<std::size_t>(topology::NodeTemplate::kMaxHccsGroupSize);
      for (std::size_t i = 0; i < node.size() && known->second; ++i) {
        for (std::size_t j = 0; j < node.size() && known->second; ++j) {
          if (i == j) continue;
          links.clear();
          platform_.route(node[i], node[j], links);
          known->second = links.size() == 1;
        }
      }
    }
    if (!known->second) return false;
  }
  return true;
}

collective::FlowSchedule CollectivePlanner::build(collective::Algorithm algorithm, collective::Operation operation,
                                                  const std::vector<collective::Communicator>& groups,
                                                  double bytes) const {
  // Phase i of every group runs together; each group keeps its own group numbers.
  collective::FlowSchedule merged;
  int group_offset = 0;
  for (const auto& communicator : groups) {
    const auto part = collective::CollectiveLibrary::build(algorithm, operation, communicator, bytes, settings_.fidelity);
    merged.algorithm = part.algorithm;
    int used = 0;
    for (std::size_t i = 0; i < part.phases.size(); ++i) {
      if (merged.phases.size() <= i) merged.phases.push_back(part.phases[i].without_flows());
      auto& phase = merged.phases[i];
      phase.latency_steps = std::max(phase.latency_steps, part.phases[i].latency_steps);
      phase.pipeline_depth = std::max(phase.pipeline_depth, part.phases[i].pipeline_depth);
      phase.chunk_bytes = std::max(phase.chunk_bytes, part.phases[i].chunk_bytes);
      phase.fill_steps = std::max(phase.fill_steps, part.phases[i].fill_steps);
      for (auto flow : part.phases[i].flows) {
        used = std::max(used, flow.group + 1);
        flow.group += group_offset;
        phase.flows.push_back(flow);
      }
    }
    group_offset += used;
  }
  return merged;
}

collective::FlowSchedule CollectivePlanner::plan(const std::string& group, collective::Operation operation,
                                                 const std::vector<collective::Communicator>& ungrouped, double bytes) {
  std::vector<collective::Communicator> groups;
  groups.reserve(ungrouped.size());
  for (const auto& c : ungrouped) groups.emplace_back(c.nodes(), full_mesh_nodes(c));
  const collective::Communicator& communicator = groups.front();
  CollectiveUse use{group, collective::name_of(operation), "", static_cast<int>(communicator.size()), bytes, false,
                    "", ""};
  collective::Algorithm algorithm = collective::Algorithm::ring;
  if (const auto forced = settings_.policy.forced(group, operation)) {
    for (const auto& c : groups) {
      const std::string why = collective::CollectiveLibrary::unavailable_reason(*forced, operation, c);
      if (!why.empty()) throw collective::UnavailableAlgorithm(group, why);
    }
    algorithm = *forced;
    use.forced = true;
    use.selection = "forced";
  } else {
    if (communicator.size() > 1) {
      const auto [intra, inter] = hop_costs(communicator);
      algorithm = collective::LibraryChoice::choose(settings_.library, operation, communicator, bytes, intra, inter);
      // Chosen for the first group; groups of another shape (mixed nodes) may not run it: the
      // flat algorithm runs on any group.
      for (const auto& c : groups) {
        if (collective::CollectiveLibrary::unavailable_reason(algorithm, operation, c).empty()) continue;
        algorithm = operation == collective::Operation::all_to_all ? collective::Algorithm::direct : collective::Algorithm::ring;
        break;
      }
    }
    use.selection = "library";
    use.library = hw::name_of(settings_.library);
  }
  use.algorithm = collective::name_of(algorithm);
  bool known = false;
  for (const auto& u : uses_) known = known || (u.group == use.group && u.operation == use.operation);
  if (!known) uses_.push_back(use);
  auto schedule = build(algorithm, operation, groups, bytes);
  // The detailed mode is for cross-checks: a ring over thousands of ranks is millions of flows.
  constexpr std::size_t kManyFlows = 2'000'000;
  if (settings_.fidelity == collective::Fidelity::detailed && schedule.flow_count() > kManyFlows && !warned_) {
    warned_ = true;
    logger("engine")->warn("--detailed: one {} {} over {} ranks is {} flows; this will take long (the fast mode "
                           "simulates the same algorithm in far fewer)",
                           group, collective::name_of(operation), communicator.size(), schedule.flow_count());
  }
  return schedule;
}

}  // namespace tcsim::engine::detail
