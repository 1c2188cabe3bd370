#include "tcsim/collective/Algorithm.hpp"

#include <array>
#include <utility>

namespace tcsim::collective {
namespace {

constexpr std::array<std::pair<Operation, const char*>, 5> kOperations{{
    {Operation::all_reduce, "all_reduce"},
    {Operation::reduce_scatter, "reduce_scatter"},
    {Operation::all_gather, "all_gather"},
    {Operation::broadcast, "broadcast"},
    {Operation::all_to_all, "all_to_all"},
}};

constexpr std::array<std::pair<Algorithm, const char*>, 16> kAlgorithms{{
    {Algorithm::ring, "ring"},
    {Algorithm::hierarchical_ring, "hierarchical_ring"},
    {Algorithm::double_binary_tree, "double_binary_tree"},
    {Algorithm::halving_doubling, "halving_doubling"},
    {Algorithm::direct, "direct"},
    {Algorithm::pairwise, "pairwise"},
    {Algorithm::torus_2d, "torus_2d"},
    {Algorithm::mesh, "mesh"},
    {Algorithm::nhr, "nhr"},
    {Algorithm::nb, "nb"},
    {Algorithm::hierarchical_halving_doubling, "hierarchical_halving_doubling"},
    {Algorithm::hierarchical_nhr, "hierarchical_nhr"},
    {Algorithm::hierarchical_nb, "hierarchical_nb"},
    {Algorithm::double_ring, "double_ring"},
    {Algorithm::star, "star"},
    {Algorithm::pipeline, "pipeline"},
}};

}  // namespace

const char* name_of(Operation operation) {
  for (const auto& [value, name] : kOperations)
    if (value == operation) return name;
  return "?";
}

const char* name_of(Algorithm algorithm) {
  for (const auto& [value, name] : kAlgorithms)
    if (value == algorithm) return name;
  return "?";
}

std::optional<Algorithm> across_nodes_of(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::hierarchical_ring: return Algorithm::ring;
    case Algorithm::hierarchical_halving_doubling: return Algorithm::halving_doubling;
    case Algorithm::hierarchical_nhr: return Algorithm::nhr;
    case Algorithm::hierarchical_nb: return Algorithm::nb;
    default: return std::nullopt;
  }
}

const char* name_of(Fidelity fidelity) { return fidelity == Fidelity::fast ? "fast" : "detailed"; }

const char* name_of(Selection selection) { return selection == Selection::library ? "library" : "best"; }

std::optional<Algorithm> algorithm_named(const std::string& name) {
  for (const auto& [value, n] : kAlgorithms)
    if (name == n) return value;
  return std::nullopt;
}

std::optional<Operation> operation_named(const std::string& name) {
  for (const auto& [value, n] : kOperations)
    if (name == n) return value;
  return std::nullopt;
}

std::vector<std::string> algorithm_names() {
  std::vector<std::string> names;
  for (const auto& entry : kAlgorithms) names.emplace_back(entry.second);
  return names;
}

std::vector<std::string> operation_names() {
  std::vector<std::string> names;
  for (const auto& entry : kOperations) names.emplace_back(entry.second);
  return names;
}

}  // namespace tcsim::collective
