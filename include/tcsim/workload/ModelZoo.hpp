#pragma once
/** @file Named transformer configurations (BERT, GPT-3, Megatron 1T, Llama 2/3, an MoE). */
#include <optional>
#include <string>
#include <vector>

#include "tcsim/workload/TransformerConfig.hpp"

namespace tcsim::workload {

/** @brief The built-in transformer architectures, with their published sizes and sources. */
class ModelZoo {
public:
  struct Entry {
    TransformerConfig config;
    /** @brief Published parameter count (total), and activated per token for MoE (else = total). */
    double published_params = 0;
    double published_active_params = 0;
    /** @brief Half a unit of the published figure's last digit ("2.7B": 0.05e9). */
    double published_rounding = 0;
    std::string source;
  };
  /** @brief The entry called `name`, if any ("resnet50" is built by ResNetBuilder, not here). */
  static std::optional<Entry> find(const std::string& name);
  /** @brief Every transformer name, in catalog order. */
  static std::vector<std::string> names();
};

}  // namespace tcsim::workload
