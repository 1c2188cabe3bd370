#include "tcsim/engine/StepPlan.hpp"

namespace tcsim::engine {

double StepPlan::compute_s() const {
  double total = forward_s + backward_tail_s + optimizer_s;
  for (double s : backward_segment_s) total += s;
  return total;
}

StepPlan StepPlan::data_parallel(const workload::Model& model, const ComputeModel& compute, double batch_per_rank,
                                 double bucket_bytes, const std::string& optimizer,
                                 std::vector<std::vector<int>> dp_ranks_by_node, double collective_step_overhead_s) {
  StepPlan plan;
  plan.batch_per_rank = batch_per_rank;
  plan.forward_s = compute.forward_s(model, batch_per_rank);
  plan.dp_ranks_by_node = std::move(dp_ranks_by_node);
  plan.collective_step_overhead_s = collective_step_overhead_s;

  const auto& layers = model.layers();
  double segment_s = 0;
  double pending_bytes = 0;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    segment_s += compute.backward_s(*it, batch_per_rank);
    pending_bytes += it->params * ComputeModel::kActivationBytes;
    if (pending_bytes >= bucket_bytes) {
      plan.backward_segment_s.push_back(segment_s);
      plan.bucket_bytes.push_back(pending_bytes);
      segment_s = 0;
      pending_bytes = 0;
    }
  }
  if (pending_bytes > 0 || plan.bucket_bytes.empty()) {
    plan.backward_segment_s.push_back(segment_s);
    plan.bucket_bytes.push_back(pending_bytes);
  } else {
    plan.backward_tail_s = segment_s;  // parameter-free layers after the last bucket closed
  }
  plan.optimizer_s = compute.optimizer_s(model, optimizer, static_cast<int>(plan.bucket_bytes.size()));
  return plan;
}

}  // namespace tcsim::engine
