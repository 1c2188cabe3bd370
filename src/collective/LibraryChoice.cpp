#include "tcsim/collective/LibraryChoice.hpp"

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/collective/HalvingDoubling.hpp"

namespace tcsim::collective {
using hw::CommunicationLibrary;

std::vector<Algorithm> LibraryChoice::algorithms(CommunicationLibrary library, Operation operation) {
  if (operation == Operation::broadcast) {
    if (library == CommunicationLibrary::nccl) return {Algorithm::ring};
    return {Algorithm::ring, Algorithm::star};
  }
  if (operation == Operation::all_to_all) {
    if (library == CommunicationLibrary::nccl) return {Algorithm::direct};
    return {Algorithm::direct, Algorithm::pairwise};
  }
  if (library == CommunicationLibrary::nccl) {
    // NCCL's ring runs through each node's GPUs before crossing the network: on groups that span
    // nodes, hierarchical_ring has its bytes and its latencies (NVLink steps inside nodes).
    if (operation == Operation::all_reduce)
      return {Algorithm::ring, Algorithm::hierarchical_ring, Algorithm::double_binary_tree};
    return {Algorithm::ring, Algorithm::hierarchical_ring};
  }
  std::vector<Algorithm> hccl = {Algorithm::mesh,
                                 Algorithm::ring,
                                 Algorithm::halving_doubling,
                                 Algorithm::nhr,
                                 Algorithm::nb,
                                 Algorithm::hierarchical_ring,
                                 Algorithm::hierarchical_halving_doubling,
                                 Algorithm::hierarchical_nhr,
                                 Algorithm::hierarchical_nb,
                                 Algorithm::double_ring};
  if (operation == Operation::all_reduce) hccl.push_back(Algorithm::star);
  hccl.push_back(Algorithm::pipeline);
  return hccl;
}

Algorithm LibraryChoice::choose(CommunicationLibrary library, Operation operation, const Communicator& communicator,
                                double bytes, LinkCost intra, LinkCost inter) {
  if (operation == Operation::all_to_all) {
    // HCCL does not document its default; NCCL posts every send at once.
    if (library == CommunicationLibrary::nccl) return Algorithm::direct;
    return communicator.size() <= CollectiveSelector::kDirectAllToAllMaxRanks ? Algorithm::direct : Algorithm::pairwise;
  }
  if (library == CommunicationLibrary::hccl_910 && operation != Operation::broadcast) {
    // Level 0 from the wiring; level 1 as documented for Atlas training products: H-D_R when the
    // server count is a power of two, Ring otherwise.
    const std::size_t servers = communicator.nodes().size();
    if (servers == 1) return communicator.full_mesh_nodes() ? Algorithm::mesh : Algorithm::ring;
    const bool power_of_two = HalvingDoubling::is_power_of_two(servers);
    const std::size_t local = communicator.ranks_per_node();
    if (local == 1) return power_of_two ? Algorithm::halving_doubling : Algorithm::ring;
    if (local == 0) return Algorithm::ring;  // unequal servers: no two-level schedule
    return power_of_two ? Algorithm::hierarchical_halving_doubling : Algorithm::hierarchical_ring;
  }
  return CollectiveSelector::lowest(algorithms(library, operation), operation, communicator, bytes, intra, inter);
}

}  // namespace tcsim::collective
