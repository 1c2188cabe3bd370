#pragma once
/** @file One named spdlog logger per component, quiet (warnings) unless -v. */
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace tcsim {

/** @brief The logger of `component` ("topology", "platform", "engine", "cli"), made on first use. */
std::shared_ptr<spdlog::logger> logger(const std::string& component);

}  // namespace tcsim
