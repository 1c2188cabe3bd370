#include "tcsim/validation/ValidationRun.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>

#include <sys/wait.h>
#include <unistd.h>

#include "tcsim/common/InputError.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"
#include "tcsim/scenario/ScenarioRunner.hpp"

namespace tcsim::validation {
namespace {

/** What a child sends back: the predicted figure, or an error message and whether it was bad input. */
struct ChildAnswer {
  double predicted = 0;
  bool input_error = false;
  char error[512] = {};
};

ChildAnswer predict(const ValidationCase& c, const std::string& root) {
  ChildAnswer answer;
  try {
    const auto input = scenario::ScenarioInput::load(root + "/" + c.topology, root + "/" + c.workload, c.overrides, 1);
    const auto report = scenario::ScenarioRunner::run(input);
    answer.predicted = c.metric == "time_to_train_s"
                           ? report.run.time_to_train_s
                           : report.flops_per_step / report.step.time_s / report.npus / 1e12;
  } catch (const InputError& e) {
    answer.input_error = true;
    std::strncpy(answer.error, e.what(), sizeof answer.error - 1);
  } catch (const std::exception& e) {
    std::strncpy(answer.error, e.what(), sizeof answer.error - 1);
  }
  return answer;
}

struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::size_t row = 0;
  std::chrono::steady_clock::time_point start;
};

Child start(const ValidationCase& c, const std::string& root, std::size_t row) {
  // Without a pipe or a process the row still gets its Child, so that its failure is recorded on it.
  const Child none{-1, -1, row, std::chrono::steady_clock::now()};
  int fds[2];
  if (::pipe(fds) != 0) return none;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return none;
  }
  if (pid == 0) {
    ::close(fds[0]);
    const ChildAnswer answer = predict(c, root);
    (void)!::write(fds[1], &answer, sizeof answer);
    ::_exit(0);
  }
  ::close(fds[1]);
  return {pid, fds[0], row, std::chrono::steady_clock::now()};
}

void finish(const Child& child, ValidationRun::Row& row) {
  if (child.pid < 0) {
    // No pipe or no process: nothing to wait for (waitpid(-1) would reap another row's child).
    row.failure = "could not start a process for the row";
    return;
  }
  ChildAnswer answer;
  const ssize_t got = ::read(child.fd, &answer, sizeof answer);
  ::close(child.fd);
  int status = 0;
  ::waitpid(child.pid, &status, 0);
  row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - child.start).count();
  if (got != static_cast<ssize_t>(sizeof answer)) {
    row.failure = "the simulation ended without an answer (status " + std::to_string(status) + ")";
  } else if (answer.error[0] != '\0') {
    row.failure = answer.error;
    row.failure_is_input_error = answer.input_error;
  } else {
    row.predicted = answer.predicted;
    row.error = answer.predicted / row.input.measured - 1.0;
  }
}

}  // namespace

ValidationRun ValidationRun::execute(const std::vector<ValidationCase>& cases, const std::string& root, int jobs) {
  ValidationRun run;
  for (const auto& c : cases) run.rows.push_back(Row{c, 0, 0, 0, {}});
  std::vector<Child> running;
  for (std::size_t i = 0; i <= run.rows.size(); ++i) {
    // Keep at most `jobs` children; collect the oldest when full (and all at the end).
    while (!running.empty() && (running.size() >= static_cast<std::size_t>(std::max(1, jobs)) || i == run.rows.size())) {
      finish(running.front(), run.rows[running.front().row]);
      running.erase(running.begin());
    }
    if (i == run.rows.size()) break;
    if (!run.rows[i].input.skipped.empty()) continue;
    running.push_back(start(run.rows[i].input, root, i));
  }
  std::vector<double> errors;
  for (const auto& row : run.rows)
    if (row.scored()) errors.push_back(std::fabs(row.error));
  run.scored = errors.size();
  if (!errors.empty()) {
    std::sort(errors.begin(), errors.end());
    const std::size_t n = errors.size();
    run.median_abs_error = n % 2 == 1 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
    run.worst_abs_error = errors.back();
  }
  return run;
}

}  // namespace tcsim::validation
