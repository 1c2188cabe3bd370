#pragma once
/** @file One named spdlog logger per component, quiet (warnings) unless asked for more. */
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace tcsim {

/** @brief The logger of `component` ("engine", "platform", ...), made on first use, on stderr. */
std::shared_ptr<spdlog::logger> logger(const std::string& component);

/** @brief Level of every tcsim logger, present and future (default: warn). */
void set_log_level(spdlog::level::level_enum level);

}  // namespace tcsim
