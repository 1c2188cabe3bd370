// HardwareCatalog::with_overrides: a topology file's own hardware entries.
#include <climits>

#include "tcsim/common/NearestKey.hpp"
#include "tcsim/hw/HardwareCatalog.hpp"

namespace tcsim::hw {
namespace {

constexpr double kBytesPerGigabit = 1e9 / 8.0;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

/** Reads the fields of one entry: optional when it has a base, required otherwise. */
class EntryReader {
public:
  EntryReader(const JsonCursor& entry, bool based) : entry_(entry), based_(based) {}

  /** Sets `out` to the field times `scale` (a number > 0); returns whether the field was given. */
  bool positive(const char* name, double& out, double scale = 1.0) const {
    if (!present(name)) return false;
    out = entry_.at(name).positive_number() * scale;
    return true;
  }
  /** Sets `out` to a bandwidth field in Gb/s (see JsonCursor::bandwidth_gbps) times `scale`. */
  bool bandwidth(const char* name, double& out, double scale) const {
    if (!present(name)) return false;
    out = entry_.at(name).bandwidth_gbps() * scale;
    return true;
  }
  /** Sets `out` to a latency or overhead field in seconds (see JsonCursor::latency_s). */
  bool latency(const char* name, double& out) const {
    if (!present(name)) return false;
    out = entry_.at(name).latency_s();
    return true;
  }
  /** Sets `out` to a device rate (TFLOP/s, TB/s) from 1e-6 to 1e9, times `scale`. */
  bool rate(const char* name, double& out, double scale) const {
    if (!present(name)) return false;
    out = entry_.at(name).number_within(1e-6, 1e9) * scale;
    return true;
  }
  bool non_negative(const char* name, double& out) const {
    if (!present(name)) return false;
    out = entry_.at(name).non_negative_number();
    return true;
  }
  /** Sets `out` to an integer from 1 to `most`. */
  bool count(const char* name, int& out, int most = INT_MAX) const {
    if (!present(name)) return false;
    out = entry_.at(name).int_within(1, most);
    return true;
  }
  bool text(const char* name, std::string& out) const {
    if (!present(name)) return false;
    out = entry_.at(name).string();
    return true;
  }
  /** Optional in every case (power: 0 means not known). */
  void optional_non_negative(const char* name, double& out) const {
    if (entry_.has(name)) out = entry_.at(name).non_negative_number();
  }
  const JsonCursor& cursor() const { return entry_; }

private:
  bool present(const char* name) const {
    if (entry_.has(name)) return true;
    if (!based_) entry_.at(name);  // throws "missing required field"
    return false;
  }
  const JsonCursor& entry_;
  bool based_;
};

/**
 * Merges one section: every member is an entry keyed by its name, starting from `base` (looked
 * up in `into`, so a file may build on its own earlier entries) when given.
 */
template <class P, class Fill>
void merge(const std::optional<JsonCursor>& section, Catalog<P>& into, std::vector<std::string> fields, Fill fill) {
  if (!section) return;
  if (!section->raw().is_object()) section->fail("expected an object mapping keys to entries");
  fields.insert(fields.end(), {"base", "name", "source"});
  for (const auto& item : section->raw().items()) {
    const JsonCursor entry = section->at(item.key());
    entry.expect_object_with(fields);
    P profile;
    const P* base = nullptr;
    if (const auto b = entry.find("base")) {
      const std::string key = b->string();
      base = into.find(key);
      if (base == nullptr) b->fail("unknown base '" + key + "'; " + suggestion_text(key, into.keys()));
      profile = *base;
    }
    profile.key = item.key();
    if (base == nullptr) profile.display_name = item.key();
    if (const auto name = entry.find("name")) profile.display_name = name->string();
    if (const auto source = entry.find("source")) {
      profile.source = source->string();
    } else {
      profile.source = base != nullptr ? base->source + "; changed in " + entry.file() : "defined in " + entry.file();
    }
    fill(EntryReader(entry, base != nullptr), profile, base);
    into.put(profile);
  }
}

}  // namespace

HardwareCatalog HardwareCatalog::with_overrides(const JsonCursor& catalog) const {
  catalog.expect_object_with({"accelerators", "nics", "switches", "storage_devices", "cpus", "description"});
  HardwareCatalog out = *this;
  merge(catalog.find("accelerators"), out.accelerators,
        {"peak_fp16_tflops", "hbm_gib", "hbm_tb_per_s", "tdp_w", "kernel_overhead_s", "matrix_efficiency",
         "memory_efficiency", "library", "matrix_units", "idle_w", "communicating_w"},
        [&catalog](const EntryReader& r, DeviceProfile& d, const DeviceProfile* base) {
          std::string library;
          if (r.text("library", library)) {
            d.library = *communication_library_named(r.cursor().at("library").one_of(communication_library_names()));
          }
          bool changed = r.rate("peak_fp16_tflops", d.peak_fp16_flops_per_s, 1e12);
          r.positive("hbm_gib", d.hbm_bytes, kGiB);
          changed = r.rate("hbm_tb_per_s", d.hbm_bandwidth_bytes_per_s, 1e12) || changed;
          if (r.positive("tdp_w", d.tdp_w) && base == nullptr) d.communicating_w = kCommunicatingShareOfTdp * d.tdp_w;
          // Optional even without a base: unknown power levels are reported, not guessed.
          bool power = false;
          if (r.cursor().has("idle_w")) {
            d.idle_w = r.cursor().at("idle_w").non_negative_number();
            power = true;
          }
          if (r.cursor().has("communicating_w")) {
            d.communicating_w = r.cursor().at("communicating_w").non_negative_number();
            power = true;
          }
          if (power) d.power_source = "set in " + catalog.file();
          if (base == nullptr && !d.kernel_overhead_s) d.kernel_overhead_s = 2e-6;
          changed = r.latency("kernel_overhead_s", d.kernel_overhead_s) || changed;
          if (const auto units = r.cursor().find("matrix_units")) {
            // Optional even without a base: a device without them runs every multiply at its
            // matrix efficiency, whatever the shape.
            units->expect_object_with({"units", "tile", "pipeline_fill_steps", "persistent"});
            MatrixUnits mu;
            mu.units = units->at("units").int_within(1, 1 << 20);
            const JsonCursor tile = units->at("tile");
            if (!tile.raw().is_array() || tile.array_size() != 3) tile.fail("expected [tile_m, tile_n, tile_k]");
            mu.tile_m = tile.at(std::size_t{0}).int_within(1, 1 << 16);
            mu.tile_n = tile.at(std::size_t{1}).int_within(1, 1 << 16);
            mu.tile_k = tile.at(std::size_t{2}).int_within(1, 1 << 16);
            mu.pipeline_fill_steps = units->at("pipeline_fill_steps").int_within(0, 64);
            mu.persistent = units->has("persistent") && units->at("persistent").boolean();
            d.matrix_units = mu;
            changed = true;
          }
          bool set = false;
          for (const auto& [key, field] : {std::pair{"matrix_efficiency", &DeviceProfile::matrix_efficiency},
                                           std::pair{"memory_efficiency", &DeviceProfile::memory_efficiency}}) {
            double efficiency = 0;
            if (!r.positive(key, efficiency)) continue;
            if (efficiency > 1.0) r.cursor().at(key).fail("expected a fraction in (0, 1]");
            d.*field = efficiency;
            set = true;
          }
          if (set) {
            d.calibrated = false;
            d.calibration = "efficiency set in " + catalog.file();
          } else if (changed) {
            // The base's efficiency was fitted to the base's figures; on changed figures it is a loan.
            d.calibrated = false;
            d.calibration = "efficiency of " + base->key + " applied to figures changed in " + catalog.file();
          }
        });
  merge(catalog.find("nics"), out.nics, {"protocol", "gbps", "latency_s", "pcie_gbps", "power_w"},
        [](const EntryReader& r, NicProfile& n, const NicProfile*) {
          r.text("protocol", n.protocol);
          r.bandwidth("gbps", n.bandwidth_bytes_per_s, kBytesPerGigabit);
          r.latency("latency_s", n.latency_s);
          double pcie_gbps = n.pcie_bandwidth_bytes_per_s / kBytesPerGigabit;
          if (r.non_negative("pcie_gbps", pcie_gbps)) {
            // 0: a NIC on the accelerator's package (no PCIe hop); anything else is a real slot.
            if (pcie_gbps != 0) pcie_gbps = r.cursor().at("pcie_gbps").bandwidth_gbps();
            n.pcie_bandwidth_bytes_per_s = pcie_gbps * kBytesPerGigabit;
          }
          r.optional_non_negative("power_w", n.power_w);
        });
  merge(catalog.find("switches"), out.switches, {"ports", "port_gbps", "latency_s", "power_w"},
        [](const EntryReader& r, SwitchProfile& s, const SwitchProfile*) {
          r.count("ports", s.ports, SwitchProfile::kMaxPorts);
          r.bandwidth("port_gbps", s.port_bandwidth_bytes_per_s, kBytesPerGigabit);
          r.latency("latency_s", s.latency_s);
          r.optional_non_negative("power_w", s.power_w);
        });
  merge(catalog.find("storage_devices"), out.storage_devices, {"read_gbps", "write_gbps", "capacity_tb", "power_w"},
        [](const EntryReader& r, StorageDeviceProfile& s, const StorageDeviceProfile*) {
          r.bandwidth("read_gbps", s.read_bytes_per_s, kBytesPerGigabit);
          r.bandwidth("write_gbps", s.write_bytes_per_s, kBytesPerGigabit);
          r.positive("capacity_tb", s.capacity_bytes, 1e12);
          r.optional_non_negative("power_w", s.power_w);
        });
  merge(catalog.find("cpus"), out.cpus, {"cores", "memory_gbps", "tdp_w"},
        [](const EntryReader& r, CpuProfile& c, const CpuProfile*) {
          r.count("cores", c.cores);
          r.bandwidth("memory_gbps", c.memory_bandwidth_bytes_per_s, kBytesPerGigabit);
          r.positive("tdp_w", c.tdp_w);
        });
  return out;
}

}  // namespace tcsim::hw
