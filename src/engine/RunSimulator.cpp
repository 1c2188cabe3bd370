#include "tcsim/engine/RunSimulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>

namespace tcsim::engine {

namespace {

using topology::ComponentClass;
using workload::StorageTier;
constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr int kTraceMain = 0;
constexpr int kTraceBackground = 1;
constexpr int kTraceFailures = 2;

/** The committed part of a run when a checkpoint was taken: a restart rolls back to it. */
struct Snapshot {
  std::int64_t step = 0;
  double train_s = 0;
  double load_s = 0;
  double eval_s = 0;
  std::int64_t evaluations = 0;
  std::size_t eval_index = 0;
};

struct TierState {
  CheckpointCadence cadence;
  std::optional<Snapshot> durable;
  std::optional<Snapshot> in_flight;
  double in_flight_done_s = kNever;
  double in_flight_slowdown = 0;
  /** When the last checkpoint of this tier started, or the run (re)started. */
  double last_time_s = 0;
  std::int64_t last_step = 0;
  /** peer_dram: job slots whose server was lost since the durable checkpoint (a shard and its copy may both be gone). */
  std::set<int> lost_slots;
};

struct Repair {
  double time_s = 0;
  std::uint64_t seq = 0;
  ComponentClass component_class = ComponentClass::npu;
  std::size_t index = 0;
  reliability::FailureEffect effect;
  bool operator>(const Repair& other) const { return time_s != other.time_s ? time_s > other.time_s : seq > other.seq; }
};

/** One replica of the run: the state machine of RunSimulator. */
class Timeline {
public:
  Timeline(const RunSetup& setup, const reliability::ComponentInventory& inventory, RunCosts& costs,
           reliability::FailureProcess failures, TraceRecorder* trace, int trace_process)
      : setup_(setup), inventory_(inventory), costs_(costs), failures_(std::move(failures)), trace_(trace), pid_(trace_process) {
    const int servers = inventory.servers();
    const int job = inventory.job_servers();
    failed_.assign(servers, 0);
    in_pool_.assign(servers, false);
    for (int j = 0; j < job; ++j) slot_server_.push_back(j);
    for (int s = job, spares = 0; s < servers && spares < setup.spare_servers; ++s, ++spares) in_pool_[s] = true;
    for (const auto& cadence : setup.checkpoints) tiers_.push_back(TierState{cadence, {}, {}, kNever, 0, 0, 0, {}});
    // A slot's peer copy goes one node further on, so that it survives its own node.
    int per_node = 0;
    while (per_node < servers && inventory.node_of_server(per_node) == inventory.node_of_server(0)) ++per_node;
    peer_offset_ = std::max(1, std::min(per_node, job - 1));
    if (trace_ != nullptr) {
      trace_->name_process(pid_, "training run (timeline)");
      trace_->name_thread(pid_, kTraceMain, "job");
      trace_->name_thread(pid_, kTraceBackground, "background checkpoint copies");
      trace_->name_thread(pid_, kTraceFailures, "component failures");
    }
  }

  RunResult run() {
    const std::int64_t total = setup_.plan.steps;
    while ((step_ < total || down_) && !gave_up_) {
      if (t_ >= setup_.give_up_after_s) {
        gave_up_ = true;
        break;
      }
      if (r_.activities > setup_.max_events) {
        gave_up_ = true;
        r_.hit_event_limit = true;
        break;
      }
      if (down_) {
        advance_down();
        continue;
      }
      advance_running();
    }
    flush_training();
    r_.finished = !gave_up_;
    r_.steps = total;
    r_.steps_done = step_;
    r_.time_to_train_s = t_;
    r_.train_s = train_s_;
    r_.data_load_s = load_s_;
    r_.eval_s = eval_s_;
    r_.evaluations = evaluations_;
    const double overhead_s = r_.checkpoint_s + r_.lost_work_s + r_.restart_s + r_.repair_wait_s;
    r_.goodput = t_ > 0 ? 1.0 - overhead_s / t_ : 1.0;
    return r_;
  }

private:
  enum class Phase { detect, waiting, restart, restore };

  /** Most spans of a run's timeline in a trace: a storm of failures would write gigabytes. */
  static constexpr std::size_t kMaxSpans = 1'000'000;

  void span(TraceRecorder::Span s) {
    if (spans_ > kMaxSpans) return;
    if (++spans_ > kMaxSpans) s = {"the rest of the run is not traced (more than a million spans)", "truncated", pid_, kTraceMain, t_, 0, ""};
    trace_->add(std::move(s));
  }

  // ---- costs of the current state -------------------------------------------------------------

  const IoCosts& io() {
    if (io_ == nullptr || io_servers_down_ != storage_down_) {
      io_ = &costs_.io(storage_down_);
      io_servers_down_ = storage_down_;
    }
    return *io_;
  }

  StepCondition condition() const {
    std::map<std::string, reliability::LinkLoss> by_link;
    for (const auto& [seq, losses] : link_losses_) {
      for (const auto& loss : losses) {
        if (!loss.used_by_job) continue;
        auto [it, inserted] = by_link.emplace(loss.link, loss);
        if (!inserted) it->second.lost_bytes_per_s += loss.lost_bytes_per_s;
      }
    }
    StepCondition c;
    for (auto& [name, loss] : by_link) c.degraded.push_back(loss);
    c.displacement_hops = displacement_hops_;
    return c;
  }

  /**
   * The job cannot run until something is repaired: a link it needs has lost all of its
   * bandwidth, or its dataset's tier has no working server.
   */
  bool blocked() {
    if (setup_.data_loading && !io().data_available) return true;
    for (const auto& loss : condition().degraded) {
      if (loss.lost_bytes_per_s >= loss.healthy_bytes_per_s * (1 - 1e-9)) return true;
    }
    return false;
  }

  double healthy_step_s() {
    if (!step_s_) {
      const StepCondition c = condition();
      step_s_ = costs_.step_s(c);
      degraded_ = !c.degraded.empty() || c.displacement_hops > 0;
    }
    return *step_s_;
  }

  struct StepParts {
    double step_s, load_s, slowdown_s;
    double total() const { return step_s + load_s + slowdown_s; }
  };
  StepParts step_parts() {
    const double s = healthy_step_s();
    double load = 0;
    if (setup_.data_loading) {
      const bool warm = setup_.warm_after_step >= 0 && step_ >= setup_.warm_after_step;
      load = std::max(0.0, (warm ? io().read_warm_s : io().read_cold_s) - s);
    }
    double slowdown = 0;
    for (const auto& tier : tiers_)
      if (tier.in_flight) slowdown = std::max(slowdown, tier.in_flight_slowdown);
    return {s, load, slowdown * s};
  }

  // ---- events on the clock ---------------------------------------------------------------------

  enum class EventKind { none, repair, persisted, failure };
  std::pair<double, EventKind> next_event() {
    std::pair<double, EventKind> next{kNever, EventKind::none};
    if (!repairs_.empty()) next = {repairs_.top().time_s, EventKind::repair};
    for (const auto& tier : tiers_)
      if (tier.in_flight && tier.in_flight_done_s < next.first) next = {tier.in_flight_done_s, EventKind::persisted};
    if (const auto f = failures_.next_time(); f && *f < next.first) next = {*f, EventKind::failure};
    return next;
  }

  /** Handles the event due now; returns true if it stopped the running job. */
  bool handle(EventKind kind) {
    ++r_.activities;
    switch (kind) {
      case EventKind::repair: repair(); return false;
      case EventKind::persisted: persisted(); return false;
      case EventKind::failure: return fail();
      case EventKind::none: return false;
    }
    return false;
  }

  void repair() {
    Repair done = repairs_.top();
    repairs_.pop();
    for (int s : done.effect.servers) --failed_[s];
    if (!done.effect.link_losses.empty()) {
      link_losses_.erase(done.seq);
      step_s_.reset();
    }
    if (done.effect.storage_server >= 0) --storage_down_;
    in_repair_.erase({done.component_class, done.index});
    failures_.repaired(done.component_class, done.index, t_);
    if (down_ && phase_ == Phase::waiting) place();
  }

  void persisted() {
    for (std::size_t i = 0; i < tiers_.size(); ++i) {
      TierState& tier = tiers_[i];
      if (!tier.in_flight || tier.in_flight_done_s > t_) continue;
      tier.durable = tier.in_flight;
      tier.in_flight.reset();
      tier.in_flight_done_s = kNever;
      tier.lost_slots.clear();
      if (trace_ != nullptr)
        span({std::string("durable on ") + workload::name_of(tier.cadence.tier), "checkpoint", pid_, kTraceBackground, t_, 0,
                     ""});
    }
  }

  bool is_job_server(int s) const { return std::find(slot_server_.begin(), slot_server_.end(), s) != slot_server_.end(); }

  /** A component fails now; returns true if it stops the running job (or the recovery under way). */
  bool fail() {
    const reliability::Failure f = failures_.pop();
    const auto cls = static_cast<std::size_t>(f.component_class);
    reliability::FailureEffect effect = inventory_.effect(f.component_class, f.index);
    if (effect.restarts_processes) {
      failures_.repaired(f.component_class, f.index, t_);  // nothing to replace
      // No process runs while the failure is being detected or the job waits for a repair.
      if (down_ && (phase_ == Phase::detect || phase_ == Phase::waiting)) return false;
      count_failure(f, cls);
      interrupt(cls, {}, true);
      return true;
    }
    // A trace may name a component that is still in repair: it cannot fail again.
    if (!in_repair_.emplace(f.component_class, f.index).second) return false;
    count_failure(f, cls);
    for (int s : effect.servers) ++failed_[s];
    if (effect.storage_server >= 0) ++storage_down_;
    std::vector<int> lost_slots;
    for (int s : effect.servers) {
      for (std::size_t j = 0; j < slot_server_.size(); ++j)
        if (slot_server_[j] == s) lost_slots.push_back(static_cast<int>(j));
    }
    const std::uint64_t seq = ++repair_seq_;
    if (!effect.link_losses.empty()) {
      link_losses_[seq] = effect.link_losses;
      step_s_.reset();
    }
    repairs_.push({t_ + setup_.reliability.of(f.component_class).mttr_s, seq, f.component_class, f.index, std::move(effect)});
    const bool stops = !lost_slots.empty() || blocked();
    if (!stops) return false;
    // While recovering, a failure of the servers being restarted starts the recovery over; one
    // during detection or waiting is handled by the placement still to come.
    if (down_ && (phase_ == Phase::detect || phase_ == Phase::waiting)) {
      if (!lost_slots.empty()) full_restart_ = true;  // hardware to replace: not a restart in place
      lose_local_checkpoints(lost_slots);
      return false;
    }
    interrupt(cls, lost_slots, false);
    return true;
  }

  void count_failure(const reliability::Failure& f, std::size_t cls) {
    ++r_.failures;
    ++r_.failures_by_class[cls];
    if (trace_ != nullptr) {
      span({std::string("failure: ") + inventory_.name(f.component_class, f.index), "failure", pid_, kTraceFailures, t_, 0,
                   ""});
    }
  }

  /** Checkpoints held on the lost servers' own memory or drives are gone (a peer's copy may not be). */
  void lose_local_checkpoints(const std::vector<int>& lost_slots) {
    if (lost_slots.empty()) return;
    const int slots = static_cast<int>(slot_server_.size());
    for (auto& tier : tiers_) {
      if (workload::is_node_local(tier.cadence.tier)) tier.durable.reset();
      if (tier.cadence.tier != StorageTier::peer_dram) continue;
      tier.lost_slots.insert(lost_slots.begin(), lost_slots.end());
      // A slot's copy sits on its peer, the same position one node further on (peer_offset_).
      for (int j : tier.lost_slots)
        if (slots == 1 || tier.lost_slots.count((j + peer_offset_) % slots) > 0) tier.durable.reset();
    }
  }

  void interrupt(std::size_t cls, const std::vector<int>& lost_slots, bool software) {
    flush_training();
    ++r_.interruptions;
    ++r_.interruptions_by_class[cls];
    for (auto& tier : tiers_) {
      tier.in_flight.reset();
      tier.in_flight_done_s = kNever;
    }
    lose_local_checkpoints(lost_slots);
    // A restart after a hardware failure starts the job anew; after a software one the processes restart in place.
    full_restart_ = (down_ && full_restart_) || !software;
    down_ = true;
    progress_ = 0;
    enter(Phase::detect, t_ + setup_.reliability.detection_s);
  }

  void enter(Phase phase, double end_s) {
    phase_ = phase;
    phase_end_s_ = end_s;
    phase_start_s_ = t_;
  }

  void trace_phase(const char* name) {
    if (trace_ != nullptr && t_ > phase_start_s_) span({name, "recovery", pid_, kTraceMain, phase_start_s_, t_ - phase_start_s_, ""});
  }

  // ---- recovery ---------------------------------------------------------------------------------

  /** Every job slot on a working server (moving failed ones onto spares), then the restart. */
  void place() {
    if (blocked()) {
      enter_waiting();
      return;
    }
    std::vector<std::pair<int, int>> moves;  // (slot, spare)
    std::vector<bool> taken(in_pool_.size(), false);
    for (std::size_t j = 0; j < slot_server_.size(); ++j) {
      if (failed_[slot_server_[j]] == 0) continue;
      // The nearest healthy spare to the slot's original server; ties go to the lower index.
      int best = -1;
      int best_hops = std::numeric_limits<int>::max();
      for (std::size_t s = 0; s < in_pool_.size(); ++s) {
        if (!in_pool_[s] || taken[s] || failed_[s] > 0) continue;
        const int h = costs_.hops(static_cast<int>(j), static_cast<int>(s));
        if (h < best_hops) {
          best = static_cast<int>(s);
          best_hops = h;
        }
      }
      if (best < 0) {
        enter_waiting();
        return;
      }
      taken[best] = true;
      moves.emplace_back(static_cast<int>(j), best);
    }
    if (phase_ == Phase::waiting) trace_phase("waiting for repair");
    for (const auto& [slot, spare] : moves) {
      in_pool_[slot_server_[slot]] = true;  // back in the pool once repaired
      in_pool_[spare] = false;
      slot_server_[slot] = spare;
      ++r_.replacements;
    }
    if (!moves.empty()) {
      int hops = 0;
      for (std::size_t j = 0; j < slot_server_.size(); ++j)
        if (slot_server_[j] != static_cast<int>(j)) hops = std::max(hops, costs_.hops(static_cast<int>(j), slot_server_[j]));
      displacement_hops_ = hops;
      step_s_.reset();
    }
    double restart_s = full_restart_ ? setup_.reliability.restart_s : setup_.reliability.process_restart_s;
    if (!moves.empty() && setup_.reliability.cold_spares) restart_s += setup_.reliability.cold_start_s;
    enter(Phase::restart, t_ + restart_s);
  }

  void enter_waiting() {
    if (phase_ != Phase::waiting) enter(Phase::waiting, kNever);
  }

  /** The newest checkpoint that survived (ties: the fastest to read), and the roll-back to it. */
  double restore() {
    const TierState* best = nullptr;
    double best_restore_s = 0;
    for (const auto& tier : tiers_) {
      if (!tier.durable) continue;
      const TierCosts& c = io().of(tier.cadence.tier);
      if (!c.available) continue;
      if (best == nullptr || tier.durable->step > best->durable->step ||
          (tier.durable->step == best->durable->step && c.restore_s < best_restore_s)) {
        best = &tier;
        best_restore_s = c.restore_s;
      }
    }
    const Snapshot back = best != nullptr ? *best->durable : Snapshot{};
    // Checkpoints beyond the restored one (on a tier out of reach now) belong to the abandoned
    // timeline: the job goes on from `back` and will write its own.
    for (auto& tier : tiers_)
      if (tier.durable && tier.durable->step > back.step) tier.durable.reset();
    r_.lost_work_s += (train_s_ - back.train_s) + (load_s_ - back.load_s) + (eval_s_ - back.eval_s);
    train_s_ = back.train_s;
    load_s_ = back.load_s;
    eval_s_ = back.eval_s;
    evaluations_ = back.evaluations;
    eval_index_ = back.eval_index;
    step_ = back.step;
    return best != nullptr ? best_restore_s : 0.0;
  }

  void advance_down() {
    const auto [te, kind] = next_event();
    double& into = phase_ == Phase::waiting ? r_.repair_wait_s : r_.restart_s;
    if (std::min(te, phase_end_s_) > setup_.give_up_after_s) {
      spend(setup_.give_up_after_s - t_, into);  // nothing more happens before the run gives up
      t_ = setup_.give_up_after_s;
      gave_up_ = true;
      return;
    }
    if (te < phase_end_s_) {
      spend(te - t_, into);
      t_ = te;
      if (handle(kind)) {
        // The recovery under way failed: it starts over with a new detection.
      }
      return;
    }
    spend(phase_end_s_ - t_, r_.restart_s);
    t_ = phase_end_s_;
    switch (phase_) {
      case Phase::detect:
        trace_phase("detection");
        place();
        break;
      case Phase::waiting: break;
      case Phase::restart: {
        trace_phase(full_restart_ ? "restart" : "process restart");
        enter(Phase::restore, t_ + restore());
        break;
      }
      case Phase::restore:
        trace_phase("restore");
        down_ = false;
        for (auto& tier : tiers_) {
          tier.last_time_s = t_;
          tier.last_step = step_;
        }
        training_from_s_ = t_;
        break;
    }
  }

  // ---- running ----------------------------------------------------------------------------------

  static void spend(double seconds, double& into) { into += std::max(0.0, seconds); }

  void flush_training() {
    if (trace_ != nullptr && !down_ && t_ > training_from_s_)
      span({"training", "train", pid_, kTraceMain, training_from_s_, t_ - training_from_s_, ""});
    training_from_s_ = t_;
  }

  /** The first step boundary (> step_) at which something other than a step happens. */
  std::int64_t next_boundary(double dt) const {
    std::int64_t b = setup_.plan.steps;
    const auto& evals = setup_.plan.eval_after_step;
    if (eval_index_ < evals.size()) b = std::min(b, std::max(evals[eval_index_], step_ + 1));
    // From this step on, samples come from the page cache: the step time changes there.
    if (setup_.data_loading && setup_.warm_after_step > step_) b = std::min(b, setup_.warm_after_step);
    const double first_end_s = t_ + dt * (1 - progress_);
    for (const auto& tier : tiers_) {
      if (tier.cadence.every_steps > 0) {
        b = std::min(b, (tier.last_step / tier.cadence.every_steps + 1) * tier.cadence.every_steps);
      } else {
        const double due_s = tier.last_time_s + tier.cadence.every_s;
        const double extra = std::ceil((due_s - first_end_s) / dt - 1e-12);
        const std::int64_t steps = 1 + static_cast<std::int64_t>(std::clamp(extra, 0.0, 9.0e15));
        b = std::min(b, step_ + steps);
      }
    }
    return std::max(b, step_ + 1);
  }

  void attribute(double seconds, const StepParts& parts) {
    const double total = parts.total();
    if (total <= 0 || seconds <= 0) return;
    train_s_ += seconds * parts.step_s / total;
    load_s_ += seconds * parts.load_s / total;
    r_.checkpoint_s += seconds * parts.slowdown_s / total;
    if (degraded_) r_.degraded_s += seconds;
  }

  void advance_running() {
    // An evaluation due at this very step (after a restore to a checkpoint taken just before it).
    const auto& evals = setup_.plan.eval_after_step;
    if (eval_index_ < evals.size() && evals[eval_index_] <= step_ && progress_ == 0) {
      evaluate();
      return;
    }
    const StepParts parts = step_parts();
    const double dt = parts.total();
    const std::int64_t b = next_boundary(dt);
    const double to_first = dt * (1 - progress_);
    const double boundary_s = t_ + to_first + static_cast<double>(b - step_ - 1) * dt;
    const auto [te, kind] = next_event();
    if (std::min(te, boundary_s) > setup_.give_up_after_s) {
      attribute(setup_.give_up_after_s - t_, parts);
      t_ = setup_.give_up_after_s;
      gave_up_ = true;
      return;
    }
    if (te < boundary_s) {
      // Whole steps done before the event; the boundary itself is only ever reached below, so
      // that its checkpoints and evaluations are not skipped when rounding brings te near it.
      const double elapsed = te - t_;
      std::int64_t done = elapsed < to_first ? 0 : 1 + static_cast<std::int64_t>(std::floor((elapsed - to_first) / dt));
      done = std::min(done, b - step_ - 1);
      if (done == 0) {
        progress_ = std::min(1.0, progress_ + elapsed / dt);
      } else {
        step_ += done;
        progress_ = std::clamp((elapsed - to_first - static_cast<double>(done - 1) * dt) / dt, 0.0, 1.0);
      }
      attribute(elapsed, parts);
      t_ = te;
      handle(kind);
      return;
    }
    attribute(boundary_s - t_, parts);
    t_ = boundary_s;
    step_ = b;
    progress_ = 0;
    ++r_.activities;
    checkpoint_at_boundary();
    if (down_) return;
    if (eval_index_ < evals.size() && evals[eval_index_] <= step_) evaluate();
  }

  void evaluate() {
    ++eval_index_;
    flush_training();
    if (blocking(setup_.plan.eval_s, eval_s_, "evaluation")) ++evaluations_;
  }

  /**
   * Training stops for `seconds` (an evaluation, a checkpoint write); events meanwhile are
   * handled at their time. Returns false if a failure stopped the job (the time so far stays
   * spent in `into`; evaluation time is then rolled back with the rest).
   */
  bool blocking(double seconds, double& into, const std::string& name) {
    const double start_s = t_;
    const double end_s = t_ + seconds;
    training_from_s_ = t_;
    for (;;) {
      const auto [te, kind] = next_event();
      if (te >= end_s) break;
      if (te > setup_.give_up_after_s) break;
      spend(te - t_, into);
      t_ = te;
      training_from_s_ = t_;  // what ran since the start of this stretch was not training
      if (handle(kind)) {
        if (trace_ != nullptr && t_ > start_s) span({name + " (cut)", "blocked", pid_, kTraceMain, start_s, t_ - start_s, ""});
        training_from_s_ = t_;
        return false;
      }
    }
    if (end_s > setup_.give_up_after_s) {
      // The run gives up before this ends.
      spend(setup_.give_up_after_s - t_, into);
      t_ = std::max(t_, setup_.give_up_after_s);
      training_from_s_ = t_;
      gave_up_ = true;
      return false;
    }
    spend(end_s - t_, into);
    t_ = end_s;
    if (trace_ != nullptr && seconds > 0) span({name, "blocked", pid_, kTraceMain, start_s, seconds, ""});
    training_from_s_ = t_;
    return true;
  }

  Snapshot snapshot() const { return {step_, train_s_, load_s_, eval_s_, evaluations_, eval_index_}; }

  bool due(const TierState& tier) const {
    if (tier.cadence.every_steps > 0) return step_ >= (tier.last_step / tier.cadence.every_steps + 1) * tier.cadence.every_steps;
    return t_ + 1e-9 * std::max(1.0, t_) >= tier.last_time_s + tier.cadence.every_s;
  }

  void checkpoint_at_boundary() {
    std::vector<std::size_t> due_tiers;
    for (std::size_t i = 0; i < tiers_.size(); ++i)
      if (due(tiers_[i]) && step_ < setup_.plan.steps) due_tiers.push_back(i);
    if (due_tiers.empty()) return;
    flush_training();
    const Snapshot state = snapshot();
    const double started_s = t_;
    for (std::size_t i : due_tiers) {
      tiers_[i].last_time_s = started_s;
      tiers_[i].last_step = step_;
    }
    if (!setup_.asynchronous_checkpoints) {
      for (std::size_t i : due_tiers) {
        const TierCosts& c = io().of(tiers_[i].cadence.tier);
        if (!c.available) continue;
        if (!blocking(c.blocking_s, r_.checkpoint_s, std::string("checkpoint to ") + workload::name_of(tiers_[i].cadence.tier)))
          return;
        tiers_[i].durable = state;
        tiers_[i].lost_slots.clear();
        ++r_.checkpoints;
      }
      return;
    }
    // Asynchronous: a copy still going to a due tier must finish first; then one snapshot into
    // host memory serves every due tier, and the copies to off-node tiers go on in the background.
    double wait_s = 0;
    double snapshot_s = 0;
    bool any = false;
    for (std::size_t i : due_tiers) {
      const TierCosts& c = io().of(tiers_[i].cadence.tier);
      if (!c.available) continue;  // nothing to write to: no snapshot for it either
      any = true;
      if (tiers_[i].in_flight) wait_s = std::max(wait_s, tiers_[i].in_flight_done_s - t_);
      snapshot_s = std::max(snapshot_s, c.blocking_s);
    }
    if (!any) return;
    if (wait_s > 0 && !blocking(wait_s, r_.checkpoint_s, "waiting for the previous copy")) return;
    persisted();  // a copy that ends as the wait does (or as this boundary is reached) counts
    if (!blocking(snapshot_s, r_.checkpoint_s, "checkpoint snapshot")) return;
    for (std::size_t i : due_tiers) {
      TierState& tier = tiers_[i];
      const TierCosts& c = io().of(tier.cadence.tier);
      if (!c.available) continue;
      ++r_.checkpoints;
      if (c.background_s <= 0) {
        tier.durable = state;
        tier.lost_slots.clear();
        continue;
      }
      tier.in_flight = state;
      tier.in_flight_done_s = t_ + c.background_s;
      tier.in_flight_slowdown = c.step_slowdown;
      if (trace_ != nullptr) {
        span({std::string("copy to ") + workload::name_of(tier.cadence.tier), "checkpoint", pid_, kTraceBackground, t_,
                     c.background_s, ""});
      }
    }
  }

  const RunSetup& setup_;
  const reliability::ComponentInventory& inventory_;
  RunCosts& costs_;
  reliability::FailureProcess failures_;
  TraceRecorder* trace_;
  int pid_;

  RunResult r_;
  double t_ = 0;
  std::int64_t step_ = 0;
  /**
   * The share of the step under way already done: kept as a share, not as time, so that a step
   * whose pace changes midway (a copy's slowdown ends, a link fails) is neither cut short nor
   * charged twice.
   */
  double progress_ = 0;
  double train_s_ = 0;
  double load_s_ = 0;
  double eval_s_ = 0;
  std::int64_t evaluations_ = 0;
  std::size_t eval_index_ = 0;
  double training_from_s_ = 0;

  std::vector<TierState> tiers_;
  /** Per server: failed components it is waiting on; whether it is a spare. */
  std::vector<int> failed_;
  std::vector<bool> in_pool_;
  /** The server each job slot (an original job server) runs on now. */
  std::vector<int> slot_server_;
  int displacement_hops_ = 0;
  int peer_offset_ = 1;
  std::map<std::uint64_t, std::vector<reliability::LinkLoss>> link_losses_;
  int storage_down_ = 0;
  std::priority_queue<Repair, std::vector<Repair>, std::greater<Repair>> repairs_;
  std::set<std::pair<ComponentClass, std::size_t>> in_repair_;
  std::uint64_t repair_seq_ = 0;

  std::optional<double> step_s_;
  bool degraded_ = false;
  const IoCosts* io_ = nullptr;
  int io_servers_down_ = -1;

  bool down_ = false;
  bool full_restart_ = false;
  /** The run reached RunSetup::give_up_after_s (or max_events) before its end. */
  bool gave_up_ = false;
  std::size_t spans_ = 0;
  Phase phase_ = Phase::detect;
  double phase_end_s_ = 0;
  double phase_start_s_ = 0;
};

}  // namespace

RunSimulator::RunSimulator(const RunSetup& setup, const reliability::ComponentInventory& inventory, RunCosts& costs)
    : setup_(setup), inventory_(inventory), costs_(costs) {}

RunResult RunSimulator::simulate(reliability::FailureProcess failures, TraceRecorder* trace, int trace_process) const {
  return Timeline(setup_, inventory_, costs_, std::move(failures), trace, trace_process).run();
}

}  // namespace tcsim::engine
