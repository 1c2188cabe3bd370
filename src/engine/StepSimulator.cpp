#include "tcsim/engine/StepSimulator.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>

#include <nlohmann/json.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include "CollectivePlanner.hpp"
#include "FlowExecution.hpp"
#include "RouteCache.hpp"
#include "PeakUsage.hpp"
#include "UncontendedFlows.hpp"
#include "tcsim/platform/SimGridSession.hpp"

namespace tcsim::engine {
namespace {

namespace s4u = simgrid::s4u;
using detail::Counters;
using detail::compute;

/** One communicator group (e.g. a ring) of one phase, run by one SimGrid actor. */
struct GroupTask {
  std::string name;
  /** Flows at the size the schedule was built for; each bucket scales them. */
  std::vector<collective::Flow> flows;
  /** The phase it belongs to (latency steps, pipelining), holding only its largest flow, which sets the chunk count. */
  collective::FlowPhase phase;
  /** The latencies the group pays besides its transfers. */
  detail::PhaseTiming timing;
  /** Its flows: those simulated, and those no link can slow (see UncontendedFlows). */
  detail::FlowSplit split;
  std::vector<std::size_t> successors;
  int predecessors = 0;
};

// UncontendedFlows keeps pointers into each group's flows while more groups are added: growing
// the vector of groups must move them (keeping their buffers), never copy them.
static_assert(std::is_nothrow_move_constructible_v<GroupTask>, "GroupTask must move without copying its flows");

/**
 * The schedule as a dependency graph of groups: a group of phase p waits, for each of its ranks,
 * for every group of the last earlier phase that touched that rank in its lane (and in the
 * phase's also_after_lane). With
 * `compute_uncontended`, the flows no link can slow are split off the simulated ones.
 */
std::vector<GroupTask> build_tasks(const platform::Platform& platform, const collective::FlowSchedule& schedule,
                                   double step_overhead_s, bool compute_uncontended, LinkDemand* demand = nullptr) {
  std::vector<GroupTask> tasks;
  // By (rank, lane): every group of the last phase that touched the rank (a rank may be in
  // several groups of a phase: a chain step's hop in and hop out). Lanes are independent parts
  // of the data (Flow::lane).
  struct Touch {
    std::size_t phase = 0;
    std::vector<std::size_t> tasks;
  };
  std::map<int, std::vector<Touch>> last_tasks_of_rank;  // [lane][rank]
  auto touch_of = [&](int rank, int lane) -> Touch& {
    auto& by_rank = last_tasks_of_rank[lane];
    if (by_rank.size() <= static_cast<std::size_t>(rank)) by_rank.resize(platform.npu_count());
    return by_rank.at(static_cast<std::size_t>(rank));
  };
  // Streams for UncontendedFlows: chains of tasks, each starting after the one before has ended
  // (an ancestor in the dependency graph), so that a stream's tasks never overlap. A task
  // continues its group's stream if that stream's last task is an ancestor, or else the stream
  // of a direct predecessor that no other task has continued yet, or starts a stream.
  std::vector<std::size_t> stream_of_task;
  std::vector<std::size_t> last_task_of_stream;
  std::map<std::pair<int, int>, std::size_t> stream_of_group;  // by (group, lane)
  std::vector<std::vector<std::size_t>> predecessors_of_task;
  std::vector<std::size_t> visited_in_search;  // the search that last visited each task, plus one
  std::size_t searches = 0;
  // Whether `ancestor` precedes `task` (a bounded search back through the graph: past its budget
  // the answer is no, which only starts a stream more than needed).
  auto precedes = [&](std::size_t ancestor, std::size_t task) {
    visited_in_search.resize(predecessors_of_task.size(), 0);
    ++searches;
    std::vector<std::size_t> stack(predecessors_of_task[task]);
    for (std::size_t budget = 4096; !stack.empty() && budget > 0; --budget) {
      const std::size_t t = stack.back();
      stack.pop_back();
      if (t == ancestor) return true;
      // Tasks are numbered in dependency order: nothing before `ancestor` leads back to it.
      if (t < ancestor || visited_in_search[t] == searches) continue;
      visited_in_search[t] = searches;
      // Predecessor lists are sorted: look one level further first (the common case).
      const auto& before = predecessors_of_task[t];
      if (std::binary_search(before.begin(), before.end(), ancestor)) return true;
      stack.insert(stack.end(), before.begin(), before.end());
    }
    return false;
  };
  detail::RouteCache routes(platform);
  detail::UncontendedFlows uncontended(routes);
  for (std::size_t p = 0; p < schedule.phases.size(); ++p) {
    const auto& phase = schedule.phases[p];
    const std::size_t first_task = tasks.size();
    std::map<std::pair<int, int>, std::size_t> task_of_group;  // by (group, lane)
    for (const auto& flow : phase.flows) {
      auto [it, added] = task_of_group.emplace(std::make_pair(flow.group, flow.lane), tasks.size());
      if (added) {
        tasks.emplace_back();
        tasks.back().name = "p" + std::to_string(p) + "g" + std::to_string(flow.group) + "l" + std::to_string(flow.lane);
        tasks.back().phase = phase.without_flows();
      }
      GroupTask& task = tasks[it->second];
      task.flows.push_back(flow);
      if (task.phase.flows.empty() || task.phase.flows.front().bytes < flow.bytes) task.phase.flows = {flow};
    }
    // Dependencies on earlier groups, then this phase becomes the last toucher of its ranks.
    for (std::size_t index = first_task; index < tasks.size(); ++index) {
      GroupTask& task = tasks[index];
      const auto group = std::make_pair(task.flows.front().group, task.flows.front().lane);
      std::set<std::size_t> predecessors;
      for (const auto& flow : task.flows) {
        for (int rank : {flow.src, flow.dst}) {
          const Touch& touch = touch_of(rank, flow.lane);
          predecessors.insert(touch.tasks.begin(), touch.tasks.end());
          if (phase.also_after_lane >= 0 && phase.also_after_lane != flow.lane) {
            const Touch& before = touch_of(rank, phase.also_after_lane);
            predecessors.insert(before.tasks.begin(), before.tasks.end());
          }
        }
      }
      task.predecessors = static_cast<int>(predecessors.size());
      for (std::size_t before : predecessors) tasks[before].successors.push_back(index);

      predecessors_of_task.emplace_back(predecessors.begin(), predecessors.end());
      std::size_t stream = last_task_of_stream.size();
      auto own = stream_of_group.find(group);
      if (own != stream_of_group.end() && precedes(last_task_of_stream[own->second], index)) stream = own->second;
      for (auto before = predecessors.begin(); stream == last_task_of_stream.size() && before != predecessors.end(); ++before) {
        if (last_task_of_stream[stream_of_task[*before]] == *before) stream = stream_of_task[*before];
      }
      if (stream == last_task_of_stream.size()) last_task_of_stream.push_back(index);
      last_task_of_stream[stream] = index;
      stream_of_task.push_back(stream);
      stream_of_group[group] = stream;
      if (uncontended.add(static_cast<int>(stream), task.flows.data(), task.flows.size()) != index)
        throw std::logic_error("build_tasks: task indices differ");
      task.timing = detail::phase_timing(phase, task.flows.data(), task.flows.size(), routes, step_overhead_s);
    }
    for (std::size_t index = first_task; index < tasks.size(); ++index) {
      for (const auto& flow : tasks[index].flows) {
        for (int rank : {flow.src, flow.dst}) {
          Touch& touch = touch_of(rank, flow.lane);
          if (touch.phase != p + 1) {
            touch.phase = p + 1;
            touch.tasks.clear();
          }
          if (touch.tasks.empty() || touch.tasks.back() != index) touch.tasks.push_back(index);
        }
      }
    }
  }
  if (compute_uncontended) {
    if (demand != nullptr) uncontended.record(*demand);
    std::vector<detail::FlowSplit> splits = uncontended.split();
    for (std::size_t t = 0; t < tasks.size(); ++t) tasks[t].split = std::move(splits[t]);
  } else {
    for (auto& task : tasks) task.split.simulated = task.flows;
  }
  return tasks;
}

/**
 * Runs the groups of one bucket: a group's actor is created when its last predecessor is done
 * (so only the groups running at a time have actors, however many a detailed schedule has) and
 * starts its successors when it is done.
 */
struct BucketRun : std::enable_shared_from_this<BucketRun> {
  const platform::Platform* platform = nullptr;
  std::shared_ptr<detail::FlowTransport> transport;
  std::shared_ptr<std::vector<GroupTask>> tasks;
  std::shared_ptr<Counters> counters;
  s4u::SemaphorePtr bucket_done;
  double scale = 1;
  /** Per group: predecessors not done yet in this bucket. */
  std::vector<int> waiting_for;

  void start(std::size_t t) {
    const GroupTask& task = (*tasks)[t];
    s4u::Actor::create(task.name, platform->npu(task.flows.front().src), [self = shared_from_this(), t] {
      const GroupTask& me = (*self->tasks)[t];
      const double t0 = s4u::Engine::get_clock();
      // send_and_wait keeps each sender to kFlowsPerSender flows (see FlowTransport).
      detail::send_and_wait(*self->transport, me.split.simulated.data(), me.split.simulated.size(), self->scale,
                            *self->counters);
      detail::wait_for_computed(me.split, self->scale, t0, *self->counters);
      detail::finish_phase(me.phase, self->scale, 1, s4u::Engine::get_clock() - t0, me.timing, *self->counters);
      for (std::size_t next : me.successors)
        if (--self->waiting_for[next] == 0) self->start(next);
      if (me.successors.empty()) self->bucket_done->release();
    });
  }
};

/**
 * Runs `tasks` once per entry of `scales` (each entry multiplies every flow's bytes: one
 * gradient bucket). Bucket b starts when every semaphore of `bucket_ready` has been released for
 * it (one per compute stream: all ranks must have produced the bucket) and bucket b-1 is done
 * everywhere (buckets are serialised on one stream, as in NCCL/HCCL). `all_done` is released
 * once per entry of `bucket_ready` (at least once) at the end.
 */
void start_collectives(const platform::Platform& platform, std::shared_ptr<detail::FlowTransport> transport,
                       std::shared_ptr<std::vector<GroupTask>> tasks,
                       std::vector<double> scales, std::vector<s4u::SemaphorePtr> bucket_ready, s4u::SemaphorePtr all_done,
                       std::shared_ptr<Counters> counters, std::shared_ptr<std::pair<double, double>> busy,
                       TraceRecorder* trace = nullptr, std::string algorithm = "") {
  std::vector<std::size_t> sources;
  std::vector<int> predecessors;
  std::size_t sinks = 0;
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    if ((*tasks)[i].predecessors == 0) sources.push_back(i);
    if ((*tasks)[i].successors.empty()) ++sinks;
    predecessors.push_back((*tasks)[i].predecessors);
  }

  s4u::Actor::create("collective-driver", platform.controller(),
                     [&platform, transport, tasks, counters, scales, bucket_ready, all_done, sources, predecessors, sinks,
                      busy, trace, algorithm] {
                       for (std::size_t b = 0; b < scales.size(); ++b) {
                         for (const auto& ready : bucket_ready) ready->acquire();
                         const double t0 = s4u::Engine::get_clock();
                         if (busy->first < 0) busy->first = t0;
                         auto run = std::make_shared<BucketRun>();
                         run->platform = &platform;
                         run->transport = transport;
                         run->tasks = tasks;
                         run->counters = counters;
                         run->bucket_done = s4u::Semaphore::create(0);
                         run->scale = scales[b];
                         run->waiting_for = predecessors;
                         for (std::size_t t : sources) run->start(t);
                         for (std::size_t i = 0; i < sinks; ++i) run->bucket_done->acquire();
                         if (trace != nullptr) {
                           trace->add({"dp all_reduce, bucket " + std::to_string(b), "dp", 0, 1, t0,
                                       s4u::Engine::get_clock() - t0,
                                       nlohmann::json{{"algorithm", algorithm}, {"relative_size", scales[b]}}.dump()});
                         }
                       }
                       busy->second = s4u::Engine::get_clock();
                       for (std::size_t k = 0; k < std::max<std::size_t>(1, bucket_ready.size()); ++k) all_done->release();
                     });
}

}  // namespace

StepResult StepSimulator::simulate(const platform::Platform& platform, const StepPlan& plan,
                                   const CollectiveSettings& settings, TraceRecorder* trace, LinkDemand* demand) {
  auto& engine = platform::SimGridSession::engine();
  const double start_s = s4u::Engine::get_clock();
  // One algorithm for every bucket, chosen for the mean bucket size; buckets scale its flows.
  double mean_bucket_bytes = 0;
  for (double b : plan.bucket_bytes) mean_bucket_bytes += b / plan.bucket_bytes.size();
  if (mean_bucket_bytes <= 0) mean_bucket_bytes = 1;
  detail::CollectivePlanner planner(platform, settings, plan.collective_step_overhead_s);
  const collective::FlowSchedule schedule = planner.plan(
      "dp", collective::Operation::all_reduce, {collective::Communicator(plan.dp_ranks_by_node)}, mean_bucket_bytes);
  if (demand != nullptr) demand->complete = settings.compute_uncontended_flows;
  auto tasks = std::make_shared<std::vector<GroupTask>>(build_tasks(platform, schedule, plan.collective_step_overhead_s,
                                                                       settings.compute_uncontended_flows, demand));
  std::vector<double> scales;
  for (double b : plan.bucket_bytes) scales.push_back(b / mean_bucket_bytes);
  auto counters = std::make_shared<Counters>(platform.npu_count());
  auto busy = std::make_shared<std::pair<double, double>>(-1.0, start_s);
  auto step_end_s = std::make_shared<double>(start_s);
  // The slowest stream's wait for its gradients after the backward pass (exposed all-reduce).
  auto exposed_dp_s = std::make_shared<double>(0.0);
  auto gradients_reduced = s4u::Semaphore::create(0);
  std::vector<s4u::SemaphorePtr> bucket_ready;
  for (std::size_t k = 0; k < plan.streams.size(); ++k) bucket_ready.push_back(s4u::Semaphore::create(0));

  start_collectives(platform, std::make_shared<detail::FlowTransport>(platform), tasks, scales, bucket_ready,
                    gradients_reduced, counters, busy, trace, schedule.algorithm);
  if (trace != nullptr) {
    for (std::size_t k = 0; k < plan.streams.size(); ++k) {
      trace->name_process(static_cast<int>(k), plan.streams[k].device + " (NPU " +
                                                   std::to_string(plan.streams[k].representative_rank) + ")");
      trace->name_thread(static_cast<int>(k), 0, "compute stream");
    }
    trace->name_thread(0, 1, "gradient all-reduces");
  }

  // Every data-parallel rank on the same accelerator model runs the same compute and nothing else
  // uses its NPU, so one representative rank's compute stream stands for all of them.
  for (std::size_t k = 0; k < plan.streams.size(); ++k) {
    const StepPlan::ComputeStream& stream = plan.streams[k];
    s4u::Actor::create("compute-" + stream.device, platform.npu(stream.representative_rank),
                       [&stream, counters, step_end_s, exposed_dp_s, ready = bucket_ready[k], gradients_reduced, trace, k] {
                         const int process = static_cast<int>(k);
                         auto traced = [&](const std::string& name, const char* category, double seconds) {
                           const double t0 = s4u::Engine::get_clock();
                           compute(seconds, *counters);
                           if (trace != nullptr && seconds > 0) trace->add({name, category, process, 0, t0, seconds, ""});
                         };
                         traced("forward", "compute", stream.forward_s);
                         for (std::size_t b = 0; b < stream.backward_segment_s.size(); ++b) {
                           traced("backward to bucket " + std::to_string(b), "compute", stream.backward_segment_s[b]);
                           ready->release();
                         }
                         traced("backward (rest)", "compute", stream.backward_tail_s);
                         const double wait_from = s4u::Engine::get_clock();
                         gradients_reduced->acquire();
                         *exposed_dp_s = std::max(*exposed_dp_s, s4u::Engine::get_clock() - wait_from);
                         if (trace != nullptr && s4u::Engine::get_clock() > wait_from)
                           trace->add({"wait for gradients", "wait", process, 0, wait_from, s4u::Engine::get_clock() - wait_from, ""});
                         traced("optimizer", "optimizer", stream.optimizer_s);
                         *step_end_s = std::max(*step_end_s, s4u::Engine::get_clock());
                       });
  }
  {
    std::optional<detail::PeakUsage> peaks;
    if (demand != nullptr && !demand->watch.empty()) peaks.emplace(demand->watch);
    engine.run();
    if (peaks) demand->peak_bytes_per_s = peaks->peaks();
  }

  StepResult result;
  result.time_s = *step_end_s - start_s;
  result.compute_s = plan.compute_s();
  // The clock adds the compute segments one by one, the plan sums them in another order: a
  // difference within rounding of the step is not communication.
  result.exposed_comm_s = result.time_s - result.compute_s;
  if (result.exposed_comm_s <= 1e-12 * result.time_s) result.exposed_comm_s = 0;
  result.comm_busy_s = busy->first < 0 ? 0.0 : busy->second - busy->first;
  result.buckets = plan.bucket_bytes.size();
  for (const auto& stream : plan.streams) result.optimizer_s = std::max(result.optimizer_s, stream.optimizer_s);
  result.collectives = planner.uses();
  result.fidelity = collective::name_of(settings.fidelity);
  result.dp_comm_s = *exposed_dp_s;
  result.stage_compute_s = result.time_s - result.dp_comm_s - result.optimizer_s;
  counters->fill(result);
  return result;
}

double StepSimulator::simulate_collective(const platform::Platform& platform, const collective::FlowSchedule& schedule,
                                          double step_overhead_s, StepResult* out, bool compute_uncontended) {
  auto& engine = platform::SimGridSession::engine();
  const double start_s = s4u::Engine::get_clock();
  auto tasks = std::make_shared<std::vector<GroupTask>>(build_tasks(platform, schedule, step_overhead_s, compute_uncontended));
  auto counters = std::make_shared<Counters>(platform.npu_count());
  auto busy = std::make_shared<std::pair<double, double>>(-1.0, start_s);
  start_collectives(platform, std::make_shared<detail::FlowTransport>(platform), tasks, {1.0}, {},
                    s4u::Semaphore::create(0), counters, busy);
  engine.run();
  const double duration_s = busy->second - start_s;
  if (out != nullptr) {
    *out = StepResult{};
    out->time_s = duration_s;
    out->comm_busy_s = duration_s;
    counters->fill(*out);
  }
  return duration_s;
}

}  // namespace tcsim::engine
