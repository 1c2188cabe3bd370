// Default failure rates, derived from Meta's Llama 3 405B interruption table (data/reference/
// reliability.md): 419 unexpected interruptions in 54 days on 16,384 H100 in 2,048 servers.
// A class's rate is its causes' count over the component-hours it was exposed to, so the
// defaults reproduce the table's total on a cluster of that size (docs/reliability.md shows the
// arithmetic and tests/reliability/failure_rates_test.cpp checks it).
#include "tcsim/topology/ReliabilitySpec.hpp"

namespace tcsim::topology {
namespace {

constexpr double kHour = 3600.0;
/** The Llama 3 run: 54 days on 16,384 GPUs, 8 per server. */
constexpr double kRunHours = 54 * 24;
constexpr double kGpus = 16384;
constexpr double kServers = kGpus / 8;
/**
 * Meta's fabric is not published switch by switch; the counts are those of the same 16,384 GPUs
 * as a rail-optimised three-tier fat tree of 64-port switches (`tcsim inspect
 * topologies/dgx-h100-superpod.json --set topology.nodes=2048`): 512 leaves, 512 aggregation
 * switches and 256 cores; 16,384 NIC cables and 16,384 cables on each of the two upper tiers.
 */
constexpr double kSwitches = 512 + 512 + 256;
constexpr double kCables = 3 * 16384;

/** Interruptions in the table, by tcsim class. */
constexpr double kNpuCauses = 148 /* faulty GPU */ + 19 /* GPU SRAM */ + 17 /* GPU system processor */ +
                              6 /* silent data corruption */ + 6 /* GPU thermal interface + sensor */;
constexpr double kHbmCauses = 72;
constexpr double kHostCauses = 32 /* host maintenance */ + 3 /* SSD */ + 3 /* power supply */ + 2 /* chassis */ +
                               2 /* IO expansion board */ + 2 /* CPU */ + 2 /* system memory */;
constexpr double kNicCauses = 7;
/** "Network switch / cable": the table does not split them; half each is our assumption. */
constexpr double kSwitchCauses = 35 / 2.0;
constexpr double kCableCauses = 35 / 2.0;
constexpr double kSoftwareCauses = 54 /* software bug */ + 7 /* NCCL watchdog timeout */ + 2 /* dependency */;

ClassReliability rate(double causes, double components, double mttr_hours, std::string source) {
  ClassReliability r;
  r.mtbf_s = components * kRunHours / causes * kHour;
  r.mttr_s = mttr_hours * kHour;
  r.source = std::move(source);
  return r;
}

}  // namespace

ReliabilitySpec ReliabilitySpec::defaults() {
  ReliabilitySpec spec;
  using C = ComponentClass;
  // Repair times are not in the table: assumed (a server part swapped and burnt in within two
  // days, a cable within hours, a switch within a shift); docs/reliability.md says so.
  spec.of(C::npu) = rate(kNpuCauses, kGpus, 48, "Llama 3: 196 GPU failures (faulty GPU, SRAM, system processor, SDC, thermal) / 16,384 GPUs / 54 days");
  spec.of(C::hbm) = rate(kHbmCauses, kGpus, 48, "Llama 3: 72 HBM3 failures / 16,384 GPUs / 54 days");
  spec.of(C::host) = rate(kHostCauses, kServers, 48,
                          "Llama 3: 46 host failures (maintenance, SSD, power supply, chassis, IO board, CPU, memory) / 2,048 servers / 54 days");
  spec.of(C::nic) = rate(kNicCauses, kGpus, 48, "Llama 3: 7 NIC failures / 16,384 NICs / 54 days");
  spec.of(C::link) = rate(kCableCauses, kCables, 4, "Llama 3: half of 35 switch/cable failures / 49,152 cables / 54 days");
  const ClassReliability a_switch =
      rate(kSwitchCauses, kSwitches, 8, "Llama 3: half of 35 switch/cable failures / 1,280 switches / 54 days");
  spec.of(C::leaf_switch) = a_switch;
  spec.of(C::spine_switch) = a_switch;
  spec.of(C::core_switch) = a_switch;
  spec.of(C::scale_up_switch) = a_switch;
  spec.of(C::scale_up_switch).source = "assumed equal to one fabric switch (the Llama 3 table lists no NVSwitch failures)";
  spec.of(C::storage_server) = spec.of(C::host);
  spec.of(C::storage_server).mttr_s = 24 * kHour;
  spec.of(C::storage_server).source = "assumed equal to a compute server's host";
  spec.of(C::software) = rate(kSoftwareCauses, kGpus, 0,
                              "Llama 3: 63 software failures (bugs, NCCL watchdog, dependency) / 16,384 processes / 54 days");
  return spec;
}

}  // namespace tcsim::topology
