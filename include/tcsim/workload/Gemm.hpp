#pragma once
/** @file One matrix multiply of a layer, by shape, as the device's matrix units tile it. */

namespace tcsim::workload {

/** @brief Which dimension of a GEMM tensor parallelism divides (Megatron-LM's layouts). */
enum class GemmSplit {
  /** Column-parallel weight (QKV, MLP input, vocabulary-parallel head): the output columns N. */
  columns,
  /** Row-parallel weight (attention output, MLP output): the reduction length K. */
  reduction,
  /** Attention heads: the independent instances. */
  instances,
};

/**
 * @brief A forward matrix multiply C[M x N] = A[M x K] B[K x N], `instances` times over
 * (attention heads, experts). M grows with the batch: `rows_per_sample` output rows per sample
 * (tokens, output pixels). FLOPs count a multiply-add as 2.
 *
 * The backward pass follows from the forward shape: with a weight, the data gradient
 * dA = dC B^T (M x K, reducing over N) and the weight gradient dB = A^T dC (K x N, reducing over
 * the batch's M rows); without one (the attention core), two multiplies of the forward's shape.
 */
struct Gemm {
  double rows_per_sample = 0;
  double n = 0;
  double k = 0;
  double instances = 1;
  GemmSplit tp_split = GemmSplit::columns;
  /** @brief False for products of two activations (attention scores and values). */
  bool has_weight = true;
  /** @brief False where no input gradient is needed (the first layer sees the images). */
  bool data_gradient = true;
  /** @brief Routed experts of a mixture-of-experts layer (instances split over ep ranks). */
  bool experts = false;

  double forward_flops_per_sample() const { return 2 * rows_per_sample * n * k * instances; }
};

}  // namespace tcsim::workload
