#include "tcsim/scenario/SweepSpec.hpp"

#include <algorithm>
#include <map>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/JsonCursor.hpp"
#include "tcsim/scenario/JsonFile.hpp"
#include "tcsim/scenario/ScenarioInput.hpp"

namespace tcsim::scenario {
namespace {

constexpr std::size_t kMaxPoints = 1000000;


std::string override_of(const std::string& key, const nlohmann::json& value) {
  return key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
}

/** The axes of `grid` or `zip`: every key's values, a non-empty array each. */
std::vector<std::pair<std::string, std::vector<nlohmann::json>>> axes_of(const JsonCursor& section) {
  if (!section.raw().is_object() || section.raw().empty())
    section.fail("expected an object mapping override keys (\"topology.nodes\") to arrays of values");
  std::vector<std::pair<std::string, std::vector<nlohmann::json>>> axes;
  for (const auto& [key, values] : section.raw().items()) {
    const JsonCursor axis = section.at(key);
    if (!values.is_array() || values.empty()) axis.fail("expected a non-empty array of values for the axis '" + key + "'");
    if (key.rfind("topology.", 0) != 0 && key.rfind("workload.", 0) != 0)
      axis.fail("an axis key starts with topology. or workload., as --set keys do; got '" + key + "'");
    axes.emplace_back(key, std::vector<nlohmann::json>(values.begin(), values.end()));
  }
  return axes;
}

}  // namespace

SweepSpec SweepSpec::load(const std::string& path) {
  const nlohmann::json document = read_json_file(path);
  const JsonCursor root(document, path);
  root.expect_object_with({"schema", "name", "description", "topology", "workload", "set", "seed", "replicas", "grid",
                           "zip", "points"});
  if (root.at("schema").string() != "tcsim.sweep/1") root.at("schema").fail("expected \"tcsim.sweep/1\"");
  SweepSpec spec;
  spec.file = path;
  spec.name = root.has("name") ? root.at("name").string() : "sweep";
  if (root.has("topology")) spec.topology_file = path_beside(path, root.at("topology").string());
  if (root.has("workload")) spec.workload_file = path_beside(path, root.at("workload").string());
  if (root.has("seed")) spec.seed = static_cast<std::uint64_t>(root.at("seed").int_within(0, 2147483647));
  if (root.has("replicas")) spec.replicas = root.at("replicas").int_within(1, ScenarioInput::kMaxReplicas);
  const std::vector<std::string> base = root.has("set") ? root.at("set").string_array() : std::vector<std::string>{};

  const int kinds = int(root.has("grid")) + int(root.has("zip")) + int(root.has("points"));
  if (kinds != 1) root.fail("expected exactly one of \"grid\", \"zip\" or \"points\" (found " + std::to_string(kinds) + ")");
  std::vector<std::vector<std::string>> combos;
  if (root.has("grid")) {
    const auto axes = axes_of(root.at("grid"));
    for (const auto& axis : axes) spec.axes.push_back(axis.first);
    std::size_t count = 1;
    for (const auto& [key, values] : axes) {
      count *= values.size();
      if (count > kMaxPoints) root.at("grid").fail("more than " + std::to_string(kMaxPoints) + " points");
    }
    for (std::size_t i = 0; i < count; ++i) {
      std::vector<std::string> overrides;
      std::size_t rest = i;
      std::vector<std::string> reversed;
      for (auto axis = axes.rbegin(); axis != axes.rend(); ++axis) {
        reversed.push_back(override_of(axis->first, axis->second[rest % axis->second.size()]));
        rest /= axis->second.size();
      }
      combos.emplace_back(reversed.rbegin(), reversed.rend());
    }
  } else if (root.has("zip")) {
    const auto axes = axes_of(root.at("zip"));
    for (const auto& axis : axes) spec.axes.push_back(axis.first);
    const std::size_t count = axes.front().second.size();
    for (const auto& [key, values] : axes) {
      if (values.size() != count)
        root.at("zip").at(key).fail("zipped axes need equal lengths: '" + axes.front().first + "' has " +
                                    std::to_string(count) + " values, this one " + std::to_string(values.size()));
    }
    for (std::size_t i = 0; i < count; ++i) {
      std::vector<std::string> overrides;
      for (const auto& [key, values] : axes) overrides.push_back(override_of(key, values[i]));
      combos.push_back(std::move(overrides));
    }
  } else {
    const JsonCursor list = root.at("points");
    if (!list.raw().is_array() || list.raw().empty()) list.fail("expected a non-empty array of override objects");
    for (std::size_t i = 0; i < list.array_size(); ++i) {
      const JsonCursor point = list.at(i);
      if (!point.raw().is_object()) point.fail("expected an object mapping override keys to values");
      std::vector<std::string> overrides;
      for (const auto& [key, value] : point.raw().items()) {
        overrides.push_back(override_of(key, value));
        if (std::find(spec.axes.begin(), spec.axes.end(), key) == spec.axes.end()) spec.axes.push_back(key);
      }
      combos.push_back(std::move(overrides));
    }
  }
  const std::size_t width = std::max<std::size_t>(4, std::to_string(combos.size() - 1).size());
  for (std::size_t i = 0; i < combos.size(); ++i) {
    Point p;
    const std::string number = std::to_string(i);
    p.id = "p" + std::string(width - number.size(), '0') + number;
    p.overrides = base;
    p.overrides.insert(p.overrides.end(), combos[i].begin(), combos[i].end());
    spec.points.push_back(std::move(p));
  }
  return spec;
}

}  // namespace tcsim::scenario
