#pragma once
/** @file Text made safe inside XML and HTML (JUnit reports, HTML pages). */
#include <string>

namespace tcsim {

/**
 * @brief `text` with &, <, >, " and ' escaped, and the control characters XML 1.0 forbids (all
 * but tab, line feed and carriage return) replaced by spaces: safe in element text and in
 * double-quoted attributes of XML and HTML alike.
 */
std::string markup_escaped(const std::string& text);

}  // namespace tcsim
