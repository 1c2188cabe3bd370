#include "tcsim/workload/WorkloadGenerator.hpp"

#include <cmath>

#include <fmt/format.h>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/workload/ModelZoo.hpp"
#include "tcsim/workload/TransformerBuilder.hpp"
#include "tcsim/workload/WorkloadLoader.hpp"

namespace tcsim::workload {
namespace {

const char* const kSource = "generate workload";

void refuse(bool given, const char* flag, const std::string& why) {
  if (given) throw InputError(kSource, "", std::string(flag) + ": " + why);
}

/** Tokens or epochs: a finite number > 0 (NaN used to become a sample count of -2^63). */
void check_amount(const std::optional<double>& value, const char* flag) {
  if (value && !(std::isfinite(*value) && *value > 0)) {
    throw InputError(kSource, "", std::string(flag) + ": expected a finite number > 0, got " + fmt::format("{}", *value));
  }
}

/**
 * ResNet-50's plan: the options given, written into the document so that the workload loader,
 * not a second list here, decides which the data-parallel engine supports (gradient accumulation
 * and ZeRO yes; pipelines, experts, recompute no).
 */
nlohmann::ordered_json resnet_parallelism(const WorkloadGeneratorOptions& o) {
  nlohmann::ordered_json p = {{"dp", o.dp ? nlohmann::ordered_json(*o.dp) : nlohmann::ordered_json()}, {"tp", o.tp}, {"pp", o.pp}};
  if (o.ep) p["ep"] = *o.ep;
  if (o.micro_batch) p["micro_batch"] = *o.micro_batch;
  if (o.schedule) p["schedule"] = *o.schedule;
  if (o.virtual_stages) p["virtual_stages"] = *o.virtual_stages;
  if (o.zero_stage) p["zero_stage"] = *o.zero_stage;
  if (o.recompute) p["recompute"] = *o.recompute;
  if (o.sequence_parallel) p["sequence_parallel"] = true;
  return p;
}

}  // namespace

nlohmann::ordered_json WorkloadGenerator::generate(const WorkloadGeneratorOptions& o) {
  nlohmann::ordered_json doc;
  doc["schema"] = "tcsim.workload/1";
  doc["name"] = o.name.empty() ? o.kind + "-generated" : o.name;
  doc["sources"] = {"tcsim generate workload " + o.kind};
  const auto entry = ModelZoo::find(o.kind);
  check_amount(o.tokens, "--tokens");
  check_amount(o.epochs, "--epochs");
  if (o.kind == "resnet50") {
    refuse(o.tokens.has_value(), "--tokens", "applies to language models only, not to resnet50 (image models train for --epochs)");
    doc["description"] = "ResNet-50 v1.5 on ImageNet-1k, data parallel (generated)";
    doc["model"] = {{"zoo", "resnet50"}};
    doc["dataset"] = {{"name", "imagenet-1k"}, {"train_samples", 1281167}, {"eval_samples", 50000}};
    doc["global_batch"] = o.global_batch.value_or(32768);
    doc["epochs"] = o.epochs.value_or(56);
    doc["precision"] = "mixed";
    doc["optimizer"] = "lars";
    doc["parallelism"] = resnet_parallelism(o);
    doc["evaluation"] = {{"every_epochs", 4}, {"at_end", true}};
  } else if (entry) {
    refuse(o.epochs.has_value(), "--epochs", "applies to image models only, not to " + o.kind + " (use --tokens)");
    const TransformerConfig& c = entry->config;
    const double params = TransformerBuilder::active_params(c);
    const double tokens = o.tokens.value_or(std::round(20 * params / 1e9) * 1e9);
    // The sample count is an int64 in the document; the loader then bounds the steps (2^53).
    if (tokens / c.seq_len > 9e18) {
      throw InputError(kSource, "", "--tokens: " + fmt::format("{:g}", tokens) + " tokens are more than 9e18 sequences");
    }
    doc["description"] = c.name + " pre-training (generated): " + std::to_string(c.seq_len) + "-token sequences";
    doc["model"] = {{"zoo", o.kind}};
    doc["dataset"] = {{"name", "text"},
                      {"train_samples", static_cast<long long>(std::ceil(tokens / c.seq_len))},
                      {"eval_samples", 0}};
    doc["global_batch"] = o.global_batch.value_or(1024);
    doc["tokens"] = tokens;
    doc["precision"] = "mixed";
    doc["optimizer"] = "adam";
    const std::string recompute = o.recompute.value_or(o.pp > 1 ? "full" : "selective");
    doc["parallelism"] = {{"dp", o.dp ? nlohmann::ordered_json(*o.dp) : nlohmann::ordered_json()},
                          {"tp", o.tp},
                          {"pp", o.pp},
                          {"ep", o.ep.value_or(1)},
                          {"sequence_parallel", o.sequence_parallel},
                          {"virtual_stages", o.virtual_stages.value_or(1)},
                          {"schedule", o.schedule.value_or("1f1b")},
                          {"zero_stage", o.zero_stage.value_or(0)},
                          {"micro_batch", o.micro_batch.value_or(1)},
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
