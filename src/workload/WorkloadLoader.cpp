#include "tcsim/workload/WorkloadLoader.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "tcsim/collective/CollectiveLibrary.hpp"
#include "tcsim/common/JsonCursor.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/workload/ModelZoo.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"
#include "tcsim/workload/TransformerBuilder.hpp"

namespace tcsim::workload {
namespace {

/** Integer, string and boolean hyper-parameters a workload may set on a transformer. */
struct Field {
  const char* name;
  int TransformerConfig::*integer = nullptr;
  std::string TransformerConfig::*text = nullptr;
  bool TransformerConfig::*flag = nullptr;
};

const std::vector<Field>& transformer_fields() {
  using C = TransformerConfig;
  static const std::vector<Field> fields = {
      {"layers", &C::layers},   {"hidden", &C::hidden},       {"heads", &C::heads},
      {"kv_heads", &C::kv_heads}, {"head_dim", &C::head_dim}, {"ffn_hidden", &C::ffn_hidden},
      {"vocab", &C::vocab},     {"seq_len", &C::seq_len},     {"q_lora_rank", &C::q_lora_rank},
      {"kv_lora_rank", &C::kv_lora_rank}, {"qk_nope_head_dim", &C::qk_nope_head_dim},
      {"qk_rope_head_dim", &C::qk_rope_head_dim}, {"v_head_dim", &C::v_head_dim},
      {"experts", &C::experts}, {"top_k", &C::top_k},       {"shared_experts", &C::shared_experts},
      {"expert_ffn_hidden", &C::expert_ffn_hidden}, {"dense_layers", &C::dense_layers},
      {"masked_lm_predictions", &C::masked_lm_predictions},
      {"mlp", nullptr, &C::mlp}, {"norm", nullptr, &C::norm}, {"attention", nullptr, &C::attention},
      {"head", nullptr, &C::head},
      {"bias", nullptr, nullptr, &C::bias}, {"learned_positions", nullptr, nullptr, &C::learned_positions},
      {"tied_embeddings", nullptr, nullptr, &C::tied_embeddings}, {"bert_heads", nullptr, nullptr, &C::bert_heads},
  };
  return fields;
}

/** Checks that the shapes fit together; `model` locates the errors. */
void check_transformer(const TransformerConfig& c, const JsonCursor& model) {
  const auto at = [&model](const char* name) { return model.has(name) ? model.at(name) : model; };
  const std::pair<const char*, int> required[] = {
      {"layers", c.layers}, {"hidden", c.hidden}, {"heads", c.heads}, {"vocab", c.vocab}, {"seq_len", c.seq_len}};
  for (const auto& [name, value] : required) {
    if (value < 1) at(name).fail(std::string(name) + " must be at least 1");
  }
  if (c.attention != "mha" && c.attention != "mla") at("attention").fail("expected \"mha\" or \"mla\"");
  if (c.mlp != "gelu" && c.mlp != "swiglu") at("mlp").fail("expected \"gelu\" or \"swiglu\"");
  if (c.norm != "layernorm" && c.norm != "rmsnorm") at("norm").fail("expected \"layernorm\" or \"rmsnorm\"");
  if (c.head != "lm" && c.head != "span") at("head").fail("expected \"lm\" or \"span\"");
  if (c.attention == "mha") {
    if (c.head_dim == 0 && c.hidden % c.heads != 0)
      at("heads").fail(std::to_string(c.heads) + " heads do not divide hidden " + std::to_string(c.hidden));
    if (c.kv_heads < 1 || c.heads % c.kv_heads != 0)
      at("kv_heads").fail("kv_heads must divide heads (" + std::to_string(c.heads) + "), got " + std::to_string(c.kv_heads));
  } else if (c.q_lora_rank < 1 || c.kv_lora_rank < 1 || c.qk_nope_head_dim < 1 || c.v_head_dim < 1) {
    model.fail("attention \"mla\" needs q_lora_rank, kv_lora_rank, qk_nope_head_dim and v_head_dim");
  }
  if (c.moe()) {
    if (c.top_k < 1 || c.top_k > c.experts) at("top_k").fail("top_k must be between 1 and experts (" + std::to_string(c.experts) + ")");
    if (c.expert_ffn_hidden < 1) at("expert_ffn_hidden").fail("a mixture of experts needs expert_ffn_hidden");
    if (c.dense_layers >= c.layers) at("dense_layers").fail("dense_layers must be fewer than layers");
  }
  if (c.masked_lm_predictions < 0 || c.masked_lm_predictions > c.seq_len)
    at("masked_lm_predictions").fail("masked_lm_predictions must be between 0 (every token) and seq_len (" +
                                     std::to_string(c.seq_len) + ")");
  if (c.masked_lm_predictions > 0 && (!c.bert_heads || c.head != "lm"))
    at("masked_lm_predictions").fail("masked_lm_predictions needs BERT's masked-LM head (\"bert_heads\": true, \"head\": \"lm\")");
  if ((!c.moe() || c.dense_layers > 0) && c.ffn_hidden < 1) at("ffn_hidden").fail("dense MLP layers need ffn_hidden");
}

TransformerConfig load_transformer(const JsonCursor& model, TransformerConfig c) {
  std::vector<std::string> allowed = {"zoo", "kind", "name"};
  for (const auto& f : transformer_fields()) allowed.push_back(f.name);
  model.expect_object_with(allowed);
  if (const auto n = model.find("name")) c.name = n->string();
  for (const auto& f : transformer_fields()) {
    const auto v = model.find(f.name);
    if (!v) continue;
    if (f.integer) c.*(f.integer) = v->int_value();
    if (f.text) c.*(f.text) = v->string();
    if (f.flag) c.*(f.flag) = v->boolean();
  }
  if (!model.has("kv_heads") && !model.has("zoo")) c.kv_heads = c.heads;
  // A span head replaces the masked-LM head a zoo BERT inherits; asking for both stays an error.
  if (c.head == "span" && !model.has("masked_lm_predictions")) c.masked_lm_predictions = 0;
  for (const auto& f : transformer_fields()) {
    if (f.integer && c.*(f.integer) < 0) model.at(f.name).fail("expected an integer >= 0");
  }
  check_transformer(c, model);
  return c;
}

Model load_model(const JsonCursor& model, std::optional<TransformerConfig>& transformer) {
  if (const auto kind = model.find("kind")) {
    // A transformer described from scratch.
    kind->one_of({"transformer"});
    if (model.has("zoo")) kind->fail("give either \"zoo\" or \"kind\", not both");
    TransformerConfig c;
    c.name = "custom-transformer";
    transformer = load_transformer(model, c);
    return TransformerBuilder::build(*transformer);
  }
  const JsonCursor zoo = model.at("zoo");
  const std::string name = zoo.string();
  if (const auto entry = ModelZoo::find(name)) {
    // Any further key overrides a hyper-parameter of the zoo entry.
    transformer = load_transformer(model, entry->config);
    return TransformerBuilder::build(*transformer);
  }
  if (name != "resnet50") {
    std::vector<std::string> known = {"resnet50"};
    for (const auto& n : ModelZoo::names()) known.push_back(n);
    zoo.fail("unknown model '" + name + "'; " + suggestion_text(name, known));
  }
  model.expect_object_with({"zoo", "image_size", "num_classes", "fusion"});
  int image_size = 224;
  int num_classes = 1000;
  if (const auto v = model.find("image_size")) {
    image_size = v->positive_int();
    if (image_size < 32) v->fail("expected an image size of at least 32 pixels (ResNet-50 downsamples by 32)");
  }
  if (const auto v = model.find("num_classes")) num_classes = v->positive_int();
  ResNetFusion fusion = ResNetFusion::bn_relu;
  if (const auto v = model.find("fusion")) {
    const std::string name = v->string();
    const auto known = ResNetBuilder::fusion_named(name);
    if (!known) v->fail("unknown fusion '" + name + "'; " + suggestion_text(name, ResNetBuilder::fusion_names()));
    fusion = *known;
  }
  return ResNetBuilder::resnet50(image_size, num_classes, fusion);
}

/**
 * parallelism.collectives: per communicator kind, one algorithm for all its operations
 * ("dp": "ring") or one per operation ("dp": {"all_reduce": "double_binary_tree"}). Whether
 * the algorithm can run on the actual groups is checked when they are known (at simulation).
 */
void load_collectives(const JsonCursor& v, collective::CollectivePolicy& policy) {
  using namespace collective;
  v.expect_object_with(CollectivePolicy::group_names());
  for (const auto& group : CollectivePolicy::group_names()) {
    const auto entry = v.find(group);
    if (!entry) continue;
    if (entry->raw().is_string()) {
      policy.force(group, std::nullopt, *algorithm_named(entry->one_of(algorithm_names())));
      continue;
    }
    entry->expect_object_with(operation_names());
    for (const auto& op_name : operation_names()) {
      const auto a = entry->find(op_name);
      if (!a) continue;
      const Operation operation = *operation_named(op_name);
      const Algorithm algorithm = *algorithm_named(a->one_of(algorithm_names()));
      if (!CollectiveLibrary::implements(algorithm, operation))
        a->fail(CollectiveLibrary::unavailable_reason(algorithm, operation, Communicator()));
      policy.force(group, operation, algorithm);
    }
  }
}

/** The parallel plan's own consistency (the NPU count is checked against a topology later). */
void load_parallelism(const JsonCursor& par, WorkloadSpec& spec) {
  par.expect_object_with({"dp", "tp", "pp", "ep", "sequence_parallel", "virtual_stages", "schedule", "zero_stage",
                          "micro_batch", "recompute", "stage_layers", "order", "collectives"});
  if (const auto dp = par.find("dp"); dp && !dp->raw().is_null()) spec.dp = dp->positive_int();
  if (const auto v = par.find("tp")) spec.tp = v->positive_int();
  if (const auto v = par.find("pp")) spec.pp = v->positive_int();
  if (const auto v = par.find("ep")) spec.ep = v->positive_int();
  if (const auto v = par.find("sequence_parallel")) spec.sequence_parallel = v->boolean();
  if (const auto v = par.find("virtual_stages")) spec.virtual_stages = v->positive_int();
  if (const auto v = par.find("schedule")) spec.schedule = v->one_of({"gpipe", "1f1b", "interleaved"});
  if (const auto v = par.find("zero_stage")) {
    spec.zero_stage = v->int_value();
    if (spec.zero_stage < 0 || spec.zero_stage > 3) v->fail("expected 0, 1, 2 or 3");
  }
  if (const auto v = par.find("micro_batch")) spec.micro_batch = v->positive_int();
  if (const auto v = par.find("recompute")) {
    const std::string mode = v->one_of({"none", "selective", "full"});
    spec.recompute = mode == "full" ? Recompute::full : mode == "selective" ? Recompute::selective : Recompute::none;
  }
  if (const auto v = par.find("order")) {
    spec.placement_order = v->string_array();
    std::vector<std::string> sorted = spec.placement_order;
    std::sort(sorted.begin(), sorted.end());
    if (sorted != std::vector<std::string>{"dp", "pp", "tp"}) {
      v->fail("expected the three dimensions \"tp\", \"pp\" and \"dp\", each once, innermost first (e.g. [\"tp\", \"pp\", \"dp\"])");
    }
  }
  if (const auto v = par.find("stage_layers")) {
    for (std::size_t i = 0; i < v->array_size(); ++i) spec.stage_layers.push_back(v->at(i).positive_int());
  }
  if (const auto v = par.find("collectives")) load_collectives(*v, spec.collectives);
  const auto at = [&par](const char* name) { return par.has(name) ? par.at(name) : par; };
  if (spec.zero_stage >= 2 && spec.pp > 1) {
    // DeepSpeed refuses this too: gradients and parameters sharded over dp would be gathered
    // and reduced once per micro-batch of every stage.
    at("zero_stage").fail("ZeRO stage " + std::to_string(spec.zero_stage) +
                          " cannot be combined with pipeline parallelism (pp > 1); use zero_stage 1 (the distributed optimizer)");
  }
  if ((spec.schedule == "interleaved") != (spec.virtual_stages > 1)) {
    at("virtual_stages").fail("the interleaved schedule needs virtual_stages > 1, and virtual_stages > 1 needs it");
  }
  if (!spec.transformer) {
    if (!spec.stage_layers.empty()) at("stage_layers").fail("stage_layers splits transformer blocks; this model has none");
    if (spec.tp > 1 || spec.pp > 1 || spec.ep > 1) {
      at(spec.tp > 1 ? "tp" : spec.pp > 1 ? "pp" : "ep")
          .fail("ResNet-50 runs data parallel only; tp, pp and ep apply to transformer models");
    }
    // Accepted and ignored, these would promise a model that does not exist.
    if (spec.recompute != Recompute::none) {
      at("recompute").fail("activation recompute is modelled for transformer blocks only; use \"none\" (the default)");
    }
    if (spec.sequence_parallel) at("sequence_parallel").fail("sequence parallelism splits transformer norms over tp; this model has none");
    if (spec.schedule != "1f1b") at("schedule").fail("a pipeline schedule needs pipeline stages; ResNet-50 runs data parallel only");
    return;
  }
  const TransformerConfig& c = *spec.transformer;
  const auto divides = [&at](const char* field, int by, int what, const std::string& of) {
    if (what % by != 0) {
      at(field).fail(std::string(field) + " = " + std::to_string(by) + " does not divide the " + std::to_string(what) + " " + of);
    }
  };
  divides("tp", spec.tp, c.heads, "attention heads");
  if (c.attention == "mha" && c.kv_heads % spec.tp != 0 && spec.tp % c.kv_heads != 0) {
    at("tp").fail("tp = " + std::to_string(spec.tp) + " and the " + std::to_string(c.kv_heads) +
                  " key/value heads must divide one another");
  }
  if (!c.moe() || c.dense_layers > 0) divides("tp", spec.tp, c.ffn_hidden, "feed-forward width");
  if (!spec.stage_layers.empty()) {
    const JsonCursor list = at("stage_layers");
    if (spec.virtual_stages > 1) list.fail("stage_layers (uneven stages) needs virtual_stages = 1");
    if (static_cast<int>(spec.stage_layers.size()) != spec.pp) {
      list.fail("expected " + std::to_string(spec.pp) + " entries (one per pipeline stage), got " +
                std::to_string(spec.stage_layers.size()));
    }
    int total = 0;
    for (int n : spec.stage_layers) total += n;
    if (total != c.layers) {
      list.fail("the stages hold " + std::to_string(total) + " layers but the model has " + std::to_string(c.layers));
    }
  } else if (spec.virtual_stages > 1 && c.layers % (spec.pp * spec.virtual_stages) != 0) {
    at("virtual_stages").fail("pp x virtual_stages = " + std::to_string(spec.pp * spec.virtual_stages) +
                              " chunks do not divide the " + std::to_string(c.layers) +
                              " layers (interleaved chunks must be equal)");
  } else if (spec.pp > c.layers) {
    at("pp").fail("pp = " + std::to_string(spec.pp) + " stages but the model has only " + std::to_string(c.layers) + " layers");
  }
  if (spec.ep > 1 && !c.moe()) at("ep").fail("ep > 1 needs a mixture-of-experts model");
  if (c.moe()) divides("ep", spec.ep, c.experts, "experts");
  if (spec.micro_batch > 0 && spec.global_batch % spec.micro_batch != 0) {
    at("micro_batch").fail("micro_batch " + std::to_string(spec.micro_batch) + " does not divide the global batch " +
                           std::to_string(spec.global_batch));
  }
}
/** dataset.sample_bytes and dataset.location: what data loading reads, together or not at all. */
void load_dataset_storage(const JsonCursor& dataset, WorkloadSpec& spec) {
  const auto bytes = dataset.find("sample_bytes");
  const auto location = dataset.find("location");
  if (!bytes && !location) return;
  if (!bytes || !location) {
    (bytes ? *bytes : *location).fail("data loading needs both dataset.sample_bytes and dataset.location");
  }
  spec.sample_bytes = bytes->number_within(1, 1e12);
  const std::string tier = location->string();
  const auto named = storage_tier_named(tier);
  if (!named || *named == StorageTier::peer_dram || *named == StorageTier::host_dram) {
    location->fail("expected where the dataset is read from: \"parallel_fs\", \"object_store\" or \"nvme\" (a copy on "
                   "every node), got \"" + tier + "\"" +
                   (named ? "" : "; " + suggestion_text(tier, {"parallel_fs", "object_store", "nvme"})));
  }
  spec.dataset_location = *named;
}

/** "checkpoint": {"mode", "tiers": [{"tier", one of "every_steps", "every_s", "every": "young_daly"}]}. */
void load_checkpoint(const JsonCursor& at, CheckpointSpec& out) {
  at.expect_object_with({"mode", "tiers"});
  if (const auto mode = at.find("mode")) out.asynchronous = mode->one_of({"sync", "async"}) == "async";
  const auto listed = at.find("tiers");
  if (!listed) return;  // no tiers: no checkpoints
  const JsonCursor tiers = *listed;
  if (!tiers.raw().is_array()) tiers.fail("expected an array of {\"tier\": ..., \"every_steps\" | \"every_s\" | \"every\": \"young_daly\"}");
  for (std::size_t i = 0; i < tiers.array_size(); ++i) {
    const JsonCursor entry = tiers.at(i);
    entry.expect_object_with({"tier", "every_steps", "every_s", "every"});
    CheckpointTierSpec t;
    t.json_path = entry.path();
    const JsonCursor tier = entry.at("tier");
    const std::string name = tier.string();
    const auto named = storage_tier_named(name);
    if (!named) tier.fail("unknown storage tier '" + name + "'; " + suggestion_text(name, storage_tier_names()));
    t.tier = *named;
    for (const auto& earlier : out.tiers) {
      if (earlier.tier == t.tier) tier.fail("tier '" + name + "' is listed twice");
    }
    int cadences = 0;
    for (const char* key : {"every_steps", "every_s", "every"}) cadences += entry.has(key) ? 1 : 0;
    if (cadences != 1) entry.fail("give one cadence: every_steps, every_s or \"every\": \"young_daly\"");
    if (const auto v = entry.find("every_steps")) {
      t.policy = CheckpointTierSpec::Policy::every_steps;
      t.every_steps = v->positive_integer();
    } else if (const auto v = entry.find("every_s")) {
      t.policy = CheckpointTierSpec::Policy::every_s;
      t.every_s = v->number_within(1e-3, 3.6e9);
    } else {
      entry.at("every").one_of({"young_daly"});
      t.policy = CheckpointTierSpec::Policy::young_daly;
    }
    out.tiers.push_back(t);
  }
}

}  // namespace

WorkloadSpec WorkloadLoader::from_json(const nlohmann::json& document, const std::string& file) {
  const JsonCursor root(document, file);
  root.expect_object_with({"schema", "name", "description", "sources", "model", "dataset", "global_batch", "epochs", "tokens",
                           "precision", "optimizer", "parallelism", "evaluation", "communication", "checkpoint"});
  const JsonCursor schema = root.at("schema");
  if (schema.string() != "tcsim.workload/1") schema.fail("expected \"tcsim.workload/1\", got \"" + schema.string() + "\"");

  WorkloadSpec spec;
  spec.source_file = file;
  spec.name = root.at("name").string();
  if (const auto d = root.find("description")) spec.description = d->string();
  if (const auto sources = root.find("sources")) sources->string_array();
  spec.model = load_model(root.at("model"), spec.transformer);

  const JsonCursor dataset = root.at("dataset");
  dataset.expect_object_with({"name", "train_samples", "eval_samples", "sample_bytes", "location"});
  spec.dataset_name = dataset.at("name").string();
  spec.train_samples = dataset.at("train_samples").positive_integer();
  spec.eval_samples = dataset.at("eval_samples").integer();
  if (spec.eval_samples < 0) dataset.at("eval_samples").fail("expected an integer >= 0");
  load_dataset_storage(dataset, spec);

  spec.global_batch = root.at("global_batch").positive_integer();
  if (root.has("tokens")) {
    // Language models train for a token budget: epochs over the dataset's sequences.
    if (!spec.transformer) root.at("tokens").fail("a token budget needs a transformer model (use epochs)");
    if (root.has("epochs")) root.at("tokens").fail("give either tokens or epochs, not both");
    spec.epochs = root.at("tokens").positive_number() / (static_cast<double>(spec.train_samples) * spec.transformer->seq_len);
  } else {
    spec.epochs = root.at("epochs").positive_number();
  }
  if (const auto p = root.find("precision")) spec.precision = p->one_of({"mixed"});
  if (const auto o = root.find("optimizer")) spec.optimizer = o->one_of({"sgd_momentum", "lars", "adam", "lamb"});

  if (const auto par = root.find("parallelism")) load_parallelism(*par, spec);

  // The run's length, as engine::RunPlan will count it: steps, then evaluation passes.
  const JsonCursor length = root.has("tokens") ? root.at("tokens") : root.at("epochs");
  const double steps =
      std::ceil(spec.epochs * static_cast<double>(spec.train_samples) / static_cast<double>(spec.global_batch) - 1e-9);
  if (!(steps <= WorkloadSpec::kMaxSteps)) {
    length.fail(fmt::format("the run would take {:.3g} steps of {} samples; at most 2^53 (about 9.0e15) steps can be "
                            "simulated",
                            steps, spec.global_batch));
  }
  std::optional<JsonCursor> every;  // where the cadence came from, if the file sets it
  if (const auto ev = root.find("evaluation")) {
    ev->expect_object_with({"every_epochs", "at_end"});
    every = ev->find("every_epochs");
    if (every) spec.eval_every_epochs = every->positive_number();
    if (const auto e = ev->find("at_end")) spec.eval_at_end = e->boolean();
  }
  if (spec.eval_samples > 0) {
    // A cadence finer than one step evaluates once per step (RunPlan merges the rest).
    const double passes = std::min(std::floor(spec.epochs / spec.eval_every_epochs + 1e-9), steps) + (spec.eval_at_end ? 1 : 0);
    if (passes > static_cast<double>(WorkloadSpec::kMaxEvaluations)) {
      (every ? *every : length)
          .fail(fmt::format("evaluating every {:g} epochs for {:g} epochs is {:.3g} evaluation passes; at most {} are "
                            "simulated (raise evaluation.every_epochs, or set dataset.eval_samples to 0 for none)",
                            spec.eval_every_epochs, spec.epochs, passes, WorkloadSpec::kMaxEvaluations));
    }
  }
  if (const auto checkpoint = root.find("checkpoint")) load_checkpoint(*checkpoint, spec.checkpoint);
  if (const auto comm = root.find("communication")) {
    comm->expect_object_with({"bucket_mib", "step_overhead_s", "overlap_grad_reduce", "algorithm_selection"});
    if (const auto a = comm->find("algorithm_selection")) {
      spec.algorithm_selection =
          a->one_of({"library", "best"}) == "best" ? collective::Selection::best : collective::Selection::library;
    }
    if (const auto o = comm->find("overlap_grad_reduce")) spec.overlap_grad_reduce = o->boolean();
    if (const auto b = comm->find("bucket_mib")) spec.gradient_bucket_bytes = b->positive_number() * 1024 * 1024;
    if (const auto s = comm->find("step_overhead_s")) spec.collective_step_overhead_s = s->latency_s();
  }
  return spec;
}

}  // namespace tcsim::workload
