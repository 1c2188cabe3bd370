#pragma once
/** @file Runs independent tasks in child processes, a few at a time (SimGrid allows one engine per process). */
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace tcsim {

/**
 * @brief Forks one child per task, at most `jobs` alive at once, and collects what each one
 * returns. A task returns its answer as text; an InputError it throws comes back as such, any
 * other exception as an error message, and a child that dies without answering says how.
 */
class ProcessPool {
public:
  struct Outcome {
    /** @brief The task's text, when it succeeded. */
    std::string output;
    /** @brief Why it failed (empty on success). */
    std::string error;
    /** @brief The failure was an InputError (bad input), not a bug or a crash. */
    bool input_error = false;
    /** @brief Wall time from fork to answer, in seconds. */
    double wall_s = 0;
    bool ok() const { return error.empty(); }
  };

  /**
   * @brief Runs task(0) ... task(count - 1), each in its own child process, `jobs` at a time
   * (a finished child's slot goes to the next task at once); outcomes by index. `done`, when
   * given, is called in the parent with each task's index and outcome as it finishes.
   */
  static std::vector<Outcome> run(std::size_t count, int jobs, const std::function<std::string(std::size_t)>& task,
                                  const std::function<void(std::size_t, const Outcome&)>& done = {});
};

}  // namespace tcsim
