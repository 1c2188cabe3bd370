#include "tcsim/common/Log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace tcsim {
namespace {
spdlog::level::level_enum& current_level() {
  static spdlog::level::level_enum level = spdlog::level::warn;
  return level;
}
}  // namespace

std::shared_ptr<spdlog::logger> logger(const std::string& component) {
  if (auto existing = spdlog::get(component)) return existing;
  // Logs go to stderr so that stdout carries only the report.
  auto created = spdlog::stderr_color_mt(component);
  created->set_level(current_level());
  created->set_pattern("[%n] %l: %v");
  return created;
}

void set_log_level(spdlog::level::level_enum level) {
  current_level() = level;
  spdlog::apply_all([level](const std::shared_ptr<spdlog::logger>& l) { l->set_level(level); });
}

}  // namespace tcsim
