#include "tcsim/common/ProcessPool.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <exception>

#include <sys/wait.h>
#include <unistd.h>

#include "tcsim/common/InputError.hpp"

namespace tcsim {
namespace {

/** A child's answer on its pipe: one status byte ('o' output, 'i' input error, 'e' error), then the text. */
void answer(int fd, char status, const std::string& text) {
  std::string message(1, status);
  message += text;
  const char* at = message.data();
  std::size_t left = message.size();
  while (left > 0) {
    const ssize_t wrote = ::write(fd, at, left);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return;
    at += wrote;
    left -= static_cast<std::size_t>(wrote);
  }
}

struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::size_t task = 0;
  std::chrono::steady_clock::time_point start;
};

Child start(std::size_t task, const std::function<std::string(std::size_t)>& body) {
  // Without a pipe or a process the task still gets its Child, so that its failure is recorded on it.
  const Child none{-1, -1, task, std::chrono::steady_clock::now()};
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
    try {
      answer(fds[1], 'o', body(task));
    } catch (const InputError& e) {
      answer(fds[1], 'i', e.what());
    } catch (const std::exception& e) {
      answer(fds[1], 'e', e.what());
    }
    ::close(fds[1]);
    ::_exit(0);
  }
  ::close(fds[1]);
  return {pid, fds[0], task, std::chrono::steady_clock::now()};
}

ProcessPool::Outcome finish(const Child& child) {
  ProcessPool::Outcome out;
  if (child.pid < 0) {
    // No pipe or no process: nothing to wait for (waitpid(-1) would reap another task's child).
    out.error = "could not start a process";
    return out;
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(child.fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(child.fd);
  int status = 0;
  ::waitpid(child.pid, &status, 0);
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - child.start).count();
  if (text.empty()) {
    out.error = "the process ended without an answer (status " + std::to_string(status) + ")";
  } else if (text[0] == 'o') {
    out.output = text.substr(1);
  } else {
    out.error = text.substr(1);
    if (out.error.empty()) out.error = "unknown error";
    out.input_error = text[0] == 'i';
  }
  return out;
}

}  // namespace

std::vector<ProcessPool::Outcome> ProcessPool::run(std::size_t count, int jobs,
                                                   const std::function<std::string(std::size_t)>& task,
                                                   const std::function<void(std::size_t)>& done) {
  std::vector<Outcome> outcomes(count);
  std::vector<Child> running;
  std::size_t finished = 0;
  for (std::size_t i = 0; i <= count; ++i) {
    // Keep at most `jobs` children; collect the oldest when full (and all at the end).
    while (!running.empty() && (running.size() >= static_cast<std::size_t>(std::max(1, jobs)) || i == count)) {
      outcomes[running.front().task] = finish(running.front());
      running.erase(running.begin());
      if (done) done(++finished);
    }
    if (i == count) break;
    running.push_back(start(i, task));
  }
  return outcomes;
}

}  // namespace tcsim
