#pragma once
/** @file A collective algorithm expressed as phases of concurrent point-to-point flows. */
#include <string>
#include <vector>

namespace tcsim::collective {

/**
 * @brief Chunk size of pipelined algorithms (trees, broadcast chains), in bytes: NCCL's default
 * 4 MiB buffer split into its 8 pipeline steps.
 */
constexpr double kPipelineChunkBytes = 512.0 * 1024;

/** @brief One persistent transfer between two ranks (global NPU indices), in bytes. */
struct Flow {
  int src = 0;
  int dst = 0;
  double bytes = 0;
  /**
   * @brief The communicator group (e.g. one ring) the flow belongs to within its phase. A group
   * finishes together: in a pipelined ring every chunk crosses every link, so the slowest flow
   * sets the pace of the whole ring.
   */
  int group = 0;
  /**
   * @brief The independent part of the collective's data the flow carries (the 2D torus sends
   * half its buffer rows first and half columns first). A group waits only for earlier groups
   * of its own lane on its ranks, so the lanes run at their own pace, as their streams do in
   * real libraries.
   */
  int lane = 0;
};

/**
 * @brief Flows that run concurrently, after which every group pays `latency_steps` algorithm
 * steps of latency. A pipelined ring is one phase: N persistent flows carrying all the ring's
 * bytes, plus its 2(N-1) (all-reduce) or N-1 (reduce-scatter, all-gather) step latencies.
 */
struct FlowPhase {
  std::string label;
  std::vector<Flow> flows;
  int latency_steps = 0;
  /**
   * @brief Pipelined over chunks (trees, broadcast chains) when > 0: the number of hops a chunk
   * crosses. The flows' bytes then move as C = ceil(largest flow / chunk_bytes) chunks: the phase
   * pays (C + depth - 1) step latencies instead of `latency_steps`, and its transfer lasts
   * (C + fill_steps)/C times the flows' own (the pipeline fills and drains).
   */
  int pipeline_depth = 0;
  /** @brief Chunk size of a pipelined phase, in bytes. */
  double chunk_bytes = 0;
  /**
   * @brief Chunk-times the pipeline's fill and drain add to the transfer (depth - 1 when every
   * step carries a full chunk per rank; less when the busiest rank is idle in some of them).
   */
  double fill_steps = 0;
  /**
   * @brief When >= 0, its groups also wait, on each of their ranks, for the last earlier groups
   * of this lane: a lane that streams one part of the data after another (HCCL's Pipeline: the
   * next slice crosses a level's links only after the previous slice has left them).
   */
  int also_after_lane = -1;

  /** @brief Chunks of a pipelined phase whose flows carry `scale` times their bytes (1 if not pipelined). */
  int chunks(double scale) const;
  /** @brief Algorithm steps (latencies) the phase pays when its flows carry `scale` times their bytes. */
  int steps(double scale) const;
  /** @brief Extra transfer time of the pipeline's fill, as a fraction of the flows' transfer time. */
  double fill_fraction(double scale) const;
  /** @brief A copy of everything but the flows (keep it in step with the fields above). */
  FlowPhase without_flows() const;
};

/**
 * @brief Phases in order: a group of phase p+1 starts when the groups of the last earlier phase
 * that touched each of its ranks (in its lane, and in its phase's also_after_lane) are done.
 */
struct FlowSchedule {
  std::string algorithm;
  std::vector<FlowPhase> phases;

  /** @brief Total flows over all phases (what the simulator pays for). */
  std::size_t flow_count() const;
  /** @brief Bytes sent by `rank` over all phases. */
  double bytes_sent_by(int rank) const;
  /** @brief Bytes received by `rank` over all phases. */
  double bytes_received_by(int rank) const;
};

}  // namespace tcsim::collective
