#pragma once
/** @file What one component's failure does to the cluster and the job (its blast radius). */
#include <string>
#include <vector>

namespace tcsim::reliability {

/** @brief Bandwidth a platform link loses until a failed component is repaired. */
struct LinkLoss {
  /** @brief The platform link (a leaf's or pod's uplink bundle, an NPU's scale-up link, a router link). */
  std::string link;
  /**
   * @brief Links of one kind ("leaf uplinks", "pod uplinks", "scale-up", "router links", "trunks"):
   * the step time is priced per pattern of losses within a kind (reliability.md).
   */
  std::string kind;
  double healthy_bytes_per_s = 0;
  double lost_bytes_per_s = 0;
  /** @brief Whether the job's traffic crosses this link (it spans the leaves, pods or nodes the link joins). */
  bool used_by_job = false;
};

/**
 * @brief The blast radius of one failure, from the topology graph: servers taken out of service
 * until the component is repaired (an NPU or its HBM: its server; a host: its server; a NIC or
 * NIC cable: its server, and a leaf switch: every server with a NIC on it, when the job spans
 * nodes and so needs the scale-out fabric; a scale-up switch with a single plane: the whole
 * node), bandwidth lost by links (a spine, aggregation or core switch, an inter-switch cable,
 * one of several scale-up planes), a storage server down, or (software) only the job's
 * processes restarted.
 */
struct FailureEffect {
  std::vector<int> servers;
  std::vector<LinkLoss> link_losses;
  int storage_server = -1;
  bool restarts_processes = false;
};

}  // namespace tcsim::reliability
