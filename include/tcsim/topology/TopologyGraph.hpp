#pragma once
/** @file The cluster as a graph of devices, switches and links (Boost.Graph), plus its checks. */
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "tcsim/topology/TopologySpec.hpp"

namespace tcsim::topology {

/**
 * @brief Plain-data graph model of a topology: vertices are NPUs, hosts and switches, edges are
 * full-duplex links with their per-direction bandwidth. Turning it into SimGrid is the platform
 * module's job; analysis and checks work on this graph alone.
 */
class TopologyGraph {
public:
  enum class VertexKind { npu, host, node_switch, leaf_switch, spine_switch, aggregation_switch, core_switch, torus_router, dragonfly_router,
                          storage_switch, storage_server, object_store };
  /**
   * @brief peer: a direct NPU-to-NPU link (HCCS, NVLink); uplink: leaf to spine or to aggregation switch; core_uplink: aggregation to core;
   * torus: between neighbouring torus routers; local, global: dragonfly links inside a group
   * and between groups; frontend: a host or storage server to the storage front-end switch;
   * trunk: between two switches of an explicit fabric; storage_uplink: from the storage switch
   * to the compute fabric's top tier (storage on a shared network).
   */
  enum class LinkKind { peer, scale_up, pcie, nic, uplink, core_uplink, torus, local, global, frontend, trunk, storage_uplink };

  struct Vertex {
    VertexKind kind = VertexKind::npu;
    std::string name;
    /** @brief Node (server) index for NPUs and hosts, -1 for switches. */
    int node = -1;
    /** @brief Index of an NPU inside its node, -1 otherwise. */
    int local_index = -1;
    /** @brief Port-to-port latency of a switch, in seconds (0 for NPUs and hosts). */
    double switch_latency_s = 0;
    /** @brief Peak compute of an NPU, in FLOP/s (0 for hosts and switches). */
    double compute_flops_per_s = 0;
    /** @brief Ports of a switch (0: not a switch); check() verifies links fit. */
    int ports = 0;
    /** @brief Pod of a leaf or aggregation switch (three tiers), group of a dragonfly router, else -1. */
    int pod = -1;
    /** @brief Storage behind this vertex (a host's NVMe, a server's drives, the object store), bytes/s. */
    double disk_read_bytes_per_s = 0;
    double disk_write_bytes_per_s = 0;
    /** @brief A host's memory bandwidth as a storage tier (page cache), bytes/s. */
    double dram_bytes_per_s = 0;
    /** @brief Power at full load: an NPU's TDP, a host's CPUs, a switch's typical power; 0 if unknown. */
    double power_w = 0;
  };
  struct Edge {
    LinkKind kind = LinkKind::nic;
    std::string name;
    /** @brief Per direction, in bytes/s. */
    double bandwidth_bytes_per_s = 0;
    double latency_s = 0;
    /** @brief Parallel physical links this edge stands for (each uses a port at both ends). */
    int parallel = 1;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Vertex, Edge>;
  using VertexId = Graph::vertex_descriptor;

  /** @brief Expands a parametric spec into the full graph. */
  static TopologyGraph from_spec(const TopologySpec& spec);
  /** @brief Wraps an arbitrary graph (explicit topologies, tests). */
  explicit TopologyGraph(Graph graph);

  const Graph& graph() const { return graph_; }
  /** @brief Vertex of the k-th NPU in global rank order (node-major). */
  VertexId npu(std::size_t k) const { return npus_.at(k); }
  std::size_t npu_count() const { return npus_.size(); }
  /** @brief Torus dimensions (empty for Clos fabrics); router of node n is at coordinate n. */
  const std::vector<int>& torus_dims() const { return torus_dims_; }
  std::size_t count(VertexKind kind) const;
  std::size_t count(LinkKind kind) const;

  /**
   * @brief Structural checks: connected, every link with positive bandwidth and non-negative
   * latency, no switch with more links than ports. Throws InputError against `file` naming the
   * offending component.
   */
  void check(const std::string& file) const;

  /** @brief The platform's name for a Clos leaf's uplinks, bundled into one link (ideal ECMP). */
  static std::string uplink_bundle_name(const std::string& leaf_name) { return leaf_name + ".uplinks"; }
  /** @brief The platform's name for a pod's uplinks to the cores (three tiers), bundled likewise. */
  static std::string pod_uplink_bundle_name(int pod) { return "pod" + std::to_string(pod) + ".uplinks"; }

  static const char* kind_name(VertexKind kind);
  static const char* kind_name(LinkKind kind);

private:
  Graph graph_;
  std::vector<VertexId> npus_;
  std::vector<int> torus_dims_;
};

}  // namespace tcsim::topology
