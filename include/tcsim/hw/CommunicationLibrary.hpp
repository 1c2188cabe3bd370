#pragma once
/** @file The collective communication library an accelerator's software stack runs. */
#include <optional>
#include <string>
#include <vector>

namespace tcsim::hw {

/**
 * @brief Which library picks the collectives' algorithms, and by which documented rule.
 * `nccl`: NVIDIA's (ring or tree for all-reduce, ring for reduce-scatter and all-gather).
 * `hccl`: Huawei's on Atlas A2/A3 products (Ascend 910B, 910C): Mesh or Ring inside a server
 * from its wiring, and across servers an adaptive choice among Ring, H-D_R, NHR and NB.
 * `hccl_910`: HCCL on Atlas training products with the first Ascend 910, whose documented
 * default across servers is fixed: Ring when the server count is not a power of two, H-D_R when it is.
 */
enum class CommunicationLibrary { nccl, hccl, hccl_910 };

const char* name_of(CommunicationLibrary library);
std::optional<CommunicationLibrary> communication_library_named(const std::string& name);
std::vector<std::string> communication_library_names();

}  // namespace tcsim::hw
