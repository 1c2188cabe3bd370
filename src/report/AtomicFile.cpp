#include "tcsim/report/AtomicFile.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <unistd.h>

#include "tcsim/common/InputError.hpp"

namespace tcsim::report {

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path, "", std::string("cannot write output file: ") + std::strerror(errno));
    out << content;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throw InputError(path, "", "failed while writing output file");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw InputError(path, "", "cannot replace output file: " + reason);
  }
}

void check_writable(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  if (::access(directory.c_str(), W_OK) != 0) {
    throw InputError(path, "", "cannot write output file: directory '" + directory + "': " + std::strerror(errno));
  }
}

namespace {

bool same_file(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  std::error_code ignored;
  const auto canonical_a = std::filesystem::weakly_canonical(a, ignored);
  const auto canonical_b = std::filesystem::weakly_canonical(b, ignored);
  return !canonical_a.empty() && canonical_a == canonical_b;
}

}  // namespace

void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs,
                            const std::vector<std::pair<std::string, std::string>>& inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [flag, path] = outputs[i];
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      if (same_file(path, outputs[j].second)) {
        throw InputError(path, "", flag + " and " + outputs[j].first + " name the same file; each output needs its own");
      }
    }
    for (const auto& [input_flag, input] : inputs) {
      if (same_file(path, input)) throw InputError(path, "", flag + " would overwrite the input file given to " + input_flag);
    }
  }
}

}  // namespace tcsim::report
