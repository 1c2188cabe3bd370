#include "tcsim/common/ProcessPool.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <exception>
#include <stdexcept>

#include <poll.h>
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

/** The outcome of a child whose answer is all in `text` (its pipe closed), reaped now. */
ProcessPool::Outcome finish(const Child& child, const std::string& text) {
  ProcessPool::Outcome out;
  if (child.pid < 0) {
    // No pipe or no process: nothing to wait for (waitpid(-1) would reap another task's child).
    out.error = "could not start a process";
    return out;
  }
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
                                                   const std::function<void(std::size_t, const Outcome&)>& done) {
  std::vector<Outcome> outcomes(count);
  struct Running {
    Child child;
    std::string text;
  };
  std::vector<Running> running;
  std::size_t next = 0;
  auto complete = [&](std::size_t k) {
    const std::size_t index = running[k].child.task;
    ::close(running[k].child.fd);
    outcomes[index] = finish(running[k].child, running[k].text);
    running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
    if (done) done(index, outcomes[index]);
  };
  while (next < count || !running.empty()) {
    // Keep `jobs` children busy; a child that could not start is done at once.
    while (next < count && running.size() < static_cast<std::size_t>(std::max(1, jobs))) {
      running.push_back({start(next++, task), {}});
      if (running.back().child.pid < 0) complete(running.size() - 1);
    }
    if (running.empty()) continue;
    // Read whichever children have written, and collect every one whose pipe has closed, in
    // the order they finish: a long task does not hold up the slots of short ones.
    std::vector<pollfd> fds(running.size());
    for (std::size_t k = 0; k < running.size(); ++k) fds[k] = {running[k].child.fd, POLLIN, 0};
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("ProcessPool: poll failed");
    }
    for (std::size_t k = running.size(); k-- > 0;) {
      if (fds[k].revents == 0) continue;
      char buffer[65536];
      const ssize_t got = ::read(running[k].child.fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got > 0) {
        running[k].text.append(buffer, static_cast<std::size_t>(got));
      } else {
        complete(k);
      }
    }
  }
  return outcomes;
}

}  // namespace tcsim
