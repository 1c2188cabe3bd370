#include "tcsim/hw/HardwareCatalog.hpp"

#include "tcsim/hw/DeviceCatalog.hpp"

namespace tcsim::hw {
namespace {

constexpr double kBytesPerGigabit = 1e9 / 8.0;

NicProfile nic(const char* key, const char* name, const char* protocol, double gbps, double latency_s, double pcie_gbps,
               const char* source) {
  return NicProfile{key, name, protocol, gbps * kBytesPerGigabit, latency_s, pcie_gbps * kBytesPerGigabit, 0.0, source};
}

SwitchProfile switch_model(const char* key, const char* name, int ports, double port_gbps, double latency_s, double power_w,
                           const char* source) {
  return SwitchProfile{key, name, ports, port_gbps * kBytesPerGigabit, latency_s, power_w, source};
}

StorageDeviceProfile drive(const char* key, const char* name, double read_mb_per_s, double write_mb_per_s, double capacity_tb,
                           double power_w, const char* source) {
  return StorageDeviceProfile{key, name, read_mb_per_s * 1e6, write_mb_per_s * 1e6, capacity_tb * 1e12, power_w, source};
}

/** Peak DRAM bandwidth of a socket: channels x MT/s x 8 bytes. */
CpuProfile cpu(const char* key, const char* name, int cores, int channels, double megatransfers_per_s, double tdp_w,
               const char* source) {
  return CpuProfile{key, name, cores, channels * megatransfers_per_s * 1e6 * 8.0, tdp_w, source};
}

HardwareCatalog make_builtin() {
  HardwareCatalog c;
  const DeviceCatalog& devices = DeviceCatalog::builtin();
  for (const auto& key : devices.keys()) c.accelerators.put(*devices.find(key));

  // PCIe x16 per direction after 128b/130b encoding: Gen3 126 Gb/s, Gen4 252, Gen5 504.
  c.nics.put(nic("roce-100g-onchip", "Ascend 910 on-chip RoCE v2 100GE", "RoCE v2", 100, 1e-6, 0,
                 "devices.csv (one 100 Gb/s RoCE port per NPU, on the chip); latency assumed"));
  c.nics.put(nic("roce-200g-onchip", "Ascend 910B on-chip RoCE v2 200GE", "RoCE v2", 200, 1e-6, 0,
                 "assumed: 200 Gb/s per 910B as commonly deployed in Atlas 800T A2; not in devices.csv"));
  c.nics.put(nic("roce-400g-onchip", "Ascend 910C RDMA 400GE", "RoCE v2", 400, 1e-6, 0,
                 "devices.csv (CloudMatrix384: RDMA 400 Gb/s per NPU beyond the supernode); latency assumed"));
  c.nics.put(nic("connectx-5-edr", "NVIDIA ConnectX-5 EDR", "InfiniBand", 100, 6e-7, 126,
                 "devices.csv (DGX-1: IB EDR 100 Gb/s); PCIe Gen3 x16; sub-600 ns latency (vendor brief)"));
  c.nics.put(nic("connectx-6-hdr", "NVIDIA ConnectX-6 HDR", "InfiniBand", 200, 6e-7, 252,
                 "devices.csv (DGX A100: ConnectX-6 HDR 200 Gb/s, one per GPU); PCIe Gen4 x16"));
  {
    NicProfile cx7 = nic("connectx-7-ndr", "NVIDIA ConnectX-7 NDR", "InfiniBand", 400, 6e-7, 504,
                         "devices.csv (DGX H100: ConnectX-7 NDR 400 Gb/s, one per GPU); PCIe Gen5 x16; 24.9 W typical with "
                         "passive cables (ConnectX-7 user manual, MCX75310AAS-NEAT)");
    cx7.power_w = 24.9;
    c.nics.put(cx7);
  }

  c.switches.put(switch_model("ce8850-64cq", "Huawei CloudEngine 8850-64CQ (100GE)", 64, 100, 1e-6, 0,
                              "Huawei datasheet: 64 x 100GE QSFP28; latency assumed (1 us); power not in data/reference"));
  c.switches.put(switch_model("roce-400g-64p", "Generic 51.2 Tb/s Ethernet switch (64 x 400GE)", 64, 400, 1e-6, 0,
                              "generic class (Tomahawk 5 / Spectrum-4 generation); latency assumed (1 us)"));
  c.switches.put(switch_model("sb7800", "NVIDIA SB7800 (EDR)", 36, 100, 9e-8, 136,
                              "vendor datasheet: 36 x EDR 100 Gb/s, 90 ns, 136 W typical"));
  c.switches.put(switch_model("qm8700", "NVIDIA Quantum QM8700 (HDR)", 40, 200, 1.3e-7, 253,
                              "vendor datasheet: 40 x HDR 200 Gb/s, 130 ns, 253 W typical"));
  c.switches.put(switch_model("qm9700", "NVIDIA Quantum-2 QM9700 (NDR)", 64, 400, 1.3e-7, 0,
                              "vendor datasheet: 64 x NDR 400 Gb/s; latency taken as QM8700's; power not in data/reference"));

  c.storage_devices.put(drive("nvme-gen3-2tb", "NVMe PCIe Gen3 2 TB (Intel P4510 class)", 3200, 2000, 2.0, 0,
                              "vendor datasheet (sequential 128 KiB)"));
  c.storage_devices.put(drive("nvme-gen4-3.84tb", "NVMe PCIe Gen4 3.84 TB (Samsung PM1733 class)", 7000, 3800, 3.84, 0,
                              "vendor datasheet (sequential 128 KiB)"));
  c.storage_devices.put(drive("sata-ssd-1.92tb", "SATA SSD 1.92 TB", 550, 520, 1.92, 0,
                              "SATA III line-rate class (assumed); DGX-1 datasheet lists 4 x 1.92 TB SSD"));
  c.storage_devices.put(drive("hdd-7200-16tb", "Nearline 7,200 rpm 16 TB disk", 260, 260, 16, 0,
                              "typical nearline HDD sustained rate (assumed)"));

  c.cpus.put(cpu("kunpeng-920-48c", "Huawei Kunpeng 920", 48, 8, 2933, 150,
                 "Huawei product page (48 cores, 8 x DDR4-2933); TDP assumed"));
  c.cpus.put(cpu("xeon-e5-2698v4", "Intel Xeon E5-2698 v4", 20, 4, 2400, 135, "Intel ARK (DGX-1 host CPU)"));
  c.cpus.put(cpu("epyc-7742", "AMD EPYC 7742", 64, 8, 3200, 225, "AMD product page (DGX A100 host CPU)"));
  c.cpus.put(cpu("xeon-8480c", "Intel Xeon Platinum 8480C", 56, 8, 4800, 350, "Intel ARK, 8480+ figures (DGX H100 host CPU)"));
  return c;
}

}  // namespace

const HardwareCatalog& HardwareCatalog::builtin() {
  static const HardwareCatalog catalog = make_builtin();
  return catalog;
}

}  // namespace tcsim::hw
