#include "tcsim/engine/StepPlan.hpp"

#include <algorithm>

namespace tcsim::engine {

double StepPlan::ComputeStream::compute_s() const {
  double total = forward_s + backward_tail_s + optimizer_s;
  for (double s : backward_segment_s) total += s;
  return total;
}

double StepPlan::compute_s() const {
  double slowest = 0;
  for (const auto& stream : streams) slowest = std::max(slowest, stream.compute_s());
  return slowest;
}

StepPlan StepPlan::data_parallel(const workload::Model& model, const std::vector<RankCompute>& devices,
                                 double batch_per_rank, double bucket_bytes, const std::string& optimizer,
                                 std::vector<std::vector<int>> dp_ranks_by_node, double collective_step_overhead_s) {
  StepPlan plan;
  plan.batch_per_rank = batch_per_rank;
  plan.dp_ranks_by_node = std::move(dp_ranks_by_node);
  plan.collective_step_overhead_s = collective_step_overhead_s;

  // Bucket boundaries depend on the parameters only, so every device closes the same buckets;
  // only the time between closures differs.
  for (std::size_t d = 0; d < devices.size(); ++d) {
    const ComputeModel& compute = devices[d].compute;
    ComputeStream stream;
    stream.representative_rank = devices[d].representative_rank;
    stream.device = compute.device().key;
    stream.forward_s = compute.forward_s(model, batch_per_rank);
    const auto& layers = model.layers();
    double segment_s = 0;
    double pending_bytes = 0;
    std::vector<double> buckets;
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
      segment_s += compute.backward_s(*it, batch_per_rank);
      pending_bytes += it->params * ComputeModel::kActivationBytes;
      if (pending_bytes >= bucket_bytes) {
        stream.backward_segment_s.push_back(segment_s);
        buckets.push_back(pending_bytes);
        segment_s = 0;
        pending_bytes = 0;
      }
    }
    if (pending_bytes > 0 || buckets.empty()) {
      stream.backward_segment_s.push_back(segment_s);
      buckets.push_back(pending_bytes);
    } else {
      stream.backward_tail_s = segment_s;  // parameter-free layers after the last bucket closed
    }
    stream.optimizer_s = compute.optimizer_s(model, optimizer, static_cast<int>(buckets.size()));
    if (d == 0) plan.bucket_bytes = std::move(buckets);
    plan.streams.push_back(std::move(stream));
  }
  return plan;
}

StepPlan StepPlan::data_parallel(const workload::Model& model, const ComputeModel& compute, double batch_per_rank,
                                 double bucket_bytes, const std::string& optimizer,
                                 std::vector<std::vector<int>> dp_ranks_by_node, double collective_step_overhead_s) {
  const int first_rank = dp_ranks_by_node.empty() || dp_ranks_by_node.front().empty() ? 0 : dp_ranks_by_node.front().front();
  return data_parallel(model, std::vector<RankCompute>{{first_rank, compute}}, batch_per_rank, bucket_bytes, optimizer,
                       std::move(dp_ranks_by_node), collective_step_overhead_s);
}

}  // namespace tcsim::engine
