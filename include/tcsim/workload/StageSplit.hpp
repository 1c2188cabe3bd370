#pragma once
/** @file The default split of transformer blocks over pipeline (virtual) stages. */
#include <vector>

namespace tcsim::workload {

/**
 * @brief Blocks per stage for `blocks` over `stages`, as even as possible; when they do not
 * divide, stages 1, 2, ... get one more, since stage 0 also computes the embedding.
 */
inline std::vector<int> even_stage_split(int blocks, int stages) {
  std::vector<int> split(stages, blocks / stages);
  for (int i = 0; i < blocks % stages; ++i) ++split[(1 + i) % stages];
  return split;
}

}  // namespace tcsim::workload
