#pragma once
/** @file The tcsim version string (from CMake's project version). */

namespace tcsim {

/** @brief e.g. "0.1.0". */
const char* version();

}  // namespace tcsim
