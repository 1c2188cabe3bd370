#pragma once
/** @file Every component of a topology that can fail, by class, with the effect of its failure. */
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tcsim/reliability/FailureEffect.hpp"
#include "tcsim/topology/ComponentClass.hpp"
#include "tcsim/topology/TopologyGraph.hpp"
#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::reliability {

/**
 * @brief The components of each class (NPUs, their HBM and NICs, servers' hosts, fabric cables,
 * switches by tier, scale-up planes, storage servers, the job's processes) and their servers.
 *
 * A server is a node's unit of failure and replacement (TopologySpec::servers); servers are
 * numbered node-major, and the job runs on NPUs 0 .. job_npus - 1, so on servers
 * 0 .. job_servers() - 1. Reads the graph and spec it was built from, which must outlive it.
 */
class ComponentInventory {
public:
  using Component = std::pair<topology::ComponentClass, std::size_t>;

  ComponentInventory(const topology::TopologyGraph& graph, const topology::TopologySpec& spec, int job_npus);

  std::size_t count(topology::ComponentClass c) const;
  /** @brief The component's name as failure traces give it ("n3.npu5.hbm", "leaf7", "n3.server2"). */
  std::string name(topology::ComponentClass c, std::size_t index) const;
  /** @brief The component a trace names, if the topology has it. */
  std::optional<Component> find(const std::string& name) const;
  /** @brief A few names of existing components closest to `name` (for error messages). */
  std::string suggest(const std::string& name) const;
  /** @brief The blast radius of the component's failure. */
  FailureEffect effect(topology::ComponentClass c, std::size_t index) const;

  int servers() const { return static_cast<int>(server_node_.size()); }
  int job_servers() const { return job_servers_; }
  int job_npus() const { return job_npus_; }
  /** @brief Node of server `s`, and the global index of its first NPU. */
  int node_of_server(int s) const { return server_node_.at(s); }
  int first_npu_of_server(int s) const { return server_first_npu_.at(s); }
  int npus_of_server(int s) const { return server_npus_.at(s); }
  int server_of_npu(int npu) const;
  /**
   * @brief Whether the component's failure stops the job on its original placement with a healthy
   * fabric (an NPU, HBM, NIC, cable or host of a job server, a leaf above one, a process, a
   * single-plane scale-up switch, or a link whose loss cuts the job's traffic).
   */
  bool interrupts_job(topology::ComponentClass c, std::size_t index) const;
  /** @brief Links of one kind the job uses, in a fixed order (where degraded steps are priced). */
  std::vector<std::string> job_links(const std::string& kind) const;

private:
  struct Cable {
    topology::TopologyGraph::Graph::edge_descriptor edge;
    std::size_t first_index = 0;
  };
  LinkLoss bundle_loss(topology::TopologyGraph::VertexId leaf, double lost) const;
  LinkLoss pod_loss(int pod, double lost) const;
  bool job_spans_more_than_one(const std::vector<int>& group_of_job_npu) const;

  const topology::TopologyGraph& graph_;
  const topology::TopologySpec& spec_;
  int job_npus_ = 0;
  int job_servers_ = 0;
  std::vector<int> server_node_;
  std::vector<int> server_first_npu_;
  std::vector<int> server_npus_;
  std::vector<int> node_first_server_;
  std::vector<topology::TopologyGraph::VertexId> hosts_;  // per node
  /** Vertices by class: leaf-level switches, middle tier, cores, storage servers. */
  std::vector<topology::TopologyGraph::VertexId> leaves_, middles_, cores_, storage_servers_;
  /** The switch each NPU's NIC plugs into, and the position of that switch in leaves_. */
  std::vector<int> leaf_of_npu_;
  /** Servers with a NIC on each leaf-level switch (ascending). */
  std::vector<std::vector<int>> servers_of_leaf_;
  /** Scale-up planes: (node, plane) for every plane of every switched node. */
  std::vector<std::pair<int, int>> planes_;
  std::vector<Cable> cables_;
  std::size_t cable_count_ = 0;
  /** Healthy bandwidth of each leaf's and pod's uplink bundle (Clos fabrics), bytes/s. */
  std::vector<double> leaf_uplink_bytes_per_s_;
  std::vector<double> pod_uplink_bytes_per_s_;
  bool clos_ = false;
  bool job_multi_leaf_ = false;
  bool job_multi_pod_ = false;
  bool job_multi_node_ = false;
  std::vector<bool> leaf_in_job_;
  std::vector<bool> pod_in_job_;
  /** Names to components, built on the first find() (traces name components). */
  mutable std::unordered_map<std::string, Component> by_name_;
};

}  // namespace tcsim::reliability
