#include "support/CliRunner.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "tcsim/common/InputError.hpp"

namespace tcsim::test {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_dir() {
  static std::string dir = [] {
    char pattern[] = "/tmp/tcsim-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    return std::string(made ? made : "/tmp");
  }();
  return dir;
}

}  // namespace

std::string input_error_text(const std::function<void()>& f, std::string* json_path) {
  try {
    f();
  } catch (const InputError& e) {
    if (json_path != nullptr) *json_path = e.json_path();
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "<no error>";
}

std::string source_path(const std::string& relative) { return std::string(TCSIM_SOURCE_DIR) + "/" + relative; }

std::string temp_file(const std::string& name, const std::string& content) {
  const std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

CliResult run_cli(const std::vector<std::string>& args) {
  static int counter = 0;
  const std::string base = temp_dir() + "/cli" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const std::string out_path = base + ".out";
  const std::string err_path = base + ".err";
  const pid_t child = ::fork();
  if (child == 0) {
    const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    std::vector<char*> argv;
    std::string program = TCSIM_CLI_PATH;
    argv.push_back(program.data());
    std::vector<std::string> copies = args;
    for (auto& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_all(out_path);
  result.err = read_all(err_path);
  return result;
}

nlohmann::json run_json(const std::vector<std::string>& args) {
  std::vector<std::string> full = {"run", "--format", "json", "-q"};
  full.insert(full.end(), args.begin(), args.end());
  const CliResult r = run_cli(full);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto parsed = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << r.out;
  return parsed;
}

}  // namespace tcsim::test
