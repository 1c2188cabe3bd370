#pragma once
/** @file The validation rows of data/reference/, mapped onto reference topologies and workloads. */
#include <string>
#include <vector>

#include "tcsim/validation/ValidationCase.hpp"

namespace tcsim::validation {

/**
 * @brief Reads mlperf-resnet50-public.csv and megatron-public.csv under `root`/data/reference and
 * maps every row: MLPerf ResNet-50 rows to resnet50-mlperf on the topology of their accelerator
 * (Ascend 910: atlas900-1024; V100: dgx1-v100; A100: dgx-a100-superpod; H100/H200:
 * dgx-h100-superpod) resized to the row's nodes, with its global batch and epochs; Megatron rows
 * to gpt3-175b reshaped to the row's model and tp/pp on the A100 superpod. Rows without a model
 * shape are kept, marked skipped.
 */
class ReferenceCases {
public:
  static std::vector<ValidationCase> load(const std::string& root);
};

}  // namespace tcsim::validation
