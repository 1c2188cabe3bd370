#include "tcsim/workload/Model.hpp"

namespace tcsim::workload {

Model::Model(std::string name, std::vector<Layer> layers) : name_(std::move(name)), layers_(std::move(layers)) {}

double Model::params() const {
  double total = 0;
  for (const auto& layer : layers_) total += layer.params;
  return total;
}

double Model::forward_flops_per_sample() const {
  double total = 0;
  for (const auto& layer : layers_) total += layer.forward_flops_per_sample;
  return total;
}

double Model::training_flops_per_sample() const {
  double total = 0;
  for (const auto& layer : layers_) total += layer.forward_flops_per_sample + layer.backward_flops_per_sample;
  return total;
}

double Model::activation_elements_per_sample() const {
  double total = 0;
  for (const auto& layer : layers_) total += layer.output_elements;
  return total;
}

double Model::recompute_flops_per_sample(Recompute mode) const {
  double total = 0;
  for (const auto& layer : layers_) {
    if (layer.block < 0 || mode == Recompute::none) continue;
    if (mode == Recompute::full || layer.kind == OpKind::attention) total += layer.forward_flops_per_sample;
  }
  return total;
}

}  // namespace tcsim::workload
