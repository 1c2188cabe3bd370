#include "tcsim/scenario/Override.hpp"

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/NearestKey.hpp"

namespace tcsim::scenario {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : text) {
    if (c == separator) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

bool is_index(const std::string& token) {
  if (token.empty() || token.size() > 9) return false;
  for (char c : token)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

Override Override::parse(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw InputError("--set", "", "expected KEY=VALUE, got '" + text + "'");
  }
  Override out;
  out.text = text;
  const std::vector<std::string> key = split(text.substr(0, equals), '.');
  out.target = key.front();
  if (out.target != "topology" && out.target != "workload") {
    throw InputError("--set", "", "key '" + text.substr(0, equals) + "' must start with 'topology.' or 'workload.'; " +
                                      suggestion_text(out.target, {"topology", "workload"}));
  }
  if (key.size() < 2) throw InputError("--set", "", "key '" + out.target + "' needs a path, e.g. " + out.target + ".name");
  out.path.assign(key.begin() + 1, key.end());
  for (const auto& token : out.path) {
    if (token.empty()) throw InputError("--set", "", "empty path component in '" + text.substr(0, equals) + "'");
  }
  const std::string value = text.substr(equals + 1);
  // JSON if it parses (numbers, true, null, objects...), else the raw text as a string.
  out.value = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (out.value.is_discarded()) out.value = value;
  return out;
}

void Override::apply(nlohmann::json& document, const std::string& file) const {
  nlohmann::json* node = &document;
  std::string pointer;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& token = path[i];
    const std::string where = pointer.empty() ? "/" : pointer;
    if (node->is_object()) {
      auto it = node->find(token);
      if (it == node->end() && i + 1 == path.size()) {
        // A new last key: the loader checks it against the schema (and names the nearest key),
        // so fields a file leaves to their defaults or to a catalog model can still be swept.
        (*node)[token] = value;
        return;
      }
      if (it == node->end()) {
        std::vector<std::string> keys;
        for (auto k = node->begin(); k != node->end(); ++k) keys.push_back(k.key());
        throw InputError(file, pointer + "/" + token,
                         "--set " + text.substr(0, text.find('=')) + ": no key '" + token + "' at " + where + "; " +
                             suggestion_text(token, keys));
      }
      node = &*it;
    } else if (node->is_array()) {
      if (!is_index(token) || std::stoul(token) >= node->size()) {
        throw InputError(file, pointer + "/" + token,
                         "--set " + text + ": expected an index below " + std::to_string(node->size()) + " at " + where);
      }
      node = &(*node)[std::stoul(token)];
    } else {
      throw InputError(file, pointer, "--set " + text + ": " + where + " is a " + node->type_name() + ", not an object");
    }
    pointer += "/" + token;
  }
  *node = value;
}

}  // namespace tcsim::scenario
