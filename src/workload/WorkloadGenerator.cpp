#include "tcsim/workload/WorkloadGenerator.hpp"

#include <cmath>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/workload/ModelZoo.hpp"
#include "tcsim/workload/TransformerBuilder.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

namespace tcsim::workload {
namespace {

const char* const kSource = "generate workload";

}  // namespace

nlohmann::ordered_json WorkloadGenerator::generate(const WorkloadGeneratorOptions& o) {
  nlohmann::ordered_json doc;
  doc["schema"] = "tcsim.workload/1";
  doc["name"] = o.name.empty() ? o.kind + "-generated" : o.name;
  doc["sources"] = {"tcsim generate workload " + o.kind};
  const auto entry = ModelZoo::find(o.kind);
  if (o.kind == "resnet50") {
    doc["description"] = "ResNet-50 v1.5 on ImageNet-1k, data parallel (generated)";
    doc["model"] = {{"zoo", "resnet50"}};
    doc["dataset"] = {{"name", "imagenet-1k"}, {"train_samples", 1281167}, {"eval_samples", 50000}};
    doc["global_batch"] = o.global_batch.value_or(32768);
    doc["epochs"] = o.epochs.value_or(56);
    doc["precision"] = "mixed";
    doc["optimizer"] = "lars";
    doc["parallelism"] = {{"dp", o.dp ? nlohmann::ordered_json(*o.dp) : nlohmann::ordered_json()}, {"tp", o.tp}, {"pp", o.pp}};
    doc["evaluation"] = {{"every_epochs", 4}, {"at_end", true}};
  } else if (entry) {
    const TransformerConfig& c = entry->config;
    const double params = TransformerBuilder::active_params(c);
    const double tokens = o.tokens.value_or(std::round(20 * params / 1e9) * 1e9);
    doc["description"] = c.name + " pre-training (generated): " + std::to_string(c.seq_len) + "-token sequences";
    doc["model"] = {{"zoo", o.kind}};
    doc["dataset"] = {{"name", "text"},
                      {"train_samples", static_cast<long long>(std::ceil(tokens / c.seq_len))},
                      {"eval_samples", 0}};
    doc["global_batch"] = o.global_batch.value_or(1024);
    doc["tokens"] = tokens;
    doc["precision"] = "mixed";
    doc["optimizer"] = "adam";
    const std::string recompute = !o.recompute.empty() ? o.recompute : o.pp > 1 ? "full" : "selective";
    doc["parallelism"] = {{"dp", o.dp ? nlohmann::ordered_json(*o.dp) : nlohmann::ordered_json()},
                          {"tp", o.tp},
                          {"pp", o.pp},
                          {"ep", o.ep},
                          {"sequence_parallel", o.sequence_parallel},
                          {"virtual_stages", o.virtual_stages},
                          {"schedule", o.schedule},
                          {"zero_stage", o.zero_stage},
                          {"micro_batch", o.micro_batch},
                          {"recompute", recompute}};
    doc["evaluation"] = {{"every_epochs", 1}, {"at_end", false}};
  } else {
    std::vector<std::string> known = {"resnet50"};
    for (const auto& name : ModelZoo::names()) known.push_back(name);
    throw InputError(kSource, "", "unknown model '" + o.kind + "'; " + suggestion_text(o.kind, known));
  }
  doc["communication"] = {{"bucket_mib", 25}, {"step_overhead_s", 2e-6}};
  // The loader's checks (divisors, plan consistency) apply to what we write.
  WorkloadLoader::from_json(nlohmann::json::parse(doc.dump()), kSource);
  return doc;
}

}  // namespace tcsim::workload
