#include "tcsim/topology/TopologyLoader.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "ReliabilityLoader.hpp"
#include "tcsim/common/JsonCursor.hpp"
#include "tcsim/common/Log.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/topology/NodeTemplates.hpp"

namespace tcsim::topology {
namespace {

constexpr double kBytesPerGigabit = 1e9 / 8.0;

void check_schema(const JsonCursor& root) {
  const std::string schema = root.at("schema").string();
  if (schema != "tcsim.topology/1") {
    root.at("schema").fail("expected \"tcsim.topology/1\", got \"" + schema + "\"");
  }
}

void load_host(const JsonCursor& host, const hw::HardwareCatalog& catalog, HostSpec& out) {
  host.expect_object_with({"cpu", "cpu_sockets", "dram_gib", "dram_gbps", "nvme_drives", "nvme_model", "nvme_read_gbps",
                           "nvme_write_gbps", "frontend_gbps", "frontend_latency_s", "description"});
  if (const auto cpu = host.find("cpu")) {
    const std::string key = cpu->string();
    const hw::CpuProfile* profile = catalog.cpus.find(key);
    if (profile == nullptr) cpu->fail("unknown CPU '" + key + "'; " + suggestion_text(key, catalog.cpus.keys()));
    out.cpu = *profile;
    out.cpu_sockets = host.at("cpu_sockets").positive_int();
  }
  out.dram_bytes = host.at("dram_gib").positive_number() * 1024.0 * 1024.0 * 1024.0;
  // DRAM bandwidth: given, or the CPUs' peak (channels x transfer rate, every socket).
  if (const auto dram = host.find("dram_gbps"); dram || out.cpu_sockets == 0) {
    out.dram_bandwidth_bytes_per_s = host.at("dram_gbps").bandwidth_gbps() * kBytesPerGigabit;
  } else {
    out.dram_bandwidth_bytes_per_s = out.cpu_sockets * out.cpu.memory_bandwidth_bytes_per_s;
  }
  if (const auto drives = host.find("nvme_drives")) {
    out.nvme_drives = drives->int_value();
    if (out.nvme_drives < 0) drives->fail("expected an integer >= 0");
  }
  if (out.nvme_drives > 0) {
    if (const auto model = host.find("nvme_model")) {
      const std::string key = model->string();
      const hw::StorageDeviceProfile* drive = catalog.storage_devices.find(key);
      if (drive == nullptr) model->fail("unknown drive '" + key + "'; " + suggestion_text(key, catalog.storage_devices.keys()));
      out.nvme_model = key;
      out.nvme_read_bytes_per_s = drive->read_bytes_per_s;
      out.nvme_write_bytes_per_s = drive->write_bytes_per_s;
    }
    if (const auto read = host.find("nvme_read_gbps"); read || out.nvme_model.empty()) {
      out.nvme_read_bytes_per_s = host.at("nvme_read_gbps").bandwidth_gbps() * kBytesPerGigabit;
    }
    if (const auto write = host.find("nvme_write_gbps"); write || out.nvme_model.empty()) {
      out.nvme_write_bytes_per_s = host.at("nvme_write_gbps").bandwidth_gbps() * kBytesPerGigabit;
    }
  }
  if (const auto f = host.find("frontend_gbps")) {
    out.frontend_bandwidth_bytes_per_s = f->bandwidth_gbps() * kBytesPerGigabit;
    out.frontend_latency_s = host.at("frontend_latency_s").latency_s();
  }
}

void load_shared_storage(const JsonCursor& storage, const hw::HardwareCatalog& catalog, StorageSpec& out) {
  storage.expect_object_with({"network", "attach", "parallel_fs", "object_store", "description"});
  if (const auto network = storage.find("network")) {
    out.network = network->one_of({"dedicated", "shared"}) == "shared" ? StorageSpec::Network::shared
                                                                        : StorageSpec::Network::dedicated;
  }
  if (const auto pfs = storage.find("parallel_fs")) {
    pfs->expect_object_with({"servers", "drives_per_server", "drive_model", "drive_read_gbps", "drive_write_gbps",
                             "server_gbps", "latency_s"});
    out.pfs_servers = pfs->at("servers").positive_int();
    out.pfs_drives_per_server = pfs->at("drives_per_server").positive_int();
    if (const auto model = pfs->find("drive_model")) {
      const std::string key = model->string();
      const hw::StorageDeviceProfile* drive = catalog.storage_devices.find(key);
      if (drive == nullptr) model->fail("unknown drive '" + key + "'; " + suggestion_text(key, catalog.storage_devices.keys()));
      out.pfs_drive_model = key;
      out.pfs_drive_read_bytes_per_s = drive->read_bytes_per_s;
      out.pfs_drive_write_bytes_per_s = drive->write_bytes_per_s;
    }
    if (const auto read = pfs->find("drive_read_gbps"); read || out.pfs_drive_model.empty()) {
      out.pfs_drive_read_bytes_per_s = pfs->at("drive_read_gbps").bandwidth_gbps() * kBytesPerGigabit;
    }
    if (const auto write = pfs->find("drive_write_gbps"); write || out.pfs_drive_model.empty()) {
      out.pfs_drive_write_bytes_per_s = pfs->at("drive_write_gbps").bandwidth_gbps() * kBytesPerGigabit;
    }
    out.pfs_server_link_bytes_per_s = pfs->at("server_gbps").bandwidth_gbps() * kBytesPerGigabit;
    if (const auto latency = pfs->find("latency_s")) out.server_link_latency_s = latency->latency_s();
  }
  if (const auto object = storage.find("object_store")) {
    object->expect_object_with({"read_gbps", "write_gbps", "link_gbps", "latency_s"});
    out.object_read_bytes_per_s = object->at("read_gbps").bandwidth_gbps() * kBytesPerGigabit;
    out.object_write_bytes_per_s = object->at("write_gbps").bandwidth_gbps() * kBytesPerGigabit;
    out.object_link_bytes_per_s = object->at("link_gbps").bandwidth_gbps() * kBytesPerGigabit;
    out.object_latency_s = object->at("latency_s").latency_s();
  }
}

NodeTemplate load_node_object(const JsonCursor& node, const hw::HardwareCatalog& catalog) {
  node.expect_object_with({"npu", "npus", "servers", "intra", "nic", "host", "description", "template"});
  NodeTemplate out;

  const JsonCursor npu = node.at("npu");
  const std::string key = npu.string();
  const hw::DeviceProfile* device = catalog.accelerators.find(key);
  if (device == nullptr) npu.fail("unknown device '" + key + "'; " + suggestion_text(key, catalog.accelerators.keys()));
  out.npu = *device;

  // Bounded here, before the peer links are checked per pair of NPUs, not only in the total.
  out.npus_per_node = node.at("npus").int_within(1, static_cast<int>(TopologySpec::kMaxNpus));
  if (const auto servers = node.find("servers")) {
    out.servers = servers->int_within(1, out.npus_per_node);
    if (out.npus_per_node % out.servers != 0) {
      servers->fail("servers " + std::to_string(out.servers) + " must divide the node's " + std::to_string(out.npus_per_node) +
                    " NPUs");
    }
  }
  const JsonCursor intra = node.at("intra");
  const std::string kind = intra.at("kind").one_of({"hccs_groups", "switched", "links"});
  if (kind == "hccs_groups") {
    intra.expect_object_with({"kind", "group_size", "hccs_link_gbps", "hccs_latency_s", "pcie_gbps", "pcie_latency_s"});
    out.intra = NodeTemplate::Intra::hccs_groups;
    const JsonCursor group = intra.at("group_size");
    out.hccs_group_size = group.int_within(1, NodeTemplate::kMaxHccsGroupSize);
    if (out.npus_per_node % out.hccs_group_size != 0) {
      group.fail("group_size " + std::to_string(out.hccs_group_size) + " must divide the node's " +
                 std::to_string(out.npus_per_node) + " NPUs");
    }
    out.hccs_link_bandwidth_bytes_per_s = intra.at("hccs_link_gbps").bandwidth_gbps() * kBytesPerGigabit;
    out.hccs_link_latency_s = intra.at("hccs_latency_s").latency_s();
  } else if (kind == "links") {
    intra.expect_object_with({"kind", "pairs", "link_gbps", "link_latency_s", "pcie_gbps", "pcie_latency_s"});
    out.intra = NodeTemplate::Intra::links;
    out.hccs_group_size = 1;
    out.peer_link_bandwidth_bytes_per_s = intra.at("link_gbps").bandwidth_gbps() * kBytesPerGigabit;
    out.peer_link_latency_s = intra.at("link_latency_s").latency_s();
    const JsonCursor pairs = intra.at("pairs");
    // The pairs listed so far (smaller index first): a set, since an NPUs x NPUs table of a
    // large node would not fit in memory.
    std::set<std::pair<int, int>> seen;
    for (std::size_t i = 0; i < pairs.array_size(); ++i) {
      const JsonCursor pair = pairs.at(i);
      if (pair.array_size() != 3) pair.fail("expected [npu, npu, links]");
      NodeTemplate::PeerLinks p;
      p.a = pair.at(0).int_value();
      p.b = pair.at(1).int_value();
      p.count = pair.at(2).positive_int();
      for (int k : {0, 1}) {
        const int v = k == 0 ? p.a : p.b;
        if (v < 0 || v >= out.npus_per_node) {
          pair.at(k).fail("NPU index " + std::to_string(v) + " outside 0.." + std::to_string(out.npus_per_node - 1));
        }
      }
      if (p.a == p.b) pair.fail("a link needs two different NPUs");
      if (!seen.emplace(std::min(p.a, p.b), std::max(p.a, p.b)).second) pair.fail("pair listed twice");
      out.peer_links.push_back(p);
    }
  } else {
    intra.expect_object_with({"kind", "switch_link_gbps", "switch_latency_s", "switch_planes", "pcie_gbps", "pcie_latency_s"});
    out.intra = NodeTemplate::Intra::switched;
    if (const auto planes = intra.find("switch_planes")) out.switch_planes = planes->int_within(1, 64);
    out.hccs_group_size = 1;
    out.switch_link_bandwidth_bytes_per_s = intra.at("switch_link_gbps").bandwidth_gbps() * kBytesPerGigabit;
    out.switch_link_latency_s = intra.at("switch_latency_s").latency_s();
  }
  out.pcie_bandwidth_bytes_per_s = intra.at("pcie_gbps").bandwidth_gbps() * kBytesPerGigabit;
  out.pcie_latency_s = intra.at("pcie_latency_s").latency_s();

  const JsonCursor nic = node.at("nic");
  nic.expect_object_with({"model", "gbps", "latency_s", "pcie_gbps"});
  double pcie_bytes_per_s = 0;
  if (const auto model = nic.find("model")) {
    const std::string nic_key = model->string();
    const hw::NicProfile* profile = catalog.nics.find(nic_key);
    if (profile == nullptr) model->fail("unknown NIC '" + nic_key + "'; " + suggestion_text(nic_key, catalog.nics.keys()));
    out.nic_model = nic_key;
    out.nic_bandwidth_bytes_per_s = profile->bandwidth_bytes_per_s;
    out.nic_latency_s = profile->latency_s;
    pcie_bytes_per_s = profile->pcie_bandwidth_bytes_per_s;
  }
  if (const auto gbps = nic.find("gbps"); gbps || out.nic_model.empty()) {
    out.nic_bandwidth_bytes_per_s = nic.at("gbps").bandwidth_gbps() * kBytesPerGigabit;
  }
  if (const auto latency = nic.find("latency_s"); latency || out.nic_model.empty()) {
    out.nic_latency_s = nic.at("latency_s").latency_s();
  }
  if (const auto pcie = nic.find("pcie_gbps")) pcie_bytes_per_s = pcie->bandwidth_gbps() * kBytesPerGigabit;
  // The NIC's PCIe link and its port are dedicated links in series: the slower one bounds both.
  if (pcie_bytes_per_s > 0) out.nic_bandwidth_bytes_per_s = std::min(out.nic_bandwidth_bytes_per_s, pcie_bytes_per_s);
  if (const auto host = node.find("host")) load_host(*host, catalog, out.host);
  return out;
}

/**
 * A node: a template name, an object spelled out in full, or an object with `"template"` whose
 * other members replace the template's (a JSON merge patch).
 */
NodeTemplate load_node(const JsonCursor& node, const hw::HardwareCatalog& catalog) {
  std::string name;
  if (node.raw().is_string()) {
    name = node.string();
  } else if (const auto t = node.find("template")) {
    name = t->string();
  } else {
    return load_node_object(node, catalog);
  }
  const nlohmann::ordered_json base = NodeTemplates::find(name);
  if (base.is_null()) {
    (node.raw().is_string() ? node : node.at("template"))
        .fail("unknown node template '" + name + "'; " + suggestion_text(name, NodeTemplates::names()));
  }
  nlohmann::json merged = nlohmann::json::parse(base.dump());
  if (node.raw().is_object()) {
    nlohmann::json patch = node.raw();
    patch.erase("template");
    merged.merge_patch(patch);
  }
  NodeTemplate out = load_node_object(JsonCursor(merged, node.file(), node.path()), catalog);
  out.template_name = name;
  return out;
}

/** A ratio >= 1 (downlink : uplink bandwidth). */
double load_ratio(const JsonCursor& at) {
  const double ratio = at.positive_number();
  if (ratio < 1.0) at.fail("expected a ratio >= 1 (downlink : uplink bandwidth)");
  return ratio;
}

/** Ports that carry downlinks when a switch splits its ports at `ratio` down : up. */
int downlink_ports(int ports, double ratio) { return static_cast<int>(std::floor(ports * ratio / (1.0 + ratio))); }

FabricSpec load_torus(const JsonCursor& fabric, const JsonCursor& nodes_at, int nodes) {
  fabric.expect_object_with({"kind", "dims", "link_gbps", "link_latency_s", "switch_latency_s", "description"});
  FabricSpec out;
  const JsonCursor dims = fabric.at("dims");
  const std::size_t count = dims.array_size();
  if (count < 1 || count > 3) dims.fail("expected 1 to 3 dimensions, got " + std::to_string(count));
  // In floating point: three int factors can overflow 64 bits; below 2^53 the product is exact.
  double product = 1;
  for (std::size_t d = 0; d < count; ++d) {
    out.torus_dims.push_back(dims.at(d).positive_int());
    product *= out.torus_dims.back();
  }
  if (product != nodes) {
    nodes_at.fail("a torus of dims " + dims.raw().dump() + " has " + fmt::format("{:.0f}", product) + " nodes, not " +
                  std::to_string(nodes) + " (set nodes to the product of the dims)");
  }
  out.router_link_bandwidth_bytes_per_s = fabric.at("link_gbps").bandwidth_gbps() * kBytesPerGigabit;
  out.router_link_latency_s = fabric.at("link_latency_s").latency_s();
  out.switch_latency_s = fabric.at("switch_latency_s").latency_s();
  out.leaves = nodes;  // one router per node
  out.nodes_per_leaf = 1;
  return out;
}

FabricSpec load_dragonfly(const JsonCursor& fabric, const JsonCursor& nodes_at, int nodes) {
  fabric.expect_object_with({"kind", "groups", "routers_per_group", "nodes_per_router", "global_links_per_router",
                             "link_gbps", "global_link_gbps", "link_latency_s", "switch_latency_s", "description"});
  FabricSpec out;
  const JsonCursor groups = fabric.at("groups");
  out.dragonfly_groups = groups.positive_int();
  out.routers_per_group = fabric.at("routers_per_group").positive_int();
  out.nodes_per_router = fabric.at("nodes_per_router").positive_int();
  out.global_links_per_router = fabric.at("global_links_per_router").positive_int();
  const long long expected = 1LL * out.dragonfly_groups * out.routers_per_group * out.nodes_per_router;
  if (expected != nodes) {
    nodes_at.fail("a dragonfly of " + std::to_string(out.dragonfly_groups) + " groups x " +
                  std::to_string(out.routers_per_group) + " routers x " + std::to_string(out.nodes_per_router) +
                  " nodes has " + std::to_string(expected) + " nodes, not " + std::to_string(nodes));
  }
  if (out.dragonfly_groups - 1 > 1LL * out.routers_per_group * out.global_links_per_router) {
    groups.fail("every pair of groups needs a global link: " + std::to_string(out.dragonfly_groups) + " groups need " +
                std::to_string(out.dragonfly_groups - 1) + " global links per group, a group has " +
                std::to_string(1LL * out.routers_per_group * out.global_links_per_router));
  }
  out.router_link_bandwidth_bytes_per_s = fabric.at("link_gbps").bandwidth_gbps() * kBytesPerGigabit;
  out.global_link_bandwidth_bytes_per_s = fabric.at("global_link_gbps").bandwidth_gbps() * kBytesPerGigabit;
  out.router_link_latency_s = fabric.at("link_latency_s").latency_s();
  out.switch_latency_s = fabric.at("switch_latency_s").latency_s();
  out.leaves = out.dragonfly_groups * out.routers_per_group;
  out.nodes_per_leaf = out.nodes_per_router;
  return out;
}

const hw::SwitchProfile* find_switch(const JsonCursor& at, const hw::HardwareCatalog& catalog) {
  const std::string key = at.string();
  const hw::SwitchProfile* profile = catalog.switches.find(key);
  if (profile == nullptr) at.fail("unknown switch model '" + key + "'; " + suggestion_text(key, catalog.switches.keys()));
  return profile;
}

/** The explicit fabric's switch named at `at` (trunk ends, NIC and storage attachments). */
int explicit_switch_index(const FabricSpec& fabric, const JsonCursor& at) {
  const std::string name = at.string();
  std::vector<std::string> names;
  for (std::size_t i = 0; i < fabric.switches.size(); ++i) {
    if (fabric.switches[i].name == name) return static_cast<int>(i);
    names.push_back(fabric.switches[i].name);
  }
  at.fail("unknown switch '" + name + "'; " + suggestion_text(name, names));
}

FabricSpec load_explicit(const JsonCursor& fabric, const JsonCursor& nodes_at, const std::vector<int>& npus_of_node,
                         const hw::HardwareCatalog& catalog) {
  fabric.expect_object_with({"kind", "switch", "switches", "trunks", "attach", "port_gbps", "description"});
  FabricSpec out;
  const int nodes = static_cast<int>(npus_of_node.size());
  // A fabric-wide switch model gives every switch's defaults (ports, port speed, latency).
  const hw::SwitchProfile* default_model = fabric.find("switch") ? find_switch(fabric.at("switch"), catalog) : nullptr;
  if (const auto port = fabric.find("port_gbps"); port || default_model == nullptr) {
    out.port_bandwidth_bytes_per_s = fabric.at("port_gbps").bandwidth_gbps() * kBytesPerGigabit;
  } else {
    out.port_bandwidth_bytes_per_s = default_model->port_bandwidth_bytes_per_s;
  }
  std::vector<std::string> names;
  const JsonCursor switches = fabric.at("switches");
  for (std::size_t i = 0; i < switches.array_size(); ++i) {
    const JsonCursor sw = switches.at(i);
    sw.expect_object_with({"name", "model", "ports", "latency_s"});
    FabricSpec::Switch s;
    s.name = sw.at("name").string();
    for (const auto& existing : names)
      if (existing == s.name) sw.at("name").fail("switch name '" + s.name + "' is used twice");
    const hw::SwitchProfile* model = sw.find("model") ? find_switch(sw.at("model"), catalog) : default_model;
    if (model != nullptr) {
      s.model = model->key;
      s.ports = model->ports;
      s.latency_s = model->latency_s;
      s.power_w = model->power_w;
    }
    if (sw.has("ports") || model == nullptr) s.ports = sw.at("ports").int_within(1, hw::SwitchProfile::kMaxPorts);
    if (sw.has("latency_s") || model == nullptr) s.latency_s = sw.at("latency_s").latency_s();
    names.push_back(s.name);
    out.switches.push_back(s);
  }
  if (out.switches.empty()) switches.fail("expected at least one switch");
  const auto index_of = [&out](const JsonCursor& at) { return explicit_switch_index(out, at); };
  if (const auto trunks = fabric.find("trunks")) {
    for (std::size_t i = 0; i < trunks->array_size(); ++i) {
      const JsonCursor t = trunks->at(i);
      t.expect_object_with({"a", "b", "count", "gbps", "latency_s"});
      FabricSpec::Trunk trunk;
      trunk.a = index_of(t.at("a"));
      trunk.b = index_of(t.at("b"));
      if (trunk.a == trunk.b) t.fail("a trunk needs two different switches");
      trunk.count = t.find("count") ? t.at("count").positive_int() : 1;
      trunk.bandwidth_bytes_per_s = t.at("gbps").bandwidth_gbps() * kBytesPerGigabit;
      trunk.latency_s = t.at("latency_s").latency_s();
      out.trunks.push_back(trunk);
    }
  }
  // attach: one entry per node, either a switch name (all its NICs) or one name per NIC.
  const JsonCursor attach = fabric.at("attach");
  if (static_cast<int>(attach.array_size()) != nodes) {
    nodes_at.fail("fabric.attach lists " + std::to_string(attach.array_size()) + " nodes, not " + std::to_string(nodes));
  }
  for (int n = 0; n < nodes; ++n) {
    const JsonCursor entry = attach.at(static_cast<std::size_t>(n));
    const int npus_per_node = npus_of_node[n];
    std::vector<int> per_nic;
    if (entry.raw().is_string()) {
      per_nic.assign(npus_per_node, index_of(entry));
    } else {
      if (static_cast<int>(entry.array_size()) != npus_per_node) {
        entry.fail("expected a switch name, or one per NIC (" + std::to_string(npus_per_node) + ")");
      }
      for (int i = 0; i < npus_per_node; ++i) per_nic.push_back(index_of(entry.at(static_cast<std::size_t>(i))));
    }
    out.nic_switch.push_back(per_nic);
  }
  out.leaves = static_cast<int>(out.switches.size());
  return out;
}


/**
 * The Clos recipes. A `"switch"` model gives the defaults of every tier's port count, the port
 * speed and the latency; fields given in the file win.
 */
FabricSpec load_clos(const JsonCursor& fabric, const std::string& kind, int nodes, int npus_per_node,
                     const hw::HardwareCatalog& catalog) {
  FabricSpec out;
  out.tiers = kind == "fat_tree" ? FabricSpec::Tiers::three : FabricSpec::Tiers::two;
  if (out.tiers == FabricSpec::Tiers::two) {
    fabric.expect_object_with({"kind", "switch", "leaf_ports", "spine_ports", "port_gbps", "oversubscription",
                               "switch_latency_s", "rails", "description"});
  } else {
    fabric.expect_object_with({"kind", "switch", "leaf_ports", "agg_ports", "core_ports", "port_gbps", "oversubscription",
                               "agg_oversubscription", "switch_latency_s", "rails", "description"});
  }
  const hw::SwitchProfile* model = fabric.find("switch") ? find_switch(fabric.at("switch"), catalog) : nullptr;
  if (model != nullptr) {
    out.switch_model = model->key;
    out.switch_power_w = model->power_w;
  }
  const auto ports = [&fabric, model](const char* name) {
    if (fabric.has(name) || model == nullptr) return fabric.at(name).int_within(1, hw::SwitchProfile::kMaxPorts);
    return model->ports;
  };
  out.leaf_ports = ports("leaf_ports");
  const JsonCursor leaf_ports = fabric.has("leaf_ports") ? fabric.at("leaf_ports") : fabric;
  if (fabric.has("port_gbps") || model == nullptr) {
    out.port_bandwidth_bytes_per_s = fabric.at("port_gbps").bandwidth_gbps() * kBytesPerGigabit;
  } else {
    out.port_bandwidth_bytes_per_s = model->port_bandwidth_bytes_per_s;
  }
  out.oversubscription = fabric.has("oversubscription") ? load_ratio(fabric.at("oversubscription")) : 1.0;
  if (fabric.has("switch_latency_s") || model == nullptr) {
    out.switch_latency_s = fabric.at("switch_latency_s").latency_s();
  } else {
    out.switch_latency_s = model->latency_s;
  }
  if (const auto rails = fabric.find("rails")) out.rails = rails->boolean();

  // Split a leaf's ports so that downlinks : uplinks = oversubscription. Plain: whole nodes per
  // leaf (all of a node's NICs on one leaf). Rails: one NIC per node per rail, so a scalable
  // unit has as many nodes as a leaf has downlinks and one rail per NPU index; a unit smaller
  // than that (fewer nodes in all) puts as many rails on a leaf as fill its downlinks. Leaves are
  // sized for the nodes there are: three 384-NPU supernodes do not get leaves for 32.
  const double ratio = out.oversubscription;
  const int max_down = downlink_ports(out.leaf_ports, ratio);
  const int nics_per_node_per_leaf = out.rails ? 1 : npus_per_node;
  out.nodes_per_leaf = std::min(max_down / nics_per_node_per_leaf, nodes);
  if (out.nodes_per_leaf < 1) {
    leaf_ports.fail("a leaf with " + std::to_string(out.leaf_ports) + " ports at oversubscription " +
                    std::to_string(ratio) + " has room for " + std::to_string(max_down) +
                    " downlinks, fewer than one node's " + std::to_string(npus_per_node) + " NICs");
  }
  out.rails_per_leaf = out.rails ? std::clamp(max_down / out.nodes_per_leaf, 1, npus_per_node) : 1;
  out.downlinks_per_leaf = out.nodes_per_leaf * nics_per_node_per_leaf * out.rails_per_leaf;
  out.uplinks_per_leaf = static_cast<int>(std::ceil(out.downlinks_per_leaf / ratio - 1e-9));
  const int groups = (nodes + out.nodes_per_leaf - 1) / out.nodes_per_leaf;  // units (rails) or leaves
  out.leaves = out.rails ? groups * ((npus_per_node + out.rails_per_leaf - 1) / out.rails_per_leaf) : groups;

  if (out.tiers == FabricSpec::Tiers::two) {
    out.spine_ports = ports("spine_ports");
    out.spines = out.leaves > 1 ? out.uplinks_per_leaf : 0;
    if (out.leaves > out.spine_ports) {
      (fabric.has("spine_ports") ? fabric.at("spine_ports") : fabric).fail("a two-tier leaf-spine with " + std::to_string(out.leaves) +
                       " leaves needs spines with at least that many ports, got " + std::to_string(out.spine_ports) +
                       " (use bigger spines, fewer nodes, or kind \"fat_tree\")");
    }
    return out;
  }

  // Three tiers: a leaf's uplinks go one to each aggregation switch of its pod; an aggregation
  // switch's downlinks bound the leaves per pod; its uplinks go one to each core of its group.
  out.agg_ports = ports("agg_ports");
  out.core_ports = ports("core_ports");
  const JsonCursor agg_ports = fabric.has("agg_ports") ? fabric.at("agg_ports") : fabric;
  const JsonCursor core_ports = fabric.has("core_ports") ? fabric.at("core_ports") : fabric;
  out.agg_oversubscription = fabric.has("agg_oversubscription") ? load_ratio(fabric.at("agg_oversubscription")) : 1.0;
  out.leaves_per_pod = downlink_ports(out.agg_ports, out.agg_oversubscription);
  if (out.leaves_per_pod < 1) agg_ports.fail("an aggregation switch needs at least one downlink port");
  out.aggs_per_pod = out.uplinks_per_leaf;
  out.agg_uplinks = static_cast<int>(std::ceil(out.leaves_per_pod / out.agg_oversubscription - 1e-9));
  out.pods = (out.leaves + out.leaves_per_pod - 1) / out.leaves_per_pod;
  if (out.pods > out.core_ports) {
    core_ports.fail("a fat tree with " + std::to_string(out.pods) + " pods needs cores with at least that many ports, got " +
                    std::to_string(out.core_ports));
  }
  if (out.pods > 1) {
    // The fewest cores per group such that every core can take its share of every pod's links.
    const auto fits = [&out](int cores) {
      return out.pods * ((out.agg_uplinks + cores - 1) / cores) <= out.core_ports;
    };
    out.cores_per_group = std::max(1, (out.agg_uplinks * out.pods + out.core_ports - 1) / out.core_ports);
    while (!fits(out.cores_per_group)) ++out.cores_per_group;
    out.cores = out.aggs_per_pod * out.cores_per_group;
  }
  return out;
}

FabricSpec load_fabric(const JsonCursor& fabric, const JsonCursor& nodes_at, const std::vector<int>& npus_of_node,
                       const hw::HardwareCatalog& catalog) {
  const std::string kind = fabric.at("kind").one_of({"leaf_spine", "fat_tree", "torus", "dragonfly", "explicit"});
  if (kind == "explicit") return load_explicit(fabric, nodes_at, npus_of_node, catalog);
  // The recipes lay out identical nodes; mixed nodes need their attachments spelled out.
  for (int npus : npus_of_node) {
    if (npus != npus_of_node.front()) {
      nodes_at.fail("node groups with different NPU counts need fabric.kind \"explicit\" (the " + kind +
                    " recipe lays out identical nodes)");
    }
  }
  const int nodes = static_cast<int>(npus_of_node.size());
  if (kind == "torus") return load_torus(fabric, nodes_at, nodes);
  if (kind == "dragonfly") return load_dragonfly(fabric, nodes_at, nodes);
  return load_clos(fabric, kind, nodes, npus_of_node.front(), catalog);
}

void check_npu_count(const JsonCursor& nodes, std::int64_t npus) {
  if (npus > TopologySpec::kMaxNpus) {
    nodes.fail("expected at most " + std::to_string(TopologySpec::kMaxNpus) + " NPUs in all, got " + std::to_string(npus));
  }
}

/** `nodes`: a count (with `node`), or a list of groups `{"count": N, "node": ...}`. */
void load_nodes(const JsonCursor& root, const hw::HardwareCatalog& catalog, TopologySpec& spec) {
  const JsonCursor nodes = root.at("nodes");
  if (nodes.raw().is_array()) {
    if (root.has("node")) root.at("node").fail("a list of node groups in \"nodes\" replaces \"node\": remove it");
    if (nodes.array_size() == 0) nodes.fail("expected at least one node group");
    long long total = 0;
    std::int64_t npus = 0;
    for (std::size_t i = 0; i < nodes.array_size(); ++i) {
      const JsonCursor group = nodes.at(i);
      group.expect_object_with({"count", "node", "description"});
      TopologySpec::NodeGroup g;
      g.count = group.at("count").positive_int();
      g.node = load_node(group.at("node"), catalog);
      total += g.count;
      npus += std::int64_t{g.count} * g.node.npus_per_node;
      spec.node_groups.push_back(std::move(g));
    }
    if (total > TopologySpec::kMaxNodes) nodes.fail("expected at most " + std::to_string(TopologySpec::kMaxNodes) + " nodes");
    check_npu_count(nodes, npus);
    spec.nodes = static_cast<int>(total);
    spec.node = spec.node_groups.front().node;
    if (spec.node_groups.size() == 1) spec.node_groups.clear();  // one group is a homogeneous cluster
    return;
  }
  const std::int64_t node_count = nodes.positive_integer();
  if (node_count > TopologySpec::kMaxNodes) nodes.fail("expected at most " + std::to_string(TopologySpec::kMaxNodes) + " nodes");
  spec.nodes = static_cast<int>(node_count);
  spec.node = load_node(root.at("node"), catalog);
  check_npu_count(nodes, node_count * spec.node.npus_per_node);
}

/** Shared storage needs a way in: every host on the front-end network, or a spot on the fabric. */
void check_storage_reach(const JsonCursor& root, TopologySpec& spec) {
  StorageSpec& storage = spec.storage;
  if (!storage.has_shared_tiers()) return;
  const JsonCursor at = root.at("storage");
  if (storage.network == StorageSpec::Network::dedicated) {
    for (int n = 0; n < spec.nodes; ++n) {
      if (!spec.node_template(n).host.has_frontend()) {
        at.fail("shared storage on a dedicated network needs every node's host on it: set node.host.frontend_gbps "
                "(node " + std::to_string(n) + " has none), or storage.network \"shared\"");
      }
    }
    if (!at.has("parallel_fs") || !at.at("parallel_fs").has("latency_s")) {
      storage.server_link_latency_s = spec.node.host.frontend_latency_s;
    }
  } else {
    const FabricSpec& fabric = spec.fabric;
    if (!fabric.torus_dims.empty() || fabric.dragonfly_groups > 0) {
      at.at("network").fail("storage on the compute fabric needs a leaf_spine, fat_tree or explicit fabric");
    }
    if (fabric.is_explicit()) {
      spec.fabric.storage_switch = explicit_switch_index(fabric, at.at("attach"));
    } else if (at.has("attach")) {
      at.at("attach").fail("\"attach\" names an explicit fabric's switch; recipes put storage on their top tier");
    }
  }
  if (storage.network == StorageSpec::Network::dedicated && at.has("attach")) {
    at.at("attach").fail("\"attach\" is for storage.network \"shared\" on an explicit fabric");
  }
}

}  // namespace

namespace {

/** A NIC faster than the switch port it plugs into runs at the port's rate: say so, once per node kind. */
void warn_of_capped_nics(const TopologySpec& spec) {
  std::vector<const NodeTemplate*> kinds{&spec.node};
  for (const auto& group : spec.node_groups) kinds.push_back(&group.node);
  if (spec.heterogeneous()) kinds.erase(kinds.begin());
  for (const NodeTemplate* node : kinds) {
    const double nic = node->nic_bandwidth_bytes_per_s;
    const double line = spec.fabric.nic_line_rate_bytes_per_s(nic);
    if (line < nic * (1 - 1e-12)) {
      logger("topology")->warn("{}: the {}NIC ({:g} Gb/s) is faster than the fabric's switch ports ({:g} Gb/s); it runs "
                               "at {:g} Gb/s (set fabric.port_gbps or the NIC to match)",
                               spec.source_file, node->template_name.empty() ? "" : node->template_name + " node's ",
                               nic * 8 / 1e9, line * 8 / 1e9, line * 8 / 1e9);
    }
  }
}

}  // namespace

TopologySpec TopologyLoader::from_json(const nlohmann::json& document, const std::string& file) {
  const JsonCursor root(document, file);
  root.expect_object_with(
      {"schema", "name", "description", "sources", "catalog", "nodes", "node", "fabric", "storage", "reliability", "facility"});
  check_schema(root);
  TopologySpec spec;
  spec.source_file = file;
  spec.name = root.at("name").string();
  if (const auto description = root.find("description")) spec.description = description->string();
  if (const auto sources = root.find("sources")) sources->string_array();
  spec.catalog = root.has("catalog") ? hw::HardwareCatalog::builtin().with_overrides(root.at("catalog"))
                                     : hw::HardwareCatalog::builtin();
  load_nodes(root, spec.catalog, spec);
  std::vector<int> npus_of_node(spec.nodes);
  for (int n = 0; n < spec.nodes; ++n) npus_of_node[n] = spec.node_template(n).npus_per_node;
  spec.fabric = load_fabric(root.at("fabric"), root.at("nodes"), npus_of_node, spec.catalog);
  warn_of_capped_nics(spec);
  if (const auto storage = root.find("storage")) {
    load_shared_storage(*storage, spec.catalog, spec.storage);
    check_storage_reach(root, spec);
  }
  if (const auto reliability = root.find("reliability")) spec.reliability = detail::load_reliability(*reliability);
  if (const auto facility = root.find("facility")) {
    facility->expect_object_with({"pue", "description"});
    if (facility->has("pue")) spec.pue = facility->at("pue").number_within(1.0, 5.0);
  }
  return spec;
}

}  // namespace tcsim::topology
