#include "tcsim/workload/WorkloadLoader.hpp"

#include "tcsim/common/JsonCursor.hpp"
#include "tcsim/common/NearestKey.hpp"
#include "tcsim/workload/ResNetBuilder.hpp"

namespace tcsim::workload {
namespace {

Model load_model(const JsonCursor& model) {
  const JsonCursor zoo = model.at("zoo");
  const std::string name = zoo.string();
  const std::vector<std::string> known = {"resnet50"};
  if (name != "resnet50") zoo.fail("unknown model '" + name + "'; " + suggestion_text(name, known));
  // Any further key overrides a hyper-parameter of the zoo entry.
  model.expect_object_with({"zoo", "image_size", "num_classes"});
  int image_size = 224;
  int num_classes = 1000;
  if (const auto v = model.find("image_size")) {
    image_size = static_cast<int>(v->positive_integer());
    if (image_size < 32) v->fail("expected an image size of at least 32 pixels (ResNet-50 downsamples by 32)");
  }
  if (const auto v = model.find("num_classes")) num_classes = static_cast<int>(v->positive_integer());
  return ResNetBuilder::resnet50(image_size, num_classes);
}

}  // namespace

WorkloadSpec WorkloadLoader::from_json(const nlohmann::json& document, const std::string& file) {
  const JsonCursor root(document, file);
  root.expect_object_with({"schema", "name", "description", "sources", "model", "dataset", "global_batch", "epochs",
                           "precision", "optimizer", "parallelism", "evaluation", "communication"});
  const JsonCursor schema = root.at("schema");
  if (schema.string() != "tcsim.workload/1") schema.fail("expected \"tcsim.workload/1\", got \"" + schema.string() + "\"");

  WorkloadSpec spec;
  spec.source_file = file;
  spec.name = root.at("name").string();
  if (const auto d = root.find("description")) spec.description = d->string();
  if (const auto sources = root.find("sources")) sources->string_array();
  spec.model = load_model(root.at("model"));

  const JsonCursor dataset = root.at("dataset");
  dataset.expect_object_with({"name", "train_samples", "eval_samples"});
  spec.dataset_name = dataset.at("name").string();
  spec.train_samples = dataset.at("train_samples").positive_integer();
  spec.eval_samples = dataset.at("eval_samples").integer();
  if (spec.eval_samples < 0) dataset.at("eval_samples").fail("expected an integer >= 0");

  spec.global_batch = root.at("global_batch").positive_integer();
  spec.epochs = root.at("epochs").positive_number();
  if (const auto p = root.find("precision")) spec.precision = p->one_of({"mixed"});
  if (const auto o = root.find("optimizer")) spec.optimizer = o->one_of({"sgd_momentum", "lars"});

  if (const auto par = root.find("parallelism")) {
    par->expect_object_with({"dp", "tp", "pp"});
    if (const auto dp = par->find("dp"); dp && !dp->raw().is_null()) spec.dp = static_cast<int>(dp->positive_integer());
    // Tensor and pipeline parallelism come with the parallel planner (issue 4); refuse rather
    // than silently simulate something else.
    if (const auto tp = par->find("tp")) {
      spec.tp = static_cast<int>(tp->positive_integer());
      if (spec.tp != 1) tp->fail("only tp = 1 is supported for now (tensor parallelism is not implemented yet)");
    }
    if (const auto pp = par->find("pp")) {
      spec.pp = static_cast<int>(pp->positive_integer());
      if (spec.pp != 1) pp->fail("only pp = 1 is supported for now (pipeline parallelism is not implemented yet)");
    }
  }

  if (const auto ev = root.find("evaluation")) {
    ev->expect_object_with({"every_epochs", "at_end"});
    if (const auto e = ev->find("every_epochs")) spec.eval_every_epochs = e->positive_number();
    if (const auto e = ev->find("at_end")) spec.eval_at_end = e->boolean();
  }
  if (const auto comm = root.find("communication")) {
    comm->expect_object_with({"bucket_mib", "step_overhead_s"});
    if (const auto b = comm->find("bucket_mib")) spec.gradient_bucket_bytes = b->positive_number() * 1024 * 1024;
    if (const auto s = comm->find("step_overhead_s")) spec.collective_step_overhead_s = s->non_negative_number();
  }
  return spec;
}

}  // namespace tcsim::workload
