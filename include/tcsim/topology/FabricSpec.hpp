#pragma once
#include <algorithm>
#include <string>
#include <vector>
/** @file Recipe and derived layout of the scale-out fabric: Clos (leaf-spine, fat tree), torus or dragonfly. */

namespace tcsim::topology {

/**
 * @brief The scale-out fabric, built from a recipe and the node count. Clos fabrics use the
 * tier fields below; a torus or a dragonfly sets its own fields (and leaves = its routers).
 *
 * Two tiers (`kind: leaf_spine`): every leaf has one link to every spine. Three tiers
 * (`kind: fat_tree`): leaves form pods; every leaf has one link to every aggregation switch of its
 * pod, and aggregation switch a of every pod spreads its uplinks evenly (parallel links) over the
 * cores of core group a, which has the fewest cores whose ports fit every pod's share.
 * Plain: all NICs of a node on one leaf. Rails: nodes form scalable units and NIC i of every node
 * of a unit goes to the unit's rail switch i. Oversubscription is downlink : uplink bandwidth at
 * the leaves (and, for fat trees, separately at the aggregation switches).
 */
struct FabricSpec {
  enum class Tiers { two = 2, three = 3 };
  Tiers tiers = Tiers::two;
  /**
   * @brief Torus (`kind: torus`) instead of a Clos: node n sits at coordinate n in mixed radix
   * (first dimension fastest); its router joins its NICs to torus links toward its +-1 neighbours
   * in each dimension. Empty for Clos fabrics.
   */
  std::vector<int> torus_dims;
  /** @brief Torus links and dragonfly local links: one link's bandwidth each direction (bytes/s) and latency (s). */
  double router_link_bandwidth_bytes_per_s = 0;
  double router_link_latency_s = 0;
  /**
   * @brief Dragonfly (`kind: dragonfly`, groups > 0): `groups` groups of `routers_per_group`
   * routers joined all-to-all by local links; one global link between every pair of groups, on
   * router (index of the other group among this group's peers) / global_links_per_router; node n
   * hangs off router n / nodes_per_router. Local links use the router_link fields.
   */
  int dragonfly_groups = 0;
  int routers_per_group = 0;
  int nodes_per_router = 0;
  int global_links_per_router = 0;
  double global_link_bandwidth_bytes_per_s = 0;

  /** @brief Explicit fabric (`kind: explicit`): named switches, trunks between them, NIC attachments. */
  struct Switch {
    std::string name;
    int ports = 0;
    double latency_s = 0;
    /** @brief Catalog model (may be empty) and its power, in watts (0: unknown). */
    std::string model;
    double power_w = 0;
  };
  struct Trunk {
    int a = 0;  // switch indices
    int b = 0;
    int count = 1;  // parallel links, aggregated
    double bandwidth_bytes_per_s = 0;  // one link, each direction
    double latency_s = 0;
  };
  std::vector<Switch> switches;
  std::vector<Trunk> trunks;
  /** @brief Per node, per NIC: the switch it plugs into (empty unless explicit). */
  std::vector<std::vector<int>> nic_switch;
  /** @brief True for `kind: explicit` (its NICs run at min(NIC, port_bandwidth_bytes_per_s)). */
  bool is_explicit() const { return !switches.empty(); }
  /**
   * @brief The rate a NIC of `nic_bytes_per_s` runs at on this fabric: a port cannot run faster
   * than the switch port it plugs into (Clos and explicit fabrics); a torus or a dragonfly router
   * is the node's own, sized to its NICs.
   */
  double nic_line_rate_bytes_per_s(double nic_bytes_per_s) const {
    const bool own_router = !torus_dims.empty() || dragonfly_groups > 0;
    return own_router ? nic_bytes_per_s : std::min(nic_bytes_per_s, port_bandwidth_bytes_per_s);
  }

  // Recipe (from the file).
  int leaf_ports = 64;
  /** @brief Ports per spine switch (two tiers). */
  int spine_ports = 64;
  /** @brief Ports per aggregation and per core switch (three tiers). */
  int agg_ports = 0;
  int core_ports = 0;
  /** @brief Bandwidth of one switch port, each direction, in bytes/s. */
  double port_bandwidth_bytes_per_s = 0;
  /** @brief Leaf downlink : uplink bandwidth ratio (1 = non-blocking). */
  double oversubscription = 1.0;
  /** @brief Aggregation downlink : uplink bandwidth ratio (three tiers). */
  double agg_oversubscription = 1.0;
  /** @brief Port-to-port latency of one switch, in seconds. */
  double switch_latency_s = 0;
  /** @brief Rail-optimised: NIC i of each node on rail switch i of its scalable unit. */
  bool rails = false;
  /** @brief Catalog model of the Clos switches (may be empty) and its power, in watts (0: unknown). */
  std::string switch_model;
  double switch_power_w = 0;
  /** @brief Explicit fabrics with shared storage: the switch the storage servers plug into. */
  int storage_switch = -1;

  // Layout (derived).
  /**
   * @brief Nodes with NICs on one leaf (rails: the scalable unit, one NIC per node per rail).
   * Never more than the fabric has nodes, so a small cluster's leaves are not sized for absent ones.
   */
  int nodes_per_leaf = 0;
  /**
   * @brief Rails: the NIC indices one leaf serves. One, unless a unit has fewer nodes than a leaf
   * has downlinks (a few supernodes of 384 NPUs each): then a leaf takes as many rails as fill it.
   */
  int rails_per_leaf = 1;
  int downlinks_per_leaf = 0;
  int uplinks_per_leaf = 0;
  int leaves = 0;
  /** @brief Two tiers: one spine per leaf uplink, so every leaf reaches every spine once. */
  int spines = 0;
  /** @brief Three tiers: leaves per pod (= an aggregation switch's downlinks). */
  int leaves_per_pod = 0;
  /** @brief Three tiers: one aggregation switch per leaf uplink. */
  int aggs_per_pod = 0;
  int agg_uplinks = 0;
  int pods = 0;
  /** @brief Three tiers: cores per core group (one group per aggregation switch index). */
  int cores_per_group = 0;
  /** @brief Three tiers: aggs_per_pod x cores_per_group. */
  int cores = 0;

  /** @brief Clos: the leaf that NIC `nic` of node `node` (of `npus_per_node` NICs) plugs into. */
  int leaf_of(int node, int nic, int npus_per_node) const {
    if (!rails) return node / nodes_per_leaf;
    const int leaves_per_unit = (npus_per_node + rails_per_leaf - 1) / rails_per_leaf;
    return (node / nodes_per_leaf) * leaves_per_unit + nic / rails_per_leaf;
  }
};

}  // namespace tcsim::topology
