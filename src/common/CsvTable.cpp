#include "tcsim/common/CsvTable.hpp"

#include <climits>
#include <cmath>
#include <fstream>
#include <sstream>

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/NearestKey.hpp"

namespace tcsim {

CsvTable CsvTable::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open CSV file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

CsvTable CsvTable::parse(const std::string& text, const std::string& file) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string cell;
  bool quoted = false;
  bool any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(cell);
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !cell.empty()) {
        record.push_back(cell);
        records.push_back(record);
      }
      record.clear();
      cell.clear();
      any = false;
    } else {
      cell += c;
      any = true;
    }
  }
  if (quoted) throw InputError(file, "", "unterminated quoted field");
  if (any || !cell.empty()) {
    record.push_back(cell);
    records.push_back(record);
  }
  if (records.empty()) throw InputError(file, "", "empty CSV file");

  CsvTable table;
  table.file_ = file;
  table.columns_ = records.front();
  for (std::size_t c = 0; c < table.columns_.size(); ++c) table.index_[table.columns_[c]] = c;
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.columns_.size()) {
      throw InputError(file, "", "row " + std::to_string(r + 1) + " has " + std::to_string(records[r].size()) +
                                     " cells, the header has " + std::to_string(table.columns_.size()));
    }
    table.rows_.push_back(records[r]);
  }
  return table;
}

const std::string& CsvTable::at(std::size_t row, const std::string& column) const {
  const auto it = index_.find(column);
  if (it == index_.end()) throw InputError(file_, "", "no column '" + column + "'; " + suggestion_text(column, columns_));
  return rows_.at(row).at(it->second);
}

double CsvTable::number(std::size_t row, const std::string& column) const {
  const std::string& text = at(row, column);
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  fail(row, column, "a number");
}

double CsvTable::positive_number(std::size_t row, const std::string& column) const {
  const double value = number(row, column);
  if (!(std::isfinite(value) && value > 0)) fail(row, column, "a finite number > 0");
  return value;
}

int CsvTable::positive_int(std::size_t row, const std::string& column) const {
  const double value = number(row, column);
  if (!(value >= 1 && value <= INT_MAX && value == std::floor(value))) fail(row, column, "a whole number from 1 to 2147483647");
  return static_cast<int>(value);
}

void CsvTable::fail(std::size_t row, const std::string& column, const std::string& expected) const {
  // Row numbers as an editor shows them: the header is line 1.
  throw InputError(file_, "", "row " + std::to_string(row + 2) + ", column '" + column + "': expected " + expected +
                                  ", got '" + at(row, column) + "'");
}

}  // namespace tcsim
