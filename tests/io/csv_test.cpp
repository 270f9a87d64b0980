// The CSV machinery: line ends, RFC 4180 quoting, header mapping, typed cells, and that every
// non-blank line is a row or a reject, with file, line, column and message.
#include "ivcrush/io/csv.hpp"

#include <doctest/doctest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace ivcrush;

namespace {

std::vector<std::vector<std::string>> split_all(std::string text) {
  io::CsvReader reader("t.csv", std::move(text));
  io::CsvRecord record;
  std::vector<std::vector<std::string>> out;
  while (reader.next(record)) {
    REQUIRE(record.error.empty());
    out.emplace_back(record.fields.begin(), record.fields.end());
  }
  return out;
}

struct Pair {
  std::string name;
  std::optional<double> value;
  std::optional<std::int64_t> count;
};

constexpr std::array<io::ColumnSpec, 3> pair_spec{{{"name"}, {"value"}, {"count", false}}};

io::ReadResult<Pair> read_pairs(std::string text) {
  io::CsvReader reader("pairs.csv", std::move(text));
  return io::read_rows<Pair>(reader, pair_spec, [](io::RowCursor<3>& row) {
    return Pair{std::string(row.text(0)), row.optional_number(1), row.optional_integer(2)};
  });
}

}  // namespace

TEST_CASE("lines end in LF or CRLF - blank lines are skipped - a last line may lack its end") {
  using Rows = std::vector<std::vector<std::string>>;
  CHECK(split_all("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(split_all("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(split_all("a,b\n\r\n\n1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(split_all("\xEF\xBB\xBF"
                  "a,b\n") == Rows{{"a", "b"}});            // byte-order mark skipped
  CHECK(split_all("a,,b,\n") == Rows{{"a", "", "b", ""}});  // empty fields kept
  CHECK(split_all("").empty());
}

TEST_CASE("RFC 4180 quoting: commas and doubled quotes inside quotes, empty quoted fields") {
  using Rows = std::vector<std::vector<std::string>>;
  CHECK(split_all("x,\"a, b\",y\r\n") == Rows{{"x", "a, b", "y"}});
  CHECK(split_all("\"say \"\"hi\"\"\",\"\"\n") == Rows{{"say \"hi\"", ""}});
  CHECK(split_all("\"\"\"\",z\n") == Rows{{"\"", "z"}});
  CHECK(split_all("\"a\",\"b\"\n\"c\",d\n") == Rows{{"a", "b"}, {"c", "d"}});
}

TEST_CASE("quoting errors are reported per line and never swallow the next line") {
  io::CsvReader reader("t.csv", "\"open,1\nok,2\nab\"c,3\n\"x\"y,4\n");
  io::CsvRecord r;
  REQUIRE(reader.next(r));
  CHECK(r.line == 1);
  CHECK(r.error == "has an unterminated quoted field");
  CHECK(r.error_field == 0);
  REQUIRE(reader.next(r));
  CHECK(r.line == 2);
  CHECK(r.error.empty());
  REQUIRE(reader.next(r));
  CHECK(r.error == "has a quote inside an unquoted field");
  REQUIRE(reader.next(r));
  CHECK(r.line == 4);
  CHECK(r.error == "has text after a closing quote");
  CHECK_FALSE(reader.next(r));
}

TEST_CASE("read_rows: rows, optional cells, and one reject per bad line with its message") {
  const auto result = read_pairs(
      "value,name,extra,count\r\n"               // line 1: columns in any order, extra ignored
      "1.5,a,x,3\r\n"                            // 2 ok
      ",b,x,\r\n"                                // 3 ok: empty optional cells
      "abc,c,x,1\r\n"                            // 4 bad number
      "2,d,x,1.5\r\n"                            // 5 bad integer
      "2,,x,1\r\n"                               // 6 empty required cell
      "2,e,x\r\n"                                // 7 too few fields
      "2,\"f\"g,x,1\r\n"                         // 8 quoting
      "1e3,\"h, i\",x,99999999999999999999\r\n"  // 9 integer out of range
      "\r\n"                                     // blank: skipped
      "-0.25,\"j\",x,-7\r\n");                   // 11 ok
  REQUIRE(result.rows.size() == 3);
  CHECK(result.rows[0].name == "a");
  CHECK(result.rows[0].value == 1.5);
  CHECK(result.rows[0].count == 3);
  CHECK(result.rows[1].name == "b");
  CHECK_FALSE(result.rows[1].value.has_value());
  CHECK_FALSE(result.rows[1].count.has_value());
  CHECK(result.rows[2].name == "j");
  CHECK(result.rows[2].value == -0.25);
  CHECK(result.rows[2].count == -7);
  const std::vector<io::Reject> expected{
      {"pairs.csv", 4, "value", "value = 'abc': is not a number", ErrorCode::malformed},
      {"pairs.csv", 5, "count", "count = '1.5': is not an integer", ErrorCode::malformed},
      {"pairs.csv", 6, "name", "name = '': is empty", ErrorCode::empty},
      {"pairs.csv", 7, "", "field count = 3: must be 4, as in the header", ErrorCode::malformed},
      {"pairs.csv", 8, "name", "field 2 = 'f': has text after a closing quote",
       ErrorCode::malformed},
      {"pairs.csv", 9, "count", "count = '99999999999999999999': is too large for a 64-bit integer",
       ErrorCode::out_of_range},
  };
  REQUIRE(result.rejects.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(result.rejects[i].file == expected[i].file);
    CHECK(result.rejects[i].line == expected[i].line);
    CHECK(result.rejects[i].column == expected[i].column);
    CHECK(result.rejects[i].reason == expected[i].reason);
    CHECK(result.rejects[i].code == expected[i].code);
  }
}

TEST_CASE("numbers: from_chars forms only, the whole cell") {
  const auto result = read_pairs("name,value\nx, 1\ny,1 \nz,+1\nw,0x10\nv,1e-3\nu,nan\n");
  REQUIRE(result.rows.size() == 2);  // 1e-3 and nan parse (nan is left to the typed factories)
  CHECK(result.rows[0].value == 1e-3);
  CHECK(result.rejects.size() == 4);
  CHECK(result.rejects[0].reason == "value = ' 1': is not a number");
  CHECK(result.rejects[2].reason == "value = '+1': is not a number");
}

TEST_CASE("header problems throw, naming the file and the column") {
  CHECK_THROWS_WITH_AS((void)read_pairs("name,count\n1,2\n"),
                       "pairs.csv: column = 'value': is missing from the header", InvalidInput);
  try {
    (void)read_pairs("name\n");
    FAIL("no throw");
  } catch (const InvalidInput& e) {
    CHECK(e.code() == ErrorCode::missing);
  }
  CHECK_THROWS_WITH_AS((void)read_pairs("name,value,name\n"),
                       "pairs.csv line 1: column = 'name': appears twice in the header",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)read_pairs("\"name,value\n"),
                       "pairs.csv line 1: header = field 1: has an unterminated quoted field",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)read_pairs("\r\n\n"), "file = 'pairs.csv': has no header line",
                       InvalidInput);
}

TEST_CASE("an unreadable file throws ErrorCode::unreadable naming the path") {
  CHECK_THROWS_WITH_AS((void)io::read_file("/nonexistent/dir/quotes.csv"),
                       "file = '/nonexistent/dir/quotes.csv': cannot be opened", InvalidInput);
  try {
    (void)io::CsvReader::from_file("/nonexistent/dir/quotes.csv");
    FAIL("no throw");
  } catch (const InvalidInput& e) {
    CHECK(e.code() == ErrorCode::unreadable);
  }
  CHECK_THROWS_WITH_AS((void)io::read_file("/"), "file = '/': is a directory", InvalidInput);
}

TEST_CASE("read_file returns the bytes unchanged, CRLF included") {
  const std::string text = io::read_file(IVCRUSH_DATA_DIR "/implied_moves_2025-12.csv");
  CHECK(
      text.starts_with("ticker,earnings_date,expiration,scan_date,stock_price,atm_strike,"
                       "call_mid,put_mid,straddle_cost,implied_move_pct\r\n"));
  CHECK(text.size() == 1237);  // the file's size in bytes (ls -l)
}
