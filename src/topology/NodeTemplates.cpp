#include "tcsim/topology/NodeTemplates.hpp"

#include <array>

namespace tcsim::topology {
namespace {

struct Template {
  const char* name;
  const char* description;
  nlohmann::ordered_json node;
};

nlohmann::ordered_json hccs_groups(int group, double link_gbps) {
  return {{"kind", "hccs_groups"}, {"group_size", group}, {"hccs_link_gbps", link_gbps}, {"hccs_latency_s", 1e-6},
          {"pcie_gbps", 252},      {"pcie_latency_s", 2e-6}};
}

nlohmann::ordered_json switched(double link_gbps, double latency_s, double pcie_gbps) {
  return {{"kind", "switched"},     {"switch_link_gbps", link_gbps}, {"switch_latency_s", latency_s},
          {"pcie_gbps", pcie_gbps}, {"pcie_latency_s", 2e-6}};
}

nlohmann::ordered_json links(std::vector<std::array<int, 3>> pairs, double link_gbps, double pcie_gbps) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& p : pairs) list.push_back({p[0], p[1], p[2]});
  return {{"kind", "links"},      {"pairs", list},         {"link_gbps", link_gbps}, {"link_latency_s", 7e-7},
          {"pcie_gbps", pcie_gbps}, {"pcie_latency_s", 2e-6}};
}

/** The host: CPUs (catalog key x sockets), DRAM, local drives (catalog key x count). */
nlohmann::ordered_json host(const char* cpu, int sockets, double dram_gib, const char* drive, int drives) {
  return {{"cpu", cpu}, {"cpu_sockets", sockets}, {"dram_gib", dram_gib}, {"nvme_drives", drives}, {"nvme_model", drive}};
}

nlohmann::ordered_json node(const char* npu, int npus, nlohmann::ordered_json intra, const char* nic,
                            nlohmann::ordered_json host_json) {
  return {{"npu", npu}, {"npus", npus}, {"intra", std::move(intra)}, {"nic", {{"model", nic}}}, {"host", std::move(host_json)}};
}

const std::vector<Template>& templates() {
  static const std::vector<Template> all = {
      {"atlas800",
       "Atlas 800 (model 9000): 8 Ascend 910 in two HCCS groups of 4, 100 Gb/s on-chip RoCE per NPU, 4 Kunpeng 920 "
       "(devices.csv; DRAM and drives assumed)",
       node("ascend910", 8, hccs_groups(4, 240), "roce-100g-onchip", host("kunpeng-920-48c", 4, 1024, "nvme-gen3-2tb", 2))},
      {"atlas800t-a2",
       "Atlas 800T A2: 8 Ascend 910B fully HCCS-connected (devices.csv); 240 Gb/s HCCS links, 200 Gb/s RoCE, 4 Kunpeng "
       "920, DRAM and drives assumed",
       node("ascend910b", 8, hccs_groups(8, 240), "roce-200g-onchip", host("kunpeng-920-48c", 4, 1024, "nvme-gen4-3.84tb", 2))},
      {"dgx1",
       "DGX-1 (V100): 8 V100-SXM2-16GB on the NVLink hybrid cube mesh (25 GB/s per link), 2 Xeon E5-2698 v4, 512 GiB, "
       "4 x 1.92 TB SSD, 4 EDR NICs shared by 8 GPUs (50 Gb/s per GPU) (devices.csv, DGX-1 datasheet)",
       [] {
         auto n = node("v100-sxm2-16gb", 8,
                       links({{0, 1, 1}, {0, 2, 1}, {0, 3, 2}, {0, 4, 2}, {1, 2, 2}, {1, 3, 1}, {1, 5, 2}, {2, 3, 2},
                              {2, 6, 1}, {3, 7, 1}, {4, 5, 1}, {4, 6, 1}, {4, 7, 2}, {5, 6, 2}, {5, 7, 1}, {6, 7, 2}},
                             200, 126),
                       "connectx-5-edr", host("xeon-e5-2698v4", 2, 512, "sata-ssd-1.92tb", 4));
         n["nic"]["gbps"] = 50;  // 4 NICs for 8 GPUs: each GPU's share
         return n;
       }()},
      {"dgx-a100",
       "DGX A100: 8 A100-SXM4-80GB on NVSwitch (300 GB/s each way), one ConnectX-6 HDR 200 Gb/s per GPU, 2 EPYC 7742, "
       "2 TiB, 8 x 3.84 TB NVMe (devices.csv, DGX A100 datasheet)",
       node("a100-sxm4-80gb", 8, switched(2400, 7e-7, 252), "connectx-6-hdr", host("epyc-7742", 2, 2048, "nvme-gen4-3.84tb", 8))},
      {"dgx-h100",
       "DGX H100: 8 H100-SXM5 on NVSwitch (450 GB/s each way), one ConnectX-7 NDR 400 Gb/s per GPU, 2 Xeon 8480C, 2 TiB, "
       "8 x 3.84 TB NVMe (devices.csv, DGX H100 datasheet)",
       node("h100-sxm5", 8, switched(3600, 7e-7, 504), "connectx-7-ndr", host("xeon-8480c", 2, 2048, "nvme-gen4-3.84tb", 8))},
      {"atlas800t-a3",
       "Atlas 800T A3 SuperPoD server: 8 Ascend 910C whose HCCS is a compute node of the Atlas 900 A3 SuperPoD "
       "(devices.csv: the MindCluster affinity guide), taken at the SuperPoD's per-NPU Unified Bus bandwidth (392 GB/s "
       "each way, 7 planes) on the node alone; 400 Gb/s RoCE per NPU, 4 Kunpeng 920; DRAM and drives assumed",
       [] {
         auto n = node("ascend910c", 8, switched(3136, 1e-6, 252), "roce-400g-onchip",
                       host("kunpeng-920-48c", 4, 1024, "nvme-gen4-3.84tb", 2));
         n["intra"]["switch_planes"] = 7;
         return n;
       }()},
      {"cloudmatrix384",
       "CloudMatrix384 / Atlas 900 A3 SuperPoD: 384 Ascend 910C on the Unified Bus (392 GB/s each way), 400 Gb/s RoCE per "
       "NPU, 192 Kunpeng CPUs (devices.csv; DRAM and drives assumed at Atlas 800 levels per 8 NPUs)",
       [] {
         auto n = node("ascend910c", 384, switched(3136, 1e-6, 252), "roce-400g-onchip",
                       host("kunpeng-920-48c", 192, 48 * 1024, "nvme-gen4-3.84tb", 96));
         n["servers"] = 48;                 // 48 servers of 8 NPUs (Zuo et al. 2025)
         n["intra"]["switch_planes"] = 7;   // the UB's 7 independent L2 sub-planes (Zuo et al. 2025)
         return n;
       }()},
  };
  return all;
}

}  // namespace

nlohmann::ordered_json NodeTemplates::find(const std::string& name) {
  for (const auto& t : templates())
    if (name == t.name) return t.node;
  return nullptr;
}

std::vector<std::string> NodeTemplates::names() {
  std::vector<std::string> out;
  for (const auto& t : templates()) out.push_back(t.name);
  return out;
}

std::string NodeTemplates::description(const std::string& name) {
  for (const auto& t : templates())
    if (name == t.name) return t.description;
  return "";
}

}  // namespace tcsim::topology
