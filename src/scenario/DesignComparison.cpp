#include "tcsim/scenario/DesignComparison.hpp"

#include <charconv>
#include <map>

#include "tcsim/common/InputError.hpp"

namespace tcsim::scenario {
namespace {

std::string stem(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

std::vector<PointRun> DesignComparison::designs(const std::vector<std::string>& files, bool designs_are_topologies,
                                              const std::string& fixed, const std::vector<std::string>& set,
                                              const std::vector<std::string>& set_each) {
  std::vector<PointRun> out;
  std::map<std::string, int> seen;
  for (const auto& file : files) {
    PointRun d;
    d.id = stem(file);
    if (const int n = ++seen[d.id]; n > 1) d.id += "#" + std::to_string(n);
    d.topology_file = designs_are_topologies ? file : fixed;
    d.workload_file = designs_are_topologies ? fixed : file;
    d.overrides = set;
    out.push_back(std::move(d));
  }
  for (const auto& entry : set_each) {
    const auto colon = entry.find(':');
    int index = 0;
    const char* end = entry.data() + (colon == std::string::npos ? 0 : colon);
    const auto [last, error] = std::from_chars(entry.data(), end, index);
    if (colon == std::string::npos || error != std::errc() || last != end || colon + 1 >= entry.size()) {
      throw InputError("--set-each", "", "expected I:KEY=VALUE with I the design's position from 1, got '" + entry + "'");
    }
    if (index < 1 || index > static_cast<int>(out.size())) {
      throw InputError("--set-each", "", "design " + std::to_string(index) + " does not exist: there are " +
                                             std::to_string(out.size()) + " designs, numbered from 1 ('" + entry + "')");
    }
    out[static_cast<std::size_t>(index - 1)].overrides.push_back(entry.substr(colon + 1));
  }
  return out;
}

std::vector<results::ResultRow> DesignComparison::run(std::vector<PointRun> designs, std::uint64_t seed, int replicas,
                                                      int jobs) {
  for (auto& d : designs) {
    d.seed = seed;
    d.replicas = replicas;
  }
  // Every design's files, overrides, topology and plan are checked before any simulation starts.
  for (const auto& d : designs) d.check();
  const auto outcomes = ProcessPool::run(designs.size(), jobs, [&](std::size_t k) { return designs[k].simulate(); });
  std::vector<results::ResultRow> rows;
  for (std::size_t k = 0; k < designs.size(); ++k) rows.push_back(designs[k].row(outcomes[k]));
  return rows;
}

}  // namespace tcsim::scenario
