#include "tcsim/scenario/JsonFile.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tcsim/common/InputError.hpp"

namespace tcsim::scenario {

nlohmann::json parse_json_text(const std::string& text, const std::string& file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Translate the byte offset into line:column, which editors understand.
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string detail = e.what();
    const auto colon = detail.find("parse error");
    if (colon != std::string::npos) detail = detail.substr(colon);
    throw InputError(file, "", "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                                   ": " + detail);
  } catch (const nlohmann::json::exception& e) {
    // A number beyond a double (1e999): the same input error as through --set.
    std::string detail = e.what();
    const auto close = detail.find("] ");
    if (close != std::string::npos) detail = detail.substr(close + 2);
    throw InputError(file, "", detail);
  }
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", std::string("cannot open file: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_json_text(buffer.str(), path);
}

std::string path_beside(const std::string& file, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const auto slash = file.find_last_of('/');
  return slash == std::string::npos ? path : file.substr(0, slash + 1) + path;
}

}  // namespace tcsim::scenario
