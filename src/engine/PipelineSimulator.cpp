#include "tcsim/engine/PipelineSimulator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include "tcsim/platform/SimGridSession.hpp"
#include "CollectivePlanner.hpp"
#include "FlowExecution.hpp"
#include "RouteCache.hpp"
#include "PeakUsage.hpp"
#include "UncontendedFlows.hpp"

namespace tcsim::engine {
namespace {

namespace s4u = simgrid::s4u;
using Collective = StepGraph::Collective;
using detail::Counters;
using detail::TimedSchedule;

/** One stage's clock: where its time went (idle is filled in at the end), and when. */
struct StageClock {
  StageBreakdown parts;
  /** Time spent in passes (compute and their collectives). */
  double pass_busy_s = 0;
  double passes_end_s = 0;
  double end_s = 0;
};

collective::Operation operation_of(Collective::Kind kind) {
  switch (kind) {
    case Collective::Kind::all_reduce: return collective::Operation::all_reduce;
    case Collective::Kind::reduce_scatter: return collective::Operation::reduce_scatter;
    case Collective::Kind::all_gather: return collective::Operation::all_gather;
    case Collective::Kind::all_to_all: return collective::Operation::all_to_all;
  }
  return collective::Operation::all_reduce;
}

/** Every group of `group` kind that stage p's collective spans in data replica 0 (or all replicas). */
std::vector<std::vector<int>> groups_of(Collective::Group group, int p, const StepGraph& graph) {
  const auto& plan = graph.plan();
  const auto& placement = graph.placement();
  std::vector<std::vector<int>> groups;
  switch (group) {
    case Collective::Group::tp: groups.push_back(placement.tp_group(0, p)); break;
    case Collective::Group::ep:
      for (int t = 0; t < plan.tp; ++t) groups.push_back(placement.ep_group(0, p, t));
      break;
    case Collective::Group::dp:
      for (int t = 0; t < plan.tp; ++t) groups.push_back(placement.dp_group(p, t));
      break;
    case Collective::Group::edp:
      // Every expert slot's replicas: the data-parallel groups of the ep ranks of replica block 0.
      for (int e = 0; e < plan.ep; ++e)
        for (int t = 0; t < plan.tp; ++t) groups.push_back(placement.expert_dp_group(e, p, t));
      break;
  }
  return groups;
}

using ScheduleKey = std::tuple<int, Collective::Kind, Collective::Group>;

/**
 * Lets a schedule replay repeated calls (TimedSchedule::replay_repeated_calls) when only its
 * stage's actor runs it, between passes (`pass_keys` and no other use), and none of its links
 * carries another schedule or a pipeline send: its calls then see the same idle links every
 * time. Typically tensor-parallel collectives inside a node, called for every micro-batch.
 */
/** The routes of replica 0's pipeline sends (any number of them may be in flight at once). */
std::vector<std::pair<int, int>> pipeline_send_routes(const StepGraph& graph) {
  const auto& plan = graph.plan();
  const auto& placement = graph.placement();
  std::vector<std::pair<int, int>> sends;
  for (int p = 0; p < plan.pp; ++p) {
    for (int to : {(p + 1) % plan.pp, (p + plan.pp - 1) % plan.pp}) {
      for (int t = 0; t < plan.tp; ++t) {
        const int src = placement.npu(0, p, t);
        const int dst = placement.npu(0, to, t);
        if (src != dst) sends.emplace_back(src, dst);
      }
    }
  }
  return sends;
}

void allow_replay(detail::RouteCache& routes, const StepGraph& graph, std::map<ScheduleKey, TimedSchedule>& schedules,
                  const std::set<ScheduleKey>& pass_keys, const std::set<ScheduleKey>& other_keys) {
  // Users of each link: schedules, and pipeline sends (as one more user).
  std::map<const s4u::Link*, int> users;
  std::map<ScheduleKey, std::set<const s4u::Link*>> links_of;
  auto add_route = [&](int src, int dst, std::set<const s4u::Link*>& links) {
    const detail::RouteFigures& r = routes.route(src, dst);
    for (std::size_t k = 0; k < r.link_count; ++k) links.insert(routes.link(r, k));
  };
  for (const auto& [key, schedule] : schedules) {
    auto& links = links_of[key];
    for (const auto& phase : schedule.schedule.phases)
      for (const auto& flow : phase.flows) add_route(flow.src, flow.dst, links);
    for (const s4u::Link* link : links) ++users[link];
  }
  std::set<const s4u::Link*> sends;
  for (const auto& [src, dst] : pipeline_send_routes(graph)) add_route(src, dst, sends);
  for (const s4u::Link* link : sends) ++users[link];
  for (auto& [key, schedule] : schedules) {
    if (pass_keys.count(key) == 0 || other_keys.count(key) != 0) continue;
    const auto& links = links_of[key];
    schedule.replay_repeated_calls =
        std::all_of(links.begin(), links.end(), [&](const s4u::Link* link) { return users[link] == 1; });
  }
}

/**
 * Splits every schedule's phases into flows to simulate and flows no link can slow
 * (UncontendedFlows). A schedule is one stream: one actor runs it, call after call, phase after
 * phase; a schedule run by two actors (between passes and beside them) may overlap itself, so
 * it counts as unbounded traffic, like the pipeline sends.
 */
void split_uncontended(detail::RouteCache& routes, const StepGraph& graph,
                       std::map<ScheduleKey, TimedSchedule>& schedules, const std::set<ScheduleKey>& pass_keys,
                       const std::set<ScheduleKey>& other_keys, LinkDemand* demand) {
  detail::UncontendedFlows uncontended(routes);
  for (const auto& [src, dst] : pipeline_send_routes(graph)) uncontended.add_unbounded(src, dst);
  std::vector<TimedSchedule*> streams;  // in the order their phases were added
  for (auto& [key, schedule] : schedules) {
    const bool one_actor = pass_keys.count(key) == 0 || other_keys.count(key) == 0;
    for (const auto& phase : schedule.schedule.phases) {
      if (one_actor) uncontended.add(static_cast<int>(streams.size()), phase.flows.data(), phase.flows.size());
      else
        for (const auto& flow : phase.flows) uncontended.add_unbounded(flow.src, flow.dst);
    }
    if (one_actor) streams.push_back(&schedule);
  }
  if (demand != nullptr) uncontended.record(*demand);
  std::vector<detail::FlowSplit> splits = uncontended.split();
  std::size_t next = 0;
  for (TimedSchedule* schedule : streams)
    for (std::size_t p = 0; p < schedule->schedule.phases.size(); ++p) schedule->splits.push_back(std::move(splits.at(next++)));
}

/** One stage's overlapped gradient reduction: buckets per chunk, and the queue to its stream. */
struct OverlapPlan {
  bool active = false;
  /**
   * Per chunk: index in the stage's ops of its last backward pass, the segments it is cut into,
   * each segment's share of the bytes and the buckets (calls) it stands for.
   */
  std::vector<int> last_backward;
  std::vector<int> buckets;
  std::vector<double> share;
  std::vector<int> calls;
  int total_buckets = 0;
  /** Segments done, in order: their share of the bytes and their calls. */
  std::vector<std::pair<double, int>> queue;
  s4u::SemaphorePtr ready;
  s4u::SemaphorePtr done;
};

}  // namespace

StepResult PipelineSimulator::simulate(const platform::Platform& platform, const StepGraph& graph,
                                       const CollectiveSettings& settings, TraceRecorder* trace, LinkDemand* demand) {
  auto& engine = platform::SimGridSession::engine();
  const double start_s = s4u::Engine::get_clock();
  const parallel::ParallelPlan& plan = graph.plan();
  const parallel::RankPlacement& placement = graph.placement();
  const int m = plan.micro_batches;
  const int last_vs = plan.virtual_stage_count() - 1;

  // Collectives are planned once per stage, group and kind, for the size of one call (route
  // latencies looked up once); every group of that kind in data replica 0 runs at once.
  detail::CollectivePlanner planner(platform, settings, graph.step_overhead_s());
  detail::RouteCache routes(platform);
  auto schedules = std::make_shared<std::map<ScheduleKey, TimedSchedule>>();
  std::set<ScheduleKey> pass_keys;
  std::set<ScheduleKey> other_keys;
  for (const auto& stage : graph.stages()) {
    // `in_pass`: run by the stage's actor between its passes; `calls`: calls it is split into.
    auto prepare = [&](const Collective& c, bool in_pass, double calls = 1) {
      const ScheduleKey key{stage.stage, c.kind, c.group};
      (in_pass ? pass_keys : other_keys).insert(key);
      if (schedules->count(key) != 0) return;
      const double per_call = c.bytes / std::max(1, c.count) / calls;
      std::vector<collective::Communicator> groups;
      for (const auto& ranks : groups_of(c.group, stage.stage, graph)) groups.emplace_back(placement.by_node(ranks));
      schedules->emplace(key, TimedSchedule(routes,
                                            planner.plan(StepGraph::group_name(c.group), operation_of(c.kind), groups, per_call),
                                            per_call, graph.step_overhead_s()));
    };
    for (const auto& pass : stage.forward)
      for (const auto& c : pass.collectives) prepare(c, true);
    for (const auto& pass : stage.backward)
      for (const auto& c : pass.collectives) prepare(c, true);
    // Overlapped gradient reduction runs bucket by bucket: choose the algorithm for a bucket.
    const double bucket = graph.overlap_bucket_bytes();
    for (const auto& c : stage.gradient_sync)
      prepare(c, false, bucket > 0 ? std::max(1.0, std::ceil(c.bytes / bucket - 1e-9)) : 1.0);
    for (const auto& c : stage.after_optimizer) prepare(c, false);
  }

  if (settings.replay_private_calls) allow_replay(routes, graph, *schedules, pass_keys, other_keys);
  if (demand != nullptr) demand->complete = settings.compute_uncontended_flows;
  if (settings.compute_uncontended_flows) split_uncontended(routes, graph, *schedules, pass_keys, other_keys, demand);

  auto counters = std::make_shared<Counters>(platform.npu_count());
  auto transport = std::make_shared<detail::FlowTransport>(platform);
  auto clocks = std::make_shared<std::vector<StageClock>>(plan.pp);
  // inbox[(k·m + i)·2 + forward]: the input of virtual stage k for micro-batch i has arrived.
  auto inbox = std::make_shared<std::vector<s4u::SemaphorePtr>>();
  for (int k = 0; k <= last_vs; ++k)
    for (int i = 0; i < 2 * m; ++i) inbox->push_back(s4u::Semaphore::create(0));
  auto slot = [m](int k, int micro_batch, bool forward) { return (static_cast<std::size_t>(k) * m + micro_batch) * 2 + (forward ? 1 : 0); };
  // sent_at[slot]: when the input's transfer started (the sending pass was done).
  auto sent_at = std::make_shared<std::vector<double>>(inbox->size(), 0.0);

  // Runs collective `c` of stage p from the calling actor, `share` of its bytes as `calls`
  // back-to-back calls (each paying its step latencies); its time goes to `spent_s` and to the
  // trace on `thread`.
  auto run = [transport, schedules, counters, trace](int p, const Collective& c, double& spent_s, double share = 1.0,
                                                      int thread = 0, int calls = 1) {
    const double t0 = s4u::Engine::get_clock();
    TimedSchedule& schedule = schedules->at(ScheduleKey{p, c.kind, c.group});
    schedule.run_blocking(*transport, c.bytes * share, c.count * calls, *counters);
    spent_s += s4u::Engine::get_clock() - t0;
    if (trace != nullptr) {
      const std::string group = StepGraph::group_name(c.group);
      trace->add({group + " " + StepGraph::kind_name(c.kind), group, p, thread, t0, s4u::Engine::get_clock() - t0,
                  nlohmann::json{{"algorithm", schedule.schedule.algorithm}, {"bytes_per_rank", c.bytes * share},
                                 {"collectives", c.count * calls}, {"what", c.what}}
                      .dump()});
    }
  };
  if (trace != nullptr) {
    for (const auto& stage : graph.stages()) {
      trace->name_process(stage.stage, "stage " + std::to_string(stage.stage) + " (NPU " +
                                           std::to_string(placement.npu(0, stage.stage, 0)) + ", " + stage.device + ")");
      trace->name_thread(stage.stage, 0, "compute stream");
      trace->name_thread(stage.stage, 1, "sends forward");
      trace->name_thread(stage.stage, 2, "sends backward");
      trace->name_thread(stage.stage, 3, "gradient reduction (overlapped)");
    }
  }
  auto time_of = [](StageClock& clock, Collective::Group g) -> double& {
    return g == Collective::Group::tp ? clock.parts.tp_comm_s
           : g == Collective::Group::ep ? clock.parts.ep_comm_s
                                        : clock.parts.dp_comm_s;
  };

  for (const auto& stage : graph.stages()) {
    const int p = stage.stage;
    // Overlapped gradient reduction: each chunk's last backward pass is cut into one segment per
    // gradient bucket (gradients appear evenly over the pass), and a data-parallel stream
    // reduces each bucket, in order, once its segment is done.
    auto overlap = std::make_shared<OverlapPlan>();
    if (graph.overlap_bucket_bytes() > 0 && !stage.gradient_sync.empty()) {
      double total_params = 0;
      for (double params : stage.chunk_params) total_params += params;
      overlap->last_backward.assign(stage.chunk_params.size(), -1);
      for (std::size_t i = 0; i < stage.ops.size(); ++i)
        if (!stage.ops[i].forward) overlap->last_backward[stage.ops[i].chunk] = static_cast<int>(i);
      for (double params : stage.chunk_params) {
        // At most kMaxSegments segments per pass (buckets merged into them): only the last
        // segment's reduction can be exposed, and the simulator pays per segment.
        constexpr int kMaxSegments = 8;
        const int buckets = std::max(1, static_cast<int>(std::ceil(2.0 * params / graph.overlap_bucket_bytes() - 1e-9)));
        const int n = std::min(buckets, kMaxSegments);
        overlap->buckets.push_back(n);
        overlap->share.push_back(total_params > 0 ? params / total_params / n : 0.0);
        overlap->calls.push_back((buckets + n - 1) / n);
        overlap->total_buckets += n;
      }
      overlap->ready = s4u::Semaphore::create(0);
      overlap->done = s4u::Semaphore::create(0);
      overlap->active = overlap->total_buckets > 0;
      s4u::Actor::create("dp-stream-" + std::to_string(p), platform.npu(placement.npu(0, p, 0)),
                         [&stage, p, overlap, run] {
                           // Buckets that became ready while the stream was busy go out back to
                           // back: simulated as one set of flows carrying their bytes, paying
                           // every bucket's step latencies.
                           double busy_s = 0;
                           for (int b = 0; b < overlap->total_buckets;) {
                             overlap->ready->acquire();
                             int calls = 1;
                             while (b + calls < overlap->total_buckets && !overlap->ready->would_block()) {
                               overlap->ready->acquire();
                               ++calls;
                             }
                             double share = 0;
                             int bucket_calls = 0;
                             for (int k = b; k < b + calls; ++k) {
                               share += overlap->queue[k].first;
                               bucket_calls += overlap->queue[k].second;
                             }
                             for (const auto& c : stage.gradient_sync) run(p, c, busy_s, share, 3, bucket_calls);
                             b += calls;
                           }
                           overlap->done->release();
                         });
    }
    s4u::Actor::create(
        "stage-" + std::to_string(p), platform.npu(placement.npu(0, p, 0)),
        [&platform, &stage, &plan, &placement, p, last_vs, inbox, slot, sent_at, clocks, counters, transport, run, time_of, trace,
         overlap] {
          StageClock& clock = (*clocks)[p];
          clock.parts.stage = p;
          for (std::size_t i = 0; i < stage.ops.size(); ++i) {
            const auto& op = stage.ops[i];
            const int k = plan.virtual_stage(p, op.chunk);
            const bool needs_input = op.forward ? k > 0 : k < last_vs;
            if (needs_input) {
              const double t0 = s4u::Engine::get_clock();
              (*inbox)[slot(k, op.micro_batch, op.forward)]->acquire();
              // Waiting while the neighbour still computed is the bubble; after its transfer had
              // started, exposed pipeline communication.
              const double transfer_from = std::max(t0, (*sent_at)[slot(k, op.micro_batch, op.forward)]);
              clock.parts.bubble_wait_s += transfer_from - t0;
              clock.parts.pp_comm_s += s4u::Engine::get_clock() - transfer_from;
              if (trace != nullptr && s4u::Engine::get_clock() > t0) {
                trace->add({std::string("wait for ") + (op.forward ? "activation" : "gradient"), "wait", p, 0, t0,
                            s4u::Engine::get_clock() - t0, nlohmann::json{{"micro_batch", op.micro_batch}}.dump()});
              }
            }
            const double busy_from = s4u::Engine::get_clock();
            const StepGraph::Pass& pass = op.forward ? stage.forward[op.chunk] : stage.backward[op.chunk];
            if (overlap->active && overlap->last_backward[op.chunk] == static_cast<int>(i)) {
              const int n = overlap->buckets[op.chunk];
              for (int b = 0; b < n; ++b) {
                detail::compute(pass.compute_s / n, *counters);
                overlap->queue.emplace_back(overlap->share[op.chunk], overlap->calls[op.chunk]);
                overlap->ready->release();
              }
            } else {
              detail::compute(pass.compute_s, *counters);
            }
            if (trace != nullptr) {
              trace->add({std::string(op.forward ? "F" : "B") + std::to_string(op.micro_batch), "compute", p, 0, busy_from,
                          pass.compute_s,
                          nlohmann::json{{"micro_batch", op.micro_batch}, {"chunk", op.chunk}, {"virtual_stage", k}}.dump()});
            }
            clock.parts.compute_s += pass.compute_s;
            for (const auto& c : pass.collectives) run(p, c, time_of(clock, c.group));
            clock.pass_busy_s += s4u::Engine::get_clock() - busy_from;

            const int target = op.forward ? k + 1 : k - 1;
            if (target < 0 || target > last_vs) continue;
            // The transfer runs beside the compute stream (its own actor), from each tensor rank
            // to the same tensor rank of the target stage.
            const int to_stage = target % plan.pp;
            std::vector<collective::Flow> flows;
            for (int t = 0; t < plan.tp && pass.send_bytes > 0; ++t) {
              if (placement.npu(0, p, t) != placement.npu(0, to_stage, t))
                flows.push_back(collective::Flow{placement.npu(0, p, t), placement.npu(0, to_stage, t), pass.send_bytes, 0});
            }
            auto arrived = (*inbox)[slot(target, op.micro_batch, op.forward)];
            (*sent_at)[slot(target, op.micro_batch, op.forward)] = s4u::Engine::get_clock();
            const bool forward = op.forward;
            const int micro_batch = op.micro_batch;
            s4u::Actor::create("p2p", platform.npu(placement.npu(0, p, 0)),
                               [transport, flows, arrived, counters, trace, p, forward, micro_batch, target] {
                                 const double t0 = s4u::Engine::get_clock();
                                 detail::send_and_wait(*transport, flows.data(), flows.size(), 1.0, *counters);
                                 if (trace != nullptr) {
                                   trace->add({std::string(forward ? "send activation " : "send gradient ") +
                                                   std::to_string(micro_batch),
                                               "pp", p, forward ? 1 : 2, t0, s4u::Engine::get_clock() - t0,
                                               nlohmann::json{{"to_virtual_stage", target},
                                                              {"bytes_per_rank", flows.empty() ? 0.0 : flows.front().bytes}}
                                                   .dump()});
                                 }
                                 arrived->release();
                               });
          }
          clock.passes_end_s = s4u::Engine::get_clock();
          if (overlap->active) {
            const double t0 = s4u::Engine::get_clock();
            overlap->done->acquire();
            clock.parts.dp_comm_s += s4u::Engine::get_clock() - t0;
            if (trace != nullptr && s4u::Engine::get_clock() > t0)
              trace->add({"wait for gradient reduction", "dp", p, 0, t0, s4u::Engine::get_clock() - t0, ""});
          } else {
            for (const auto& c : stage.gradient_sync) run(p, c, clock.parts.dp_comm_s);
          }
          const double optimizer_from = s4u::Engine::get_clock();
          detail::compute(stage.optimizer_s, *counters);
          clock.parts.optimizer_s = stage.optimizer_s;
          if (trace != nullptr) trace->add({"optimizer", "optimizer", p, 0, optimizer_from, stage.optimizer_s, ""});
          for (const auto& c : stage.after_optimizer) run(p, c, clock.parts.dp_comm_s);
          clock.end_s = s4u::Engine::get_clock();
        });
  }
  {
    std::optional<detail::PeakUsage> peaks;
    if (demand != nullptr && !demand->watch.empty()) peaks.emplace(demand->watch);
    engine.run();
    if (peaks) demand->peak_bytes_per_s = peaks->peaks();
  }

  StepResult result;
  const StageClock* last = &clocks->front();
  double passes_end_s = start_s;
  for (const auto& clock : *clocks) {
    if (clock.end_s > last->end_s) last = &clock;
    passes_end_s = std::max(passes_end_s, clock.passes_end_s);
  }
  result.time_s = last->end_s - start_s;
  const StageBreakdown& b = last->parts;
  result.last_stage = b.stage;
  result.stage_compute_s = b.compute_s;
  result.tp_comm_s = b.tp_comm_s;
  result.ep_comm_s = b.ep_comm_s;
  result.bubble_wait_s = b.bubble_wait_s;
  result.pp_comm_s = b.pp_comm_s;
  result.pipeline_wait_s = b.bubble_wait_s + b.pp_comm_s;
  result.dp_comm_s = b.dp_comm_s;
  result.optimizer_s = b.optimizer_s;
  double slowest_compute_s = 0;
  double idle_share = 0;
  const double span_s = passes_end_s - start_s;
  for (const auto& clock : *clocks) {
    slowest_compute_s = std::max(slowest_compute_s, clock.parts.compute_s + clock.parts.optimizer_s);
    if (span_s > 0) idle_share += (span_s - clock.pass_busy_s) / span_s;
    result.stages.push_back(clock.parts);
    result.stages.back().idle_s = last->end_s - clock.end_s;
  }
  result.compute_s = slowest_compute_s;
  result.exposed_comm_s = std::max(0.0, result.time_s - result.compute_s);
  result.bubble_fraction = plan.pp > 1 ? idle_share / plan.pp : 0.0;
  result.bubble_s = result.bubble_fraction * span_s;
  result.pipeline_stages = plan.pp;
  result.micro_batches = m;
  result.collectives = planner.uses();
  result.fidelity = collective::name_of(settings.fidelity);
  counters->fill(result);
  return result;
}

}  // namespace tcsim::engine
