#include "tcsim/report/InspectWriter.hpp"

#include <cstdio>
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

}  // namespace

nlohmann::ordered_json InspectWriter::to_json(const topology::TopologySpec& spec, const topology::TopologyAnalysis& a) {
  nlohmann::ordered_json j;
  j["topology"] = spec.name;
  j["device"] = spec.node.npu.display_name;
  j["device_calibration"] = {{"calibrated", spec.node.npu.calibrated}, {"from", spec.node.npu.calibration}};
  j["npus"] = a.npus;
  j["nodes"] = a.nodes;
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
  j["diameter_hops"] = a.diameter_hops;
  j["bisection_bytes_per_s"] = a.bisection_bytes_per_s;
  j["total_scale_out_bytes_per_s"] = a.total_scale_out_bytes_per_s;
  j["checks"] = "ok";
  return j;
}

std::string InspectWriter::to_table(const topology::TopologySpec& spec, const topology::TopologyAnalysis& a) {
  std::ostringstream out;
  out << "topology " << spec.name << ": " << a.npus << " x " << spec.node.npu.display_name << " in " << a.nodes
      << " nodes\n";
  out << "  device: " << spec.node.npu.source << "\n";
  out << "  efficiency " << spec.node.npu.roofline_efficiency << (spec.node.npu.calibrated ? ", calibrated on " : ", ")
      << spec.node.npu.calibration << "\n\nComponents\n";
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
    out << line("node DRAM", gbps(a.node_dram_bytes_per_s));
    out << line("node NVMe", pair(a.node_nvme_read_bytes_per_s, a.node_nvme_write_bytes_per_s));
    out << line("node front-end link", gbps(a.node_frontend_bytes_per_s));
    out << line("parallel file system", pair(a.pfs_read_bytes_per_s, a.pfs_write_bytes_per_s));
    out << line("object store", pair(a.object_read_bytes_per_s, a.object_write_bytes_per_s));
  }
  out << "\nChecks: ok (connected, positive bandwidths, ports within switch limits)\n";
  return out.str();
}

std::string InspectWriter::render(const topology::TopologySpec& spec, const topology::TopologyAnalysis& analysis,
                                  const std::string& format) {
  if (format == "json") return to_json(spec, analysis).dump(2) + "\n";
  if (format == "table") return to_table(spec, analysis);
  throw std::invalid_argument("unknown inspect format '" + format + "'");
}

}  // namespace tcsim::report
