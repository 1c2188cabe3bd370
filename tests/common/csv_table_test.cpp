// The reference-data reader: a malformed cell is an input error naming the file, the row as an
// editor numbers it, and the column, instead of a cast of NaN or 0 reaching a division.
#include <gtest/gtest.h>

#include "support/CliRunner.hpp"
#include "tcsim/common/CsvTable.hpp"

using tcsim::CsvTable;

TEST(CsvTable, typed_cells_name_the_file_row_and_column_when_they_are_not_what_is_expected) {
  const auto t = CsvTable::parse("name,gpus,minutes\n\"a, quoted\",8,1.5\nb,0,nan\nc,2.5,-1\n", "ref.csv");
  EXPECT_EQ(t.at(0, "name"), "a, quoted");
  EXPECT_EQ(t.positive_int(0, "gpus"), 8);
  EXPECT_DOUBLE_EQ(t.positive_number(0, "minutes"), 1.5);
  const auto error = [&t](auto read) { return tcsim::test::input_error_text(read); };
  EXPECT_NE(error([&] { t.positive_int(1, "gpus"); }).find("ref.csv: row 3, column 'gpus': expected a whole number from 1"),
            std::string::npos)
      << error([&] { t.positive_int(1, "gpus"); });
  EXPECT_NE(error([&] { t.positive_int(2, "gpus"); }).find("got '2.5'"), std::string::npos);
  EXPECT_NE(error([&] { t.positive_number(1, "minutes"); }).find("expected a finite number > 0, got 'nan'"), std::string::npos);
  EXPECT_NE(error([&] { t.positive_number(2, "minutes"); }).find("row 4"), std::string::npos);
  EXPECT_NE(error([&] { t.at(0, "gpu"); }).find("did you mean 'gpus'"), std::string::npos);
}
