#pragma once
/** @file A neural network as an ordered list of layers. */
#include <string>
#include <vector>

#include "tcsim/workload/Layer.hpp"
#include "tcsim/workload/Recompute.hpp"

namespace tcsim::workload {

/** @brief A model: layers in forward order and totals derived from them. */
class Model {
public:
  Model() = default;
  Model(std::string name, std::vector<Layer> layers);

  const std::string& name() const { return name_; }
  const std::vector<Layer>& layers() const { return layers_; }

  /** @brief Total trainable parameters. */
  double params() const;
  /** @brief Forward FLOPs for one sample (multiply-add = 2 FLOPs). */
  double forward_flops_per_sample() const;
  /** @brief Forward + backward FLOPs for one sample. */
  double training_flops_per_sample() const;
  /** @brief Activation elements stored for backward, per sample. */
  double activation_elements_per_sample() const;
  /**
   * @brief Forward FLOPs replayed in the backward pass per sample: none; selective (the attention
   * core, Korthikanti et al. 2022); full (every transformer block's forward, as Megatron does).
   */
  double recompute_flops_per_sample(Recompute mode) const;

private:
  std::string name_;
  std::vector<Layer> layers_;
};

}  // namespace tcsim::workload
