#include "tcsim/common/Log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace tcsim {

std::shared_ptr<spdlog::logger> logger(const std::string& component) {
  if (auto existing = spdlog::get(component)) return existing;
  // Logs go to stderr so that stdout carries only the report.
  auto created = spdlog::stderr_color_mt(component);
  created->set_level(spdlog::get_level());
  created->set_pattern("[%n] %l: %v");
  return created;
}

}  // namespace tcsim
