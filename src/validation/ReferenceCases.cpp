#include "tcsim/validation/ReferenceCases.hpp"

#include <cmath>

#include <fmt/format.h>

#include "tcsim/common/CsvTable.hpp"
#include "tcsim/common/InputError.hpp"
#include "tcsim/engine/ComputeModel.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

namespace tcsim::validation {
namespace {

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

std::string integer(double value) { return std::to_string(static_cast<long long>(std::llround(value))); }

/** Topology, NPU model and note for an MLPerf row's accelerator; empty topology if none fits. */
void map_accelerator(const std::string& accelerator, int per_node, ValidationCase& c) {
  if (contains(accelerator, "Ascend")) {
    c.topology = "topologies/atlas900-1024.json";
  } else if (contains(accelerator, "V100")) {
    c.topology = "topologies/dgx1-v100.json";
    if (contains(accelerator, "32GB")) c.overrides.push_back("topology.node.npu=v100-sxm2-32gb");
  } else if (contains(accelerator, "A100")) {
    c.topology = "topologies/dgx-a100-superpod.json";
    if (contains(accelerator, "40GB")) c.overrides.push_back("topology.node.npu=a100-sxm4-40gb");
  } else if (contains(accelerator, "H100") || contains(accelerator, "H200")) {
    c.topology = "topologies/dgx-h100-superpod.json";
    if (contains(accelerator, "H200")) c.overrides.push_back("topology.node.npu=h200-sxm5");
  }
  if (per_node == 16) {
    // DGX-2H: 16 GPUs on NVSwitch; tcsim's V100 reference node is the 8-GPU DGX-1.
    c.note = "16-GPU DGX-2H nodes run as pairs of 8-GPU DGX-1 nodes";
  } else if (per_node != 8) {
    c.overrides.push_back("topology.node.npus=" + std::to_string(per_node));
    c.note = std::to_string(per_node) + "-GPU nodes: the reference node with " + std::to_string(per_node) + " GPUs";
  }
}

/**
 * What an NVIDIA-software submission ran (data/reference/mlperf-resnet50-networks.csv, from its
 * config file or result log): the network's kernel fusion, the optimizer, and how Horovod groups
 * the gradient all-reduce. MXNET_HOROVOD_NUM_GROUPS splits the FP16 gradients into that many
 * all-reduces launched as the backward pass produces them; with one group the single all-reduce
 * starts after the backward pass ("no NCCL and BWD overlap", as some configs say). Rows not listed
 * (MindSpore) run the workload's defaults, the stack the device was calibrated with.
 */
void map_software(const CsvTable& networks, const std::string& round,
                  const std::string& system, ValidationCase& c) {
  for (std::size_t r = 0; r < networks.rows(); ++r) {
    if (networks.at(r, "round") != round || networks.at(r, "system") != system) continue;
    const int groups = networks.positive_int(r, "allreduce_groups");
    // Bytes per gradient as StepPlan counts them when it closes buckets, so one group is one bucket.
    static const double gradient_mib =
        workload::ResNetBuilder::resnet50().params() * engine::ComputeModel::kActivationBytes / (1024.0 * 1024.0);
    c.overrides.push_back("workload.model.fusion=" + networks.at(r, "fusion"));
    c.overrides.push_back("workload.optimizer=" + networks.at(r, "optimizer"));
    c.overrides.push_back("workload.communication.bucket_mib=" + std::to_string(gradient_mib / groups));
    const std::string software = networks.at(r, "network") + ": " + networks.at(r, "fusion") + ", " +
                                 networks.at(r, "optimizer") + ", " + networks.at(r, "allreduce_groups") +
                                 (groups == 1 ? " all-reduce" : " all-reduce groups");
    c.note = c.note.empty() ? software : c.note + "; " + software;
    return;
  }
}

void add_mlperf(const std::string& root, std::vector<ValidationCase>& cases) {
  const auto table = CsvTable::read(root + "/data/reference/mlperf-resnet50-public.csv");
  const auto networks = CsvTable::read(root + "/data/reference/mlperf-resnet50-networks.csv");
  for (std::size_t r = 0; r < table.rows(); ++r) {
    ValidationCase c;
    c.dataset = "mlperf-resnet50";
    const int accelerators = table.positive_int(r, "accelerators");
    const int per_node = table.positive_int(r, "accelerators_per_node");
    c.label = table.at(r, "round") + " " + table.at(r, "submitter") + " " + std::to_string(accelerators) + " x " +
              table.at(r, "accelerator");
    c.workload = "workloads/resnet50-mlperf.json";
    c.metric = "time_to_train_s";
    c.measured = 60.0 * table.positive_number(r, "ttt_minutes");
    map_accelerator(table.at(r, "accelerator"), per_node, c);
    map_software(networks, table.at(r, "round"), table.at(r, "system"), c);
    const int gpus_per_node = per_node == 16 ? 8 : per_node;
    c.overrides.push_back("topology.nodes=" + std::to_string(accelerators / gpus_per_node));
    c.overrides.push_back("workload.global_batch=" + std::to_string(table.positive_int(r, "global_batch")));
    c.overrides.push_back("workload.epochs=" + fmt::format("{}", table.positive_number(r, "epochs_median")));
    if (c.topology.empty()) c.skipped = "no reference topology for this accelerator";
    cases.push_back(std::move(c));
  }
}

void add_megatron(const std::string& root, std::vector<ValidationCase>& cases) {
  const auto table = CsvTable::read(root + "/data/reference/megatron-public.csv");
  for (std::size_t r = 0; r < table.rows(); ++r) {
    ValidationCase c;
    c.dataset = "megatron";
    const int accelerators = table.positive_int(r, "accelerators");
    c.label = table.at(r, "table") + " " + table.at(r, "params_billion") + "B on " + std::to_string(accelerators) + " x " +
              table.at(r, "accelerator") + " (tp " + table.at(r, "tensor_parallel") + ", pp " +
              table.at(r, "pipeline_parallel") + ")";
    c.workload = "workloads/gpt3-175b.json";
    c.metric = "tflops_per_device";
    c.measured = table.positive_number(r, "achieved_tflops_per_accelerator");
    if (contains(table.at(r, "accelerator"), "A100")) {
      c.topology = "topologies/dgx-a100-superpod.json";
    } else if (contains(table.at(r, "accelerator"), "H100")) {
      c.topology = "topologies/dgx-h100-superpod.json";
    } else {
      c.skipped = "no reference topology for this accelerator";
    }
    if (table.at(r, "hidden").empty() || table.at(r, "layers").empty() || table.at(r, "attention_heads").empty()) {
      c.skipped = "the row gives no model shape (hidden size, layers, heads)";
      cases.push_back(std::move(c));
      continue;
    }
    // The CSV has no vocabulary column: data/reference/README.md gives 51,200 for every row.
    const double hidden = table.positive_int(r, "hidden");
    const double heads = table.positive_int(r, "attention_heads");
    c.overrides = {
        "topology.nodes=" + std::to_string((accelerators + 7) / 8),
        "workload.model.hidden=" + integer(hidden),
        "workload.model.layers=" + std::to_string(table.positive_int(r, "layers")),
        "workload.model.heads=" + integer(heads),
        "workload.model.kv_heads=" + integer(heads),
        "workload.model.head_dim=" + integer(hidden / heads),
        "workload.model.ffn_hidden=" + integer(4 * hidden),
        "workload.model.vocab=51200",
        "workload.model.seq_len=" + std::to_string(table.positive_int(r, "seq_len")),
        "workload.parallelism.tp=" + std::to_string(table.positive_int(r, "tensor_parallel")),
        "workload.parallelism.pp=" + std::to_string(table.positive_int(r, "pipeline_parallel")),
        "workload.global_batch=" + std::to_string(table.positive_int(r, "global_batch")),
    };
    if (accelerators % 8 != 0) c.skipped = "not a whole number of 8-GPU nodes";
    cases.push_back(std::move(c));
  }
}

/**
 * Published LLM pre-training runs with their plans (data/reference/llm-public.csv): the row's
 * model shape and plan on its base workload, on the reference cluster of its accelerator.
 */
void add_llm(const std::string& root, std::vector<ValidationCase>& cases) {
  const auto table = CsvTable::read(root + "/data/reference/llm-public.csv");
  for (std::size_t r = 0; r < table.rows(); ++r) {
    ValidationCase c;
    c.dataset = table.at(r, "family");
    const int accelerators = table.positive_int(r, "accelerators");
    const int tp = table.positive_int(r, "tp");
    const int pp = table.positive_int(r, "pp");
    const int virtual_stages = table.positive_int(r, "virtual_stages");
    c.label = table.at(r, "id") + " " + table.at(r, "name") + ", " + std::to_string(accelerators) + " x " +
              table.at(r, "accelerator") + " (tp " + std::to_string(tp) + ", pp " + std::to_string(pp) +
              (virtual_stages > 1 ? ", vp " + std::to_string(virtual_stages) : "") + ")";
    c.workload = table.at(r, "base_workload");
    c.metric = table.at(r, "metric");
    c.measured = table.positive_number(r, "measured");
    c.tokens_per_sample = table.positive_int(r, "seq_len");
    const std::string accelerator = table.at(r, "accelerator");
    if (contains(accelerator, "A100")) {
      c.topology = "topologies/dgx-a100-superpod.json";
    } else if (contains(accelerator, "H100")) {
      c.topology = "topologies/dgx-h100-superpod.json";
    } else if (contains(accelerator, "910B")) {
      // Atlas 800T A2 / Atlas 900 A2 PoD servers: 8 x 910B in one HCCS mesh, 200 Gb/s RoCE each.
      c.topology = "topologies/ascend-server-cluster.json";
      c.overrides = {"topology.node.npu=ascend910b", "topology.node.nic.model=roce-200g-onchip"};
      c.note = "Atlas 800T A2 servers (8 x 910B, HCCS mesh, 200 Gb/s RoCE) on ascend-server-cluster's fabric";
    } else {
      c.skipped = "no reference topology for this accelerator";
    }
    const double hidden = table.positive_int(r, "hidden");
    const double heads = table.positive_int(r, "heads");
    const std::vector<std::string> plan = {
        "topology.nodes=" + std::to_string((accelerators + 7) / 8),
        "workload.model.hidden=" + integer(hidden),
        "workload.model.layers=" + std::to_string(table.positive_int(r, "layers")),
        "workload.model.heads=" + integer(heads),
        "workload.model.kv_heads=" + std::to_string(table.positive_int(r, "kv_heads")),
        "workload.model.head_dim=" + integer(hidden / heads),
        "workload.model.ffn_hidden=" + std::to_string(table.positive_int(r, "ffn_hidden")),
        "workload.model.vocab=" + std::to_string(table.positive_int(r, "vocab")),
        "workload.model.seq_len=" + std::to_string(table.positive_int(r, "seq_len")),
        "workload.parallelism.dp=null",
        "workload.parallelism.tp=" + std::to_string(tp),
        "workload.parallelism.pp=" + std::to_string(pp),
        "workload.parallelism.ep=" + std::to_string(table.positive_int(r, "ep")),
        "workload.parallelism.virtual_stages=" + std::to_string(virtual_stages),
        std::string("workload.parallelism.schedule=") + (virtual_stages > 1 ? "interleaved" : "1f1b"),
        "workload.parallelism.micro_batch=" + std::to_string(table.positive_int(r, "micro_batch")),
        "workload.parallelism.zero_stage=" + table.at(r, "zero_stage"),
        "workload.global_batch=" + std::to_string(table.positive_int(r, "global_batch")),
    };
    c.overrides.insert(c.overrides.end(), plan.begin(), plan.end());
    // Empty: as the base workload.
    if (!table.at(r, "recompute").empty()) c.overrides.push_back("workload.parallelism.recompute=" + table.at(r, "recompute"));
    if (!table.at(r, "sequence_parallel").empty()) {
      c.overrides.push_back("workload.parallelism.sequence_parallel=" + table.at(r, "sequence_parallel"));
    }
    if (accelerators % 8 != 0) c.skipped = "not a whole number of 8-accelerator nodes";
    cases.push_back(std::move(c));
  }
}

}  // namespace

std::vector<ValidationCase> ReferenceCases::load(const std::string& root) {
  std::vector<ValidationCase> cases;
  add_mlperf(root, cases);
  add_megatron(root, cases);
  add_llm(root, cases);
  return cases;
}

}  // namespace tcsim::validation
