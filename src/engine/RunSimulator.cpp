#include "tcsim/engine/RunSimulator.hpp"

#include <memory>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "tcsim/platform/SimGridSession.hpp"

namespace tcsim::engine {

RunResult RunSimulator::simulate(const platform::Platform& platform, const RunPlan& plan) {
  namespace s4u = simgrid::s4u;
  auto& engine = platform::SimGridSession::engine();
  auto result = std::make_shared<RunResult>();
  result->steps = plan.steps;
  const double start_s = s4u::Engine::get_clock();

  s4u::Actor::create("run", platform.controller(), [&plan, result] {
    std::int64_t done = 0;
    auto train = [&](std::int64_t until) {
      if (until <= done) return;
      const double block_s = static_cast<double>(until - done) * plan.step_time_s;
      s4u::this_actor::sleep_for(block_s);
      result->train_s += block_s;
      ++result->activities;
      done = until;
    };
    for (std::int64_t at : plan.eval_after_step) {
      train(at);
      s4u::this_actor::sleep_for(plan.eval_s);
      result->eval_s += plan.eval_s;
      ++result->evaluations;
      ++result->activities;
    }
    train(plan.steps);
  });
  engine.run();

  result->time_to_train_s = s4u::Engine::get_clock() - start_s;
  // Goodput counts what failures and resilience cost (checkpoints, lost work, restarts).
  const double overhead_s = result->checkpoint_s + result->lost_work_s + result->restart_s;
  result->goodput = result->time_to_train_s > 0 ? 1.0 - overhead_s / result->time_to_train_s : 1.0;
  return *result;
}

}  // namespace tcsim::engine
