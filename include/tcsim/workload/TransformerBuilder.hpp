#pragma once
/** @file Builds a transformer's layers from its hyper-parameters. */
#include "tcsim/workload/Model.hpp"
#include "tcsim/workload/TransformerConfig.hpp"

namespace tcsim::workload {

/**
 * @brief Expands a TransformerConfig into layers with per-sequence work: one sample is one
 * sequence of `seq_len` tokens. Matrix multiplies cost 2 FLOPs per multiply-add; attention scores
 * and the attention-weighted sum are counted over the full s x s matrix (as Narayanan et al. 2021
 * do). Activations kept for backward follow Korthikanti et al. 2022: 34 s h + 5 a s^2 bytes per
 * layer and sequence at 16 bits without recompute.
 */
class TransformerBuilder {
public:
  static Model build(const TransformerConfig& config);
  /** @brief Parameters one token activates (= params() for a dense model). */
  static double active_params(const TransformerConfig& config);
};

}  // namespace tcsim::workload
