#include "tcsim/workload/StageSplit.hpp"

namespace tcsim::workload {

std::vector<int> even_stage_split(int blocks, int stages) {
  std::vector<int> split(stages, blocks / stages);
  for (int i = 0; i < blocks % stages; ++i) ++split[(1 + i) % stages];
  return split;
}

std::vector<int> stage_of_layers(const Model& model, const std::vector<int>& blocks_per_stage) {
  const auto& layers = model.layers();
  if (blocks_per_stage.empty()) return std::vector<int>(layers.size(), 0);
  std::vector<int> stage_of_block;
  for (std::size_t k = 0; k < blocks_per_stage.size(); ++k) {
    stage_of_block.insert(stage_of_block.end(), blocks_per_stage[k], static_cast<int>(k));
  }
  const int last = static_cast<int>(blocks_per_stage.size()) - 1;
  std::vector<int> owner;
  owner.reserve(layers.size());
  bool after_blocks = false;
  for (const auto& layer : layers) {
    if (layer.block >= 0) {
      owner.push_back(stage_of_block.at(layer.block));
      after_blocks = true;
    } else {
      owner.push_back(after_blocks ? last : 0);
    }
  }
  return owner;
}

}  // namespace tcsim::workload
