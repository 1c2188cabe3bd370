#include "tcsim/topology/NodeTemplates.hpp"

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

nlohmann::ordered_json node(const char* npu, int npus, nlohmann::ordered_json intra, double nic_gbps) {
  return {{"npu", npu}, {"npus", npus}, {"intra", std::move(intra)}, {"nic", {{"gbps", nic_gbps}, {"latency_s", 1e-6}}}};
}

const std::vector<Template>& templates() {
  static const std::vector<Template> all = {
      {"atlas800", "Atlas 800 (model 9000): 8 Ascend 910 in two HCCS groups of 4, 100 Gb/s RoCE per NPU (devices.csv)",
       node("ascend910", 8, hccs_groups(4, 240), 100)},
      {"atlas800t-a2",
       "Atlas 800T A2: 8 Ascend 910B fully HCCS-connected (devices.csv); 240 Gb/s HCCS links and 200 Gb/s RoCE assumed",
       node("ascend910b", 8, hccs_groups(8, 240), 200)},
      {"dgx-a100", "DGX A100: 8 A100-SXM4-80GB on NVSwitch (300 GB/s each way), HDR 200 Gb/s per GPU (devices.csv)",
       node("a100-sxm4-80gb", 8, switched(2400, 7e-7, 252), 200)},
      {"dgx-h100", "DGX H100: 8 H100-SXM5 on NVSwitch (450 GB/s each way), NDR 400 Gb/s per GPU (devices.csv)",
       node("h100-sxm5", 8, switched(3600, 7e-7, 504), 400)},
      {"cloudmatrix384",
       "CloudMatrix384 / Atlas 900 A3 SuperPoD: 384 Ascend 910C on the Unified Bus (392 GB/s each way), 400 Gb/s RoCE per "
       "NPU (devices.csv)",
       node("ascend910c", 384, switched(3136, 1e-6, 252), 400)},
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
