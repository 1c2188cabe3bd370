#pragma once
/** @file What every node (server) of a parametric cluster looks like. */
#include <string>
#include <vector>

#include "tcsim/hw/DeviceProfile.hpp"
#include "tcsim/topology/HostSpec.hpp"

namespace tcsim::topology {

/**
 * @brief One server: its accelerators, how they are wired inside the box, and their NICs.
 *
 * Intra-node wiring, two kinds. "hccs_groups" (the Atlas 800 layout): NPUs form groups of
 * `group_size` with a dedicated HCCS link between every pair inside a group; NPUs in different
 * groups talk over their PCIe links through the host. "switched" (NVSwitch in DGX A100/H100,
 * HCCS switch planes): every NPU has one link of `switch_link` bandwidth to an in-node switch.
 * "links" (NVLink meshes such as the DGX-1's hybrid cube mesh): explicit NPU pairs, each with a
 * number of parallel links; pairs without links talk over PCIe through the host.
 * Each NPU owns one scale-out NIC port.
 */
struct NodeTemplate {
  enum class Intra { hccs_groups, switched, links };
  Intra intra = Intra::hccs_groups;
  /** @brief The accelerator, resolved from the catalog key at `node.npu`. */
  hw::DeviceProfile npu;
  int npus_per_node = 8;
  /**
   * @brief Physical servers the node is made of, each holding npus_per_node / servers
   * consecutive NPUs (a CloudMatrix384 supernode: 48 servers of 8). A server is the unit that
   * fails as a whole (its host) and that spares replace; 1 for an ordinary server.
   */
  int servers = 1;
  int npus_per_server() const { return npus_per_node / servers; }
  /** @brief NPUs per full-mesh HCCS group (the Atlas 800 has two groups of 4). */
  int hccs_group_size = 4;
  /**
   * @brief Largest full-mesh group: twice the largest real one (8: Ascend 910B, MI300X). A mesh
   * has g(g-1)/2 links per group; a group of 8192 NPUs took 12 GB before it was refused.
   */
  static constexpr int kMaxHccsGroupSize = 16;
  /** @brief Bandwidth of one HCCS link between two NPUs, each direction, in bytes/s. */
  double hccs_link_bandwidth_bytes_per_s = 0;
  double hccs_link_latency_s = 0;
  /** @brief "switched": one NPU's link to the in-node switch, each direction, in bytes/s. */
  double switch_link_bandwidth_bytes_per_s = 0;
  double switch_link_latency_s = 0;
  /**
   * @brief "switched": independent planes of the in-node switch fabric, each carrying an equal
   * share of every NPU's switch link (the CloudMatrix384 Unified Bus has 7). A plane that fails
   * takes its share away; with one plane, the node stops.
   */
  int switch_planes = 1;
  /** @brief "links": (npu a, npu b, parallel links) and one link's bandwidth and latency. */
  struct PeerLinks {
    int a = 0;
    int b = 0;
    int count = 1;
  };
  std::vector<PeerLinks> peer_links;
  double peer_link_bandwidth_bytes_per_s = 0;
  double peer_link_latency_s = 0;
  /** @brief Bandwidth of one NPU's PCIe attachment to the host, each direction, in bytes/s. */
  double pcie_bandwidth_bytes_per_s = 0;
  double pcie_latency_s = 0;
  /**
   * @brief Scale-out (RoCE/InfiniBand) port per NPU, each direction, in bytes/s: the NIC's line
   * rate, capped by its PCIe attachment when it has one (a NIC's PCIe link and its port are
   * dedicated links in series, so the slower one is the bottleneck).
   */
  double nic_bandwidth_bytes_per_s = 0;
  /** @brief NIC and cable latency, one way, in seconds (plus the PCIe hop's, if any). */
  double nic_latency_s = 0;
  /** @brief Catalog key of the NIC (empty when the file gives bare figures). */
  std::string nic_model;
  /** @brief Catalog key of the template this node came from (empty when spelled out). */
  std::string template_name;
  HostSpec host;
};

}  // namespace tcsim::topology
