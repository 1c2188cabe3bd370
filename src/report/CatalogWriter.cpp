#include "tcsim/report/CatalogWriter.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace tcsim::report {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string fmt(const char* format, double a, double b = 0, double c = 0, double d = 0, double e = 0) {
  char text[160];
  std::snprintf(text, sizeof text, format, a, b, c, d, e);
  return text;
}

nlohmann::ordered_json to_json(const hw::HardwareCatalog& c) {
  nlohmann::ordered_json j;
  for (const auto& d : c.accelerators.entries()) {
    j["accelerators"][d.key] = {{"name", d.display_name},
                                {"peak_fp16_flops_per_s", d.peak_fp16_flops_per_s},
                                {"hbm_bytes", d.hbm_bytes},
                                {"hbm_bytes_per_s", d.hbm_bandwidth_bytes_per_s},
                                {"tdp_w", d.tdp_w},
                                {"communicating_w", d.communicating_w},
                                {"idle_w", d.idle_w},
                                {"power_source", d.power_source},
                                {"matrix_efficiency", d.matrix_efficiency},
                                {"memory_efficiency", d.memory_efficiency},
                                {"calibrated", d.calibrated},
                                {"calibration", d.calibration},
                                {"library", hw::name_of(d.library)},
                                {"source", d.source}};
    const auto& mu = d.matrix_units;
    j["accelerators"][d.key]["matrix_units"] =
        mu.described() ? nlohmann::ordered_json{{"units", mu.units},
                                                {"tile", {mu.tile_m, mu.tile_n, mu.tile_k}},
                                                {"pipeline_fill_steps", mu.pipeline_fill_steps},
                                                {"persistent", mu.persistent}}
                       : nlohmann::ordered_json(nullptr);
  }
  for (const auto& n : c.nics.entries()) {
    j["nics"][n.key] = {{"name", n.display_name},
                        {"protocol", n.protocol},
                        {"bytes_per_s", n.bandwidth_bytes_per_s},
                        {"latency_s", n.latency_s},
                        {"pcie_bytes_per_s", n.pcie_bandwidth_bytes_per_s},
                        {"source", n.source}};
  }
  for (const auto& s : c.switches.entries()) {
    j["switches"][s.key] = {{"name", s.display_name},     {"ports", s.ports},     {"port_bytes_per_s", s.port_bandwidth_bytes_per_s},
                            {"latency_s", s.latency_s}, {"power_w", s.power_w}, {"source", s.source}};
  }
  for (const auto& s : c.storage_devices.entries()) {
    j["storage_devices"][s.key] = {{"name", s.display_name},       {"read_bytes_per_s", s.read_bytes_per_s},
                                   {"write_bytes_per_s", s.write_bytes_per_s}, {"capacity_bytes", s.capacity_bytes},
                                   {"source", s.source}};
  }
  for (const auto& p : c.cpus.entries()) {
    j["cpus"][p.key] = {{"name", p.display_name},
                        {"cores", p.cores},
                        {"memory_bytes_per_s", p.memory_bandwidth_bytes_per_s},
                        {"tdp_w", p.tdp_w},
                        {"source", p.source}};
  }
  return j;
}

std::string to_table(const hw::HardwareCatalog& c) {
  std::ostringstream out;
  const auto row = [&out](const std::string& key, const std::string& figures, const std::string& source) {
    std::string line = "  " + key;
    line.resize(std::max<std::size_t>(line.size() + 1, 22), ' ');
    line += figures;
    line.resize(std::max<std::size_t>(line.size() + 1, 70), ' ');
    out << line << source << "\n";
  };
  out << "Accelerators (dense FP16 peak, HBM, bandwidth, TDP and idle power, matrix / memory efficiency, matrix units x tile, "
         "collective library)\n";
  for (const auto& d : c.accelerators.entries()) {
    const auto& mu = d.matrix_units;
    row(d.key,
        fmt("%.0f TFLOP/s, %.0f GiB, %.2f TB/s, %.0f W (idle %.0f W), ", d.peak_fp16_flops_per_s / 1e12, d.hbm_bytes / kGiB,
            d.hbm_bandwidth_bytes_per_s / 1e12, d.tdp_w, d.idle_w) +
            fmt("%.3f / %.3f", d.matrix_efficiency, d.memory_efficiency) + (d.calibrated ? "" : " (borrowed)") + ", " +
            (mu.described() ? fmt("%.0f x %.0fx%.0fx%.0f", mu.units, mu.tile_m, mu.tile_n, mu.tile_k) : "no tiles") + ", " +
            hw::name_of(d.library),
        d.source);
  }
  out << "\nNICs (line rate, latency, PCIe slot)\n";
  for (const auto& n : c.nics.entries()) {
    row(n.key,
        n.protocol + fmt(" %.0f Gb/s, %.2f us, ", n.bandwidth_bytes_per_s * 8 / 1e9, n.latency_s * 1e6) +
            (n.pcie_bandwidth_bytes_per_s > 0 ? fmt("PCIe %.0f Gb/s", n.pcie_bandwidth_bytes_per_s * 8 / 1e9) : "on-package"),
        n.source);
  }
  out << "\nSwitches (ports x speed, latency, typical power)\n";
  for (const auto& s : c.switches.entries()) {
    row(s.key,
        fmt("%.0f x %.0f Gb/s, %.0f ns, ", s.ports, s.port_bandwidth_bytes_per_s * 8 / 1e9, s.latency_s * 1e9) +
            (s.power_w > 0 ? fmt("%.0f W", s.power_w) : "power unknown"),
        s.source);
  }
  out << "\nStorage devices (sequential read / write, capacity)\n";
  for (const auto& s : c.storage_devices.entries()) {
    row(s.key, fmt("%.0f / %.0f MB/s, %.2f TB", s.read_bytes_per_s / 1e6, s.write_bytes_per_s / 1e6, s.capacity_bytes / 1e12),
        s.source);
  }
  out << "\nCPUs (cores, memory bandwidth per socket, TDP)\n";
  for (const auto& p : c.cpus.entries()) {
    row(p.key, fmt("%.0f cores, %.1f GB/s, %.0f W", p.cores, p.memory_bandwidth_bytes_per_s / 1e9, p.tdp_w), p.source);
  }
  return out.str();
}

}  // namespace

std::string CatalogWriter::render(const hw::HardwareCatalog& catalog, const std::string& format) {
  if (format == "json") return to_json(catalog).dump(2) + "\n";
  if (format == "table") return to_table(catalog);
  throw std::invalid_argument("unknown catalog format '" + format + "'");
}

}  // namespace tcsim::report
