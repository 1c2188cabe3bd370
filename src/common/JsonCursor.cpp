#include "tcsim/common/JsonCursor.hpp"

#include <climits>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/NearestKey.hpp"

namespace tcsim {
namespace {
// Physical ranges (see JsonCursor::latency_s and bandwidth_gbps); messages print these same values.
constexpr double kMinLatencyS = 1e-12;
constexpr double kMaxLatencyS = 1e3;
constexpr double kMinBandwidthGbps = 1e-6;
constexpr double kMaxBandwidthGbps = 1e9;

// RFC 6901 escaping so that paths stay unambiguous even for odd keys.
std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}
}  // namespace

JsonCursor::JsonCursor(const nlohmann::json& node, std::string file, std::string path)
    : node_(&node), file_(std::move(file)), path_(std::move(path)) {}

void JsonCursor::fail(const std::string& message) const { throw InputError(file_, path_.empty() ? "/" : path_, message); }

std::string JsonCursor::describe_value() const {
  std::string dump = node_->dump();
  if (dump.size() > 40) dump = dump.substr(0, 37) + "...";
  return std::string(node_->type_name()) + " " + dump;
}

bool JsonCursor::has(const std::string& key) const { return node_->is_object() && node_->contains(key); }

JsonCursor JsonCursor::at(const std::string& key) const {
  if (!node_->is_object()) fail("expected an object with field '" + key + "', got " + describe_value());
  auto it = node_->find(key);
  if (it == node_->end()) throw InputError(file_, path_ + "/" + escape_pointer_token(key), "missing required field '" + key + "'");
  return JsonCursor(*it, file_, path_ + "/" + escape_pointer_token(key));
}

std::optional<JsonCursor> JsonCursor::find(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key);
}

JsonCursor JsonCursor::at(std::size_t index) const {
  if (!node_->is_array()) fail("expected an array, got " + describe_value());
  if (index >= node_->size()) fail("expected at least " + std::to_string(index + 1) + " elements");
  return JsonCursor((*node_)[index], file_, path_ + "/" + std::to_string(index));
}

std::size_t JsonCursor::array_size() const {
  if (!node_->is_array()) fail("expected an array, got " + describe_value());
  return node_->size();
}

void JsonCursor::expect_object_with(const std::vector<std::string>& allowed) const {
  if (!node_->is_object()) fail("expected an object, got " + describe_value());
  for (auto it = node_->begin(); it != node_->end(); ++it) {
    bool known = false;
    for (const auto& key : allowed) known = known || key == it.key();
    if (!known) {
      throw InputError(file_, path_ + "/" + escape_pointer_token(it.key()),
                       "unknown key '" + it.key() + "'; " + suggestion_text(it.key(), allowed));
    }
  }
}

double JsonCursor::number() const {
  if (!node_->is_number()) fail("expected a number, got " + describe_value());
  const double value = node_->get<double>();
  if (!std::isfinite(value)) fail("expected a finite number");
  return value;
}

double JsonCursor::positive_number() const {
  const double value = number();
  if (!(value > 0)) fail("expected a positive number, got " + node_->dump());
  return value;
}

double JsonCursor::non_negative_number() const {
  const double value = number();
  if (value < 0) fail("expected a number >= 0, got " + node_->dump());
  return value;
}

double JsonCursor::number_within(double low, double high) const {
  const double value = number();
  if (!(value >= low && value <= high)) fail(fmt::format("expected a number from {:g} to {:g}, got {}", low, high, node_->dump()));
  return value;
}

double JsonCursor::latency_s() const {
  const double value = number();
  if (value == 0) return 0;
  if (!(value >= kMinLatencyS && value <= kMaxLatencyS)) {
    fail(fmt::format("expected 0 or a latency from {:g} to {:g} s, got {}", kMinLatencyS, kMaxLatencyS, node_->dump()));
  }
  return value;
}

double JsonCursor::bandwidth_gbps() const {
  const double value = number();
  if (!(value >= kMinBandwidthGbps && value <= kMaxBandwidthGbps)) {
    fail(fmt::format("expected a bandwidth from {:g} to {:g} Gb/s, got {}", kMinBandwidthGbps, kMaxBandwidthGbps,
                     node_->dump()));
  }
  return value;
}

std::int64_t JsonCursor::integer() const {
  if (node_->is_number_unsigned() && node_->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    fail("expected an integer below 2^63, got " + describe_value());
  }
  if (node_->is_number_integer()) return node_->get<std::int64_t>();
  // Accept 128.0 but not 128.5: JSON writers (and --set) may print integers as floats.
  if (node_->is_number_float()) {
    const double value = node_->get<double>();
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9.0e15) return static_cast<std::int64_t>(value);
  }
  fail("expected an integer, got " + describe_value());
}

std::int64_t JsonCursor::positive_integer() const {
  const std::int64_t value = integer();
  if (value < 1) fail("expected an integer >= 1, got " + std::to_string(value));
  return value;
}

int JsonCursor::int_value() const {
  const std::int64_t value = integer();
  if (value < INT_MIN || value > INT_MAX) fail("expected an integer of at most 2^31 - 1 in size, got " + std::to_string(value));
  return static_cast<int>(value);
}

int JsonCursor::positive_int() const {
  const std::int64_t value = positive_integer();
  if (value > INT_MAX) fail("expected an integer from 1 to 2147483647, got " + std::to_string(value));
  return static_cast<int>(value);
}

int JsonCursor::int_within(int low, int high) const {
  const std::int64_t value = integer();
  if (value < low || value > high) fail(fmt::format("expected an integer from {} to {}, got {}", low, high, value));
  return static_cast<int>(value);
}

std::string JsonCursor::string() const {
  if (!node_->is_string()) fail("expected a string, got " + describe_value());
  return node_->get<std::string>();
}

std::vector<std::string> JsonCursor::string_array() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array_size(); ++i) out.push_back(at(i).string());
  return out;
}

bool JsonCursor::boolean() const {
  if (!node_->is_boolean()) fail("expected true or false, got " + describe_value());
  return node_->get<bool>();
}

std::string JsonCursor::one_of(const std::vector<std::string>& allowed) const {
  const std::string value = string();
  for (const auto& option : allowed) {
    if (option == value) return value;
  }
  std::string list;
  for (std::size_t i = 0; i < allowed.size(); ++i) list += (i ? ", " : "") + allowed[i];
  const auto best = nearest_keys(value, allowed);
  std::string hint = best.empty() ? "" : " (did you mean '" + best.front() + "'?)";
  fail("expected one of " + list + ", got '" + value + "'" + hint);
}

}  // namespace tcsim
