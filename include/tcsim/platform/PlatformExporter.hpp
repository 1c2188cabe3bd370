#pragma once
/** @file Writes a built platform as a SimGrid XML platform file, for SimGrid's own tools. */
#include <cstddef>
#include <string>

#include "tcsim/platform/Platform.hpp"

namespace tcsim::platform {

/**
 * @brief SimGrid XML (platform version 4.1): one Full zone with every NPU as a host, every link as
 * a split-duplex link, and one route per ordered pair of NPUs, taken from tcsim's own routing, so
 * that SimGrid's tools see the same paths. The file grows as N², hence a limit on N.
 */
class PlatformExporter {
public:
  static constexpr std::size_t kMaxNpus = 512;
  /** @brief The XML text; throws InputError (naming `target`) above kMaxNpus NPUs. */
  static std::string to_xml(const Platform& platform, const std::string& target);
};

}  // namespace tcsim::platform
