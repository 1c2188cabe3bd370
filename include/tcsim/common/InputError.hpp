#pragma once
/** @file Error raised for bad user input (files, options); the CLI maps it to exit status 2. */
#include <stdexcept>
#include <string>

namespace tcsim {

/** @brief Bad user input: carries the file, the JSON path (RFC 6901 style) and what was expected. */
class InputError : public std::invalid_argument {
public:
  InputError(std::string file, std::string json_path, std::string message);

  /** @brief The input file (or "--set", "command line") the error was found in. */
  const std::string& file() const { return file_; }
  /** @brief JSON pointer to the offending value, "" for the whole document. */
  const std::string& json_path() const { return json_path_; }
  /** @brief What was wrong and what was expected, without file and path. */
  const std::string& message() const { return message_; }

private:
  std::string file_;
  std::string json_path_;
  std::string message_;
};

}  // namespace tcsim
