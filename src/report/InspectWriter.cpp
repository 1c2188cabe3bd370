#include "tcsim/report/InspectWriter.hpp"

#include <cmath>

#include <cstdio>
#include <utility>
#include <vector>
#include <sstream>
#include <stdexcept>

namespace tcsim::report {
namespace {

std::string gbps(double bytes_per_s) {
  char text[64];
  const double gbit = bytes_per_s * 8 / 1e9;
  if (gbit >= 10000) std::snprintf(text, sizeof text, "%.2f Tb/s", gbit / 1000);
  else std::snprintf(text, sizeof text, "%.0f Gb/s", gbit);
  return text;
}

std::string line(const std::string& label, const std::string& value) {
  std::string out = "  " + label;
  out.resize(std::max<std::size_t>(out.size() + 1, 40), ' ');
  return out + value + "\n";
}

/** The node kinds of a topology: (count, template), one entry when homogeneous. */
std::vector<std::pair<int, const topology::NodeTemplate*>> node_kinds(const topology::TopologySpec& spec) {
  std::vector<std::pair<int, const topology::NodeTemplate*>> out;
  if (!spec.heterogeneous()) out.emplace_back(spec.nodes, &spec.node);
  for (const auto& group : spec.node_groups) out.emplace_back(group.count, &group.node);
  return out;
}

std::string watts(double w) {
  char text[64];
  if (w >= 1e6) std::snprintf(text, sizeof text, "%.2f MW", w / 1e6);
  else if (w >= 1e3) std::snprintf(text, sizeof text, "%.1f kW", w / 1e3);
  else std::snprintf(text, sizeof text, "%.0f W", w);
  return text;
}

}  // namespace

nlohmann::ordered_json InspectWriter::to_json(const scenario::TopologyInspection& inspection) {
  const topology::TopologySpec& spec = inspection.spec;
  const topology::TopologyAnalysis& a = inspection.analysis;
  nlohmann::ordered_json j;
  j["topology"] = spec.name;
  j["device"] = spec.node.npu.display_name;
  j["device_calibration"] = {{"calibrated", spec.node.npu.calibrated}, {"from", spec.node.npu.calibration}};
  j["npus"] = a.npus;
  j["nodes"] = a.nodes;
  nlohmann::ordered_json kinds = nlohmann::ordered_json::array();
  for (const auto& [count, node] : node_kinds(spec)) {
    nlohmann::ordered_json k = {{"nodes", count},
                                {"template", node->template_name},
                                {"device", node->npu.key},
                                {"device_calibrated", node->npu.calibrated},
                                {"npus_per_node", node->npus_per_node},
                                {"nic", node->nic_model},
                                {"nic_bytes_per_s", node->nic_bandwidth_bytes_per_s},
                                {"nic_line_rate_bytes_per_s",
                                 spec.fabric.nic_line_rate_bytes_per_s(node->nic_bandwidth_bytes_per_s)}};
    k["cpu"] = node->host.cpu.key;
    k["cpu_sockets"] = node->host.cpu_sockets;
    k["nvme"] = node->host.nvme_model;
    kinds.push_back(k);
  }
  j["node_kinds"] = kinds;
  j["vertices"] = a.vertices_by_kind;
  j["links"] = a.links_by_kind;
  j["per_npu_bytes_per_s"] = {
      {"peer", a.npu_peer_bytes_per_s},
      {"node_switch", a.npu_scale_up_bytes_per_s},
      {"pcie", a.npu_pcie_bytes_per_s},
      {"scale_out", a.npu_scale_out_bytes_per_s}};
  const auto& f = spec.fabric;
  const bool three = f.tiers == topology::FabricSpec::Tiers::three;
  if (f.is_explicit()) {
    j["fabric"] = {{"kind", "explicit"}, {"switches", f.switches.size()}, {"trunks", f.trunks.size()},
                   {"leaf_oversubscription", a.leaf_oversubscription}};
  } else if (f.dragonfly_groups > 0) {
    j["fabric"] = {{"kind", "dragonfly"},
                   {"groups", f.dragonfly_groups},
                   {"routers_per_group", f.routers_per_group},
                   {"nodes_per_router", f.nodes_per_router},
                   {"local_link_bytes_per_s", f.router_link_bandwidth_bytes_per_s},
                   {"global_link_bytes_per_s", f.global_link_bandwidth_bytes_per_s}};
  } else if (!f.torus_dims.empty()) {
    j["fabric"] = {{"kind", "torus"}, {"dims", f.torus_dims}, {"link_bytes_per_s", f.router_link_bandwidth_bytes_per_s}};
  } else {
  j["fabric"] = {
      {"kind", three ? "fat_tree" : "leaf_spine"},
      {"rails", f.rails},
      {"leaves", f.leaves},
      {"nodes_per_leaf", f.nodes_per_leaf},
      {"rails_per_leaf", f.rails_per_leaf},
      {"leaf_oversubscription", a.leaf_oversubscription},
  };
  if (three) {
    j["fabric"]["pods"] = f.pods;
    j["fabric"]["leaves_per_pod"] = f.leaves_per_pod;
    j["fabric"]["aggregation_switches"] = f.pods * f.aggs_per_pod;
    j["fabric"]["cores"] = f.cores;
    j["fabric"]["aggregation_oversubscription"] = a.aggregation_oversubscription;
  } else {
    j["fabric"]["spines"] = f.spines;
  }
  }
  j["storage_bytes_per_s"] = {
      {"node_dram", a.node_dram_bytes_per_s},
      {"node_nvme_read", a.node_nvme_read_bytes_per_s},
      {"node_nvme_write", a.node_nvme_write_bytes_per_s},
      {"node_frontend", a.node_frontend_bytes_per_s},
      {"parallel_fs_read", a.pfs_read_bytes_per_s},
      {"parallel_fs_write", a.pfs_write_bytes_per_s},
      {"object_store_read", a.object_read_bytes_per_s},
      {"object_store_write", a.object_write_bytes_per_s},
  };
  j["storage_network"] = spec.storage.network == topology::StorageSpec::Network::shared ? "shared" : "dedicated";
  j["power_w"] = {{"npus", a.npu_power_w},
                  {"cpus", a.cpu_power_w},
                  {"switches", a.switch_power_w},
                  {"switches_without_power", a.switches_without_power}};
  j["diameter_hops"] = a.diameter_hops;
  j["bisection_bytes_per_s"] = a.bisection_bytes_per_s;
  j["total_scale_out_bytes_per_s"] = a.total_scale_out_bytes_per_s;
  // Failures at the topology's rates, for a job on every NPU.
  nlohmann::ordered_json classes = nlohmann::ordered_json::object();
  for (const auto& c : inspection.failures.classes) {
    nlohmann::ordered_json entry{{"components", c.components}, {"interrupting", c.interrupting}};
    if (std::isfinite(c.mtbf_s) && c.failures_per_day > 0) {
      entry["mtbf_hours"] = c.mtbf_s / 3600;
      entry["failures_per_day"] = c.failures_per_day;
    }
    entry["mttr_hours"] = c.mttr_s / 3600;
    classes[topology::name_of(c.component_class)] = std::move(entry);
  }
  j["reliability"] = {{"failures", spec.reliability.failures == topology::ReliabilitySpec::Failures::rates ? "rates"
                                   : spec.reliability.failures == topology::ReliabilitySpec::Failures::trace ? "trace"
                                                                                                               : "none"},
                      {"classes", std::move(classes)}};
  if (std::isfinite(inspection.failures.job_mtbf_s)) j["reliability"]["job_mtbf_s"] = inspection.failures.job_mtbf_s;
  j["checks"] = "ok";
  return j;
}

std::string InspectWriter::to_table(const scenario::TopologyInspection& inspection) {
  const topology::TopologySpec& spec = inspection.spec;
  const topology::TopologyAnalysis& a = inspection.analysis;
  std::ostringstream out;
  if (spec.heterogeneous()) {
    out << "topology " << spec.name << ": " << a.npus << " NPUs in " << a.nodes << " nodes\n";
  } else {
    out << "topology " << spec.name << ": " << a.npus << " x " << spec.node.npu.display_name << " in " << a.nodes
        << " nodes\n";
  }
  for (const auto& [count, node] : node_kinds(spec)) {
    const hw::DeviceProfile& npu = node->npu;
    out << "\n" << count << " x " << (node->template_name.empty() ? "node" : node->template_name) << ": "
        << node->npus_per_node << " x " << npu.display_name << "\n";
    out << "  device: " << npu.source << "\n";
    out << "  efficiency: matrix " << npu.matrix_efficiency << ", memory " << npu.memory_efficiency
        << (npu.calibrated ? ", calibrated on " : ", ") << npu.calibration
        << "\n";
    const hw::MatrixUnits& mu = npu.matrix_units;
    if (mu.described()) {
      out << "  matrix units: " << mu.units << " x " << mu.tile_m << "x" << mu.tile_n << "x" << mu.tile_k << " tiles, "
          << mu.pipeline_fill_steps << " step(s) to fill the pipeline" << (mu.persistent ? ", persistent kernels" : "")
          << " (a multiply's shape sets its share of the matrix efficiency)\n";
    } else {
      out << "  matrix units: not described (every multiply runs at the matrix efficiency, whatever its shape)\n";
    }
    const auto* nic = spec.catalog.nics.find(node->nic_model);
    const double line_rate = spec.fabric.nic_line_rate_bytes_per_s(node->nic_bandwidth_bytes_per_s);
    out << "  NIC: " << (nic ? nic->display_name + ", " : std::string()) << gbps(node->nic_bandwidth_bytes_per_s)
        << " per NPU";
    if (line_rate < node->nic_bandwidth_bytes_per_s * (1 - 1e-12))
      out << ", runs at " << gbps(line_rate) << " (the fabric's switch ports)";
    out << "\n";
    if (node->host.cpu_sockets > 0)
      out << "  host: " << node->host.cpu_sockets << " x " << node->host.cpu.display_name << " ("
          << node->host.cpu.cores << " cores)\n";
  }
  out << "\nComponents\n";
  for (const auto& [kind, count] : a.vertices_by_kind) {
    const bool sibilant = kind.size() >= 2 && kind.compare(kind.size() - 2, 2, "ch") == 0;
    out << line(kind + (sibilant ? "es" : "s"), std::to_string(count));
  }
  for (const auto& [kind, count] : a.links_by_kind) out << line(kind + " links", std::to_string(count));
  out << "\nBandwidth per NPU (each direction)\n";
  if (a.npu_peer_bytes_per_s > 0) out << line("direct links to peers (HCCS/NVLink)", gbps(a.npu_peer_bytes_per_s));
  if (a.npu_scale_up_bytes_per_s > 0) out << line("to the node's switch", gbps(a.npu_scale_up_bytes_per_s));
  out << line("PCIe to the host", gbps(a.npu_pcie_bytes_per_s));
  out << line("scale-out (NIC)", gbps(a.npu_scale_out_bytes_per_s));
  const auto& f = spec.fabric;
  const bool three = f.tiers == topology::FabricSpec::Tiers::three;
  if (f.is_explicit()) {
    out << "\nFabric (explicit, shortest-path routing)\n";
    out << line("switches / trunks", std::to_string(f.switches.size()) + " / " + std::to_string(f.trunks.size()));
  } else if (f.dragonfly_groups > 0) {
    out << "\nFabric (dragonfly, minimal routing)\n";
    out << line("groups x routers x nodes", std::to_string(f.dragonfly_groups) + " x " + std::to_string(f.routers_per_group) +
                                                  " x " + std::to_string(f.nodes_per_router));
    out << line("local / global link", gbps(f.router_link_bandwidth_bytes_per_s) + " / " +
                                           gbps(f.global_link_bandwidth_bytes_per_s));
  } else if (!f.torus_dims.empty()) {
    std::string dims;
    for (std::size_t d = 0; d < f.torus_dims.size(); ++d) dims += (d ? " x " : "") + std::to_string(f.torus_dims[d]);
    out << "\nFabric (" << f.torus_dims.size() << "D torus of node routers)\n";
    out << line("dimensions", dims);
    out << line("link (each direction)", gbps(f.router_link_bandwidth_bytes_per_s));
  } else {
  out << "\nFabric (" << (three ? "three-tier fat tree" : "two-tier leaf-spine") << (f.rails ? ", rail-optimised" : "")
      << ")\n";
  if (three) {
    out << line("pods x leaves per pod", std::to_string(f.pods) + " x " + std::to_string(f.leaves_per_pod) + " (" +
                                             std::to_string(f.leaves) + " leaves)");
    out << line("aggregation / core switches",
                std::to_string(f.pods * f.aggs_per_pod) + " / " + std::to_string(f.cores));
  } else {
    out << line("leaves x spines", std::to_string(f.leaves) + " x " + std::to_string(f.spines));
  }
  out << line(f.rails ? "nodes per scalable unit" : "nodes per leaf", std::to_string(f.nodes_per_leaf));
  if (f.rails_per_leaf > 1) out << line("rails per leaf", std::to_string(f.rails_per_leaf));
  auto ratio = [](double r) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f : 1", r);
    return r > 0 ? std::string(text) : std::string("none (single switch)");
  };
  out << line("leaf oversubscription", ratio(a.leaf_oversubscription));
  if (three) out << line("aggregation oversubscription", ratio(a.aggregation_oversubscription));
  }
  out << line("diameter", std::to_string(a.diameter_hops) + " links");
  out << line("bisection", gbps(a.bisection_bytes_per_s) + " (" + gbps(a.total_scale_out_bytes_per_s / 2) +
                               " if non-blocking)");
  if (a.node_dram_bytes_per_s + a.node_nvme_read_bytes_per_s + a.pfs_read_bytes_per_s + a.object_read_bytes_per_s > 0) {
    out << "\nStorage (read / write)\n";
    const auto pair = [](double r, double w) { return gbps(r) + " / " + gbps(w); };
    if (a.node_dram_bytes_per_s > 0) out << line("node DRAM", gbps(a.node_dram_bytes_per_s));
    if (a.node_nvme_read_bytes_per_s > 0) out << line("node NVMe", pair(a.node_nvme_read_bytes_per_s, a.node_nvme_write_bytes_per_s));
    if (spec.storage.network == topology::StorageSpec::Network::shared && spec.storage.has_shared_tiers()) {
      out << line("network", "shared with the compute fabric");
    } else if (a.node_frontend_bytes_per_s > 0) {
      out << line("node front-end link", gbps(a.node_frontend_bytes_per_s));
    }
    if (a.pfs_read_bytes_per_s > 0) out << line("parallel file system", pair(a.pfs_read_bytes_per_s, a.pfs_write_bytes_per_s));
    if (a.object_read_bytes_per_s > 0) out << line("object store", pair(a.object_read_bytes_per_s, a.object_write_bytes_per_s));
  }
  out << "\nPower at full load\n";
  out << line("NPUs (TDP)", watts(a.npu_power_w));
  if (a.cpu_power_w > 0) out << line("host CPUs (TDP)", watts(a.cpu_power_w));
  out << line("fabric switches (typical)", watts(a.switch_power_w) + (a.switches_without_power > 0
                                                                           ? " + " + std::to_string(a.switches_without_power) +
                                                                                 " switches of unknown power"
                                                                           : ""));
  if (spec.reliability.failures == topology::ReliabilitySpec::Failures::rates) {
    double per_day = 0;
    for (const auto& c : inspection.failures.classes) per_day += c.failures_per_day;
    char text[160];
    std::snprintf(text, sizeof text, "%.1f failures a day; a job on every NPU is stopped every %.1f h", per_day,
                  inspection.failures.job_mtbf_s / 3600);
    out << "\nFailures at the topology's rates (reliability.md)\n" << line("all components", text);
    for (const auto& c : inspection.failures.classes) {
      if (c.components == 0 || c.failures_per_day <= 0) continue;
      std::snprintf(text, sizeof text, "%zu, MTBF %.3g h each: %.2f a day (%zu stop a job on every NPU)", c.components,
                    c.mtbf_s / 3600, c.failures_per_day, c.interrupting);
      out << line(topology::name_of(c.component_class), text);
    }
  } else {
    out << "\nFailures: " << (spec.reliability.failures == topology::ReliabilitySpec::Failures::trace ? "from a trace" : "none")
        << "\n";
  }
  out << "\nChecks: ok (connected, positive bandwidths, ports within switch limits)\n";
  return out.str();
}

std::string InspectWriter::render(const scenario::TopologyInspection& inspection, const std::string& format) {
  if (format == "json") return to_json(inspection).dump(2) + "\n";
  if (format == "table") return to_table(inspection);
  throw std::invalid_argument("unknown inspect format '" + format + "'");
}

}  // namespace tcsim::report
