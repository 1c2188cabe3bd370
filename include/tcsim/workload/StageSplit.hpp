#pragma once
/** @file How a transformer's blocks and layers are split over pipeline (virtual) stages. */
#include <vector>

#include "tcsim/workload/Model.hpp"

namespace tcsim::workload {

/**
 * @brief Blocks per stage for `blocks` over `stages`, as even as possible; when they do not
 * divide, stages 1, 2, ... get one more, since stage 0 also computes the embedding.
 */
std::vector<int> even_stage_split(int blocks, int stages);

/**
 * @brief The virtual stage of each of `model`'s layers: blocks by `blocks_per_stage`, the layers
 * before the first block (embedding) on stage 0, those after the last (final norm, head, loss)
 * on the last stage. An empty split puts every layer on stage 0.
 */
std::vector<int> stage_of_layers(const Model& model, const std::vector<int>& blocks_per_stage);

}  // namespace tcsim::workload
