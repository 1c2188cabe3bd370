#pragma once
/** @file A small RFC 4180 CSV reader for the reference data files. */
#include <map>
#include <string>
#include <vector>

namespace tcsim {

/** @brief A CSV file with a header row; cells addressed by row index and column name. */
class CsvTable {
public:
  /** @brief Reads `path`; throws InputError if it cannot be read or a row is malformed. */
  static CsvTable read(const std::string& path);
  /** @brief Parses CSV text (`file` is used in messages). */
  static CsvTable parse(const std::string& text, const std::string& file);

  std::size_t rows() const { return rows_.size(); }
  const std::vector<std::string>& columns() const { return columns_; }
  /** @brief The cell at `row` in column `column`; throws InputError for an unknown column. */
  const std::string& at(std::size_t row, const std::string& column) const;
  /** @brief The cell as a number; throws InputError if it is not one. */
  double number(std::size_t row, const std::string& column) const;
  /** @brief The cell as a finite number > 0; throws InputError naming the row and column. */
  double positive_number(std::size_t row, const std::string& column) const;
  /** @brief The cell as a whole number from 1 to 2^31 - 1; throws InputError naming the row and column. */
  int positive_int(std::size_t row, const std::string& column) const;

private:
  [[noreturn]] void fail(std::size_t row, const std::string& column, const std::string& expected) const;

  std::string file_;
  std::vector<std::string> columns_;
  std::map<std::string, std::size_t> index_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace tcsim
