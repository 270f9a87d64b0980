// ivcrush/io/csv.hpp: the CSV machinery the readers share: one buffer, views into it, a reject
// list.
//
//   io::CsvReader reader = io::CsvReader::from_file("data/earnings_calendar.csv");  // or
//   io::CsvReader reader("test.csv", "ticker,earnings_date\r\nJPM,2024-04-12\r\n");
//   constexpr std::array<io::ColumnSpec, 2> spec{{{"ticker"}, {"earnings_date"}}};
//   auto result = io::read_rows<Row>(reader, spec, [](io::RowCursor<2>& row) {
//     return Row{Symbol::parse(row.text(0)), row.date(1)};   // throws InvalidInput on bad input
//   });
//   result.rows;     // std::vector<Row>
//   result.rejects;  // std::vector<io::Reject>{file, line, column, reason, code}
//
// Format: RFC 4180 with LF or CRLF line ends (a UTF-8 byte-order mark is skipped). A field is
// either plain (no '"') or quoted ("a, b" and "say ""hi""" are a, b and say "hi"); quoted
// fields may hold commas and doubled quotes but not line breaks: none of the formats needs
// them, and so one bad line (an unterminated quote) can never swallow the rest of the file.
// The first line is the header. Columns are found by name (order free, unknown columns
// ignored); a missing required column, a duplicate column name or a file without a header
// throws InvalidInput naming the file and the column (ErrorCode::missing / malformed / empty).
// An unreadable file throws InvalidInput naming the path (ErrorCode::unreadable).
// Rows: blank lines are skipped; every other line is a row or a Reject, never lost, never
// thrown: a row with a quoting error, with another field count than the header, or whose
// parse throws InvalidInput lands in the rejects with its file, 1-based line, column and the
// message ("bid = 'abc': is not a number"). An empty cell of an optional value is nullopt.
// Cost: the file is read once into one std::string; fields are std::string_views into it
// (quoted fields are unescaped in place); numbers are parsed with std::from_chars; the field
// vector is reused, so the row loop allocates nothing per field.
#pragma once

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "ivcrush/config.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0::io {

// One row that did not make it, and why.
struct Reject {
  std::string file;
  std::size_t line = 0;  // 1-based physical line (the header is line 1)
  std::string column;    // the column at fault; empty when the row as a whole is (field count)
  std::string reason;    // the InvalidInput message, "<field> = <value>: <reason>"
  ErrorCode code = ErrorCode::malformed;

  friend bool operator==(const Reject&, const Reject&) = default;
};

template <class Row>
struct ReadResult {
  std::vector<Row> rows;
  std::vector<Reject> rejects;  // in line order
};

// The whole file as bytes, read once.
[[nodiscard]] inline std::string read_file(const std::filesystem::path& path) {
  const auto fail = [&](std::string_view why) {
    detail::throw_invalid(ErrorCode::unreadable, "file", fmt::format("'{}'", path.string()), why);
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail("is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot be opened");
  std::string text;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) text.reserve(static_cast<std::size_t>(size));  // a hint only (pipes have no size)
  std::array<char, 1 << 16> chunk{};
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) fail("cannot be read");
  return text;
}

// One non-blank line split into fields (views into the reader's buffer).
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string_view> fields;
  std::string_view error;       // empty when the line split cleanly; else what is wrong
  std::size_t error_field = 0;  // the 0-based field the error is in
};

class CsvReader {
 public:
  // `name` labels rejects and errors (a file name); `text` is the content, owned.
  CsvReader(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (std::string_view(text_).starts_with(bom)) pos_ = bom.size();
  }

  [[nodiscard]] static CsvReader from_file(const std::filesystem::path& path) {
    return CsvReader(path.filename().string(), read_file(path));
  }

  [[nodiscard]] std::string_view name() const noexcept { return name_; }

  // Reads the next non-blank line into `record`; false at the end of the text.
  bool next(CsvRecord& record) {
    while (pos_ < text_.size()) {
      const std::size_t newline = text_.find('\n', pos_);
      std::size_t end = newline == std::string::npos ? text_.size() : newline;
      const std::size_t begin = pos_;
      pos_ = newline == std::string::npos ? text_.size() : newline + 1;
      ++line_;
      if (end > begin && text_[end - 1] == '\r') --end;
      if (end == begin) continue;
      split(begin, end, record);
      record.line = line_;
      return true;
    }
    return false;
  }

 private:
  void split(std::size_t i, std::size_t end, CsvRecord& r) {
    r.fields.clear();
    r.error = {};
    r.error_field = 0;
    const auto fail = [&](std::string_view why) {
      r.error = why;
      r.error_field = r.fields.empty() ? 0 : r.fields.size() - 1;
    };
    while (true) {
      if (i < end && text_[i] == '"') {
        std::size_t out = i;  // unescape in place: the output never outruns the input
        const std::size_t start = out;
        ++i;
        bool closed = false;
        while (i < end) {
          const char c = text_[i];
          if (c == '"') {
            if (i + 1 < end && text_[i + 1] == '"') {
              text_[out++] = '"';
              i += 2;
              continue;
            }
            closed = true;
            ++i;
            break;
          }
          text_[out++] = c;
          ++i;
        }
        r.fields.emplace_back(text_.data() + start, out - start);
        if (!closed) return fail("has an unterminated quoted field");
        if (i == end) return;
        if (text_[i] != ',') return fail("has text after a closing quote");
        ++i;
      } else {
        std::size_t comma = text_.find(',', i);
        if (comma == std::string::npos || comma > end) comma = end;
        const std::string_view field(text_.data() + i, comma - i);
        r.fields.push_back(field);
        if (field.find('"') != std::string_view::npos) {
          return fail("has a quote inside an unquoted field");
        }
        if (comma == end) return;
        i = comma + 1;
      }
    }
  }

  std::string name_;
  std::string text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

// A column a reader looks for: required columns must be in the header; optional ones may not be.
struct ColumnSpec {
  std::string_view name;
  bool required = true;
};

// Where each wanted column sits in the rows (from the header).
template <std::size_t N>
class ColumnMap {
 public:
  static constexpr std::size_t absent = std::numeric_limits<std::size_t>::max();

  ColumnMap(const CsvRecord& header, const std::array<ColumnSpec, N>& spec, std::string_view file)
      : spec_(spec), field_count_(header.fields.size()) {
    header_.assign(header.fields.begin(), header.fields.end());  // once per file
    const auto context = [&] { return fmt::format("{} line {}", file, header.line); };
    if (!header.error.empty()) {
      throw InvalidInput(ErrorCode::malformed,
                         fmt::format("header = field {}: {}", header.error_field + 1, header.error))
          .with_context(context());
    }
    for (std::size_t f = 0; f < header.fields.size(); ++f) {
      for (std::size_t g = 0; g < f; ++g) {
        if (header.fields[g] == header.fields[f]) {
          throw InvalidInput(
              ErrorCode::malformed,
              fmt::format("column = '{}': appears twice in the header", header.fields[f]))
              .with_context(context());
        }
      }
    }
    for (std::size_t c = 0; c < N; ++c) {
      index_[c] = absent;
      for (std::size_t f = 0; f < header.fields.size(); ++f) {
        if (header.fields[f] == spec[c].name) index_[c] = f;
      }
      if (index_[c] == absent && spec[c].required) {
        throw InvalidInput(ErrorCode::missing, fmt::format("column = '{}': is missing from the "
                                                           "header",
                                                           spec[c].name))
            .with_context(file);
      }
    }
  }

  [[nodiscard]] std::size_t index(std::size_t c) const noexcept { return index_[c]; }
  [[nodiscard]] bool has(std::size_t c) const noexcept { return index_[c] != absent; }
  [[nodiscard]] std::string_view name(std::size_t c) const noexcept { return spec_[c].name; }
  [[nodiscard]] std::size_t field_count() const noexcept { return field_count_; }
  // The header's name of field position f of a row ("" past the header's last field).
  [[nodiscard]] std::string_view name_at(std::size_t f) const noexcept {
    return f < header_.size() ? std::string_view(header_[f]) : std::string_view();
  }

 private:
  std::array<ColumnSpec, N> spec_;
  std::array<std::size_t, N> index_{};
  std::size_t field_count_;
  std::vector<std::string> header_;
};

}  // namespace ivcrush::inline v0::io

namespace ivcrush::inline v0::detail {

[[nodiscard]] inline double parse_double(std::string_view field, std::string_view text) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    detail::throw_invalid(ErrorCode::malformed, field, fmt::format("'{}'", text),
                          "is not a number");
  }
  return value;
}

[[nodiscard]] inline std::int64_t parse_int64(std::string_view field, std::string_view text) {
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    detail::throw_invalid(ErrorCode::out_of_range, field, fmt::format("'{}'", text),
                          "is too large for a 64-bit integer");
  }
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    detail::throw_invalid(ErrorCode::malformed, field, fmt::format("'{}'", text),
                          "is not an integer");
  }
  return value;
}

}  // namespace ivcrush::inline v0::detail

namespace ivcrush::inline v0::io {

// Typed access to one row's cells by wanted-column number; remembers the column it last read
// so that a Reject names it. Every getter throws InvalidInput on bad text; optional_* getters
// return nullopt for an empty cell or a column the header does not have.
template <std::size_t N>
class RowCursor {
 public:
  RowCursor(const CsvRecord& record, const ColumnMap<N>& columns) noexcept
      : record_(&record), columns_(&columns) {}

  [[nodiscard]] std::size_t line() const noexcept { return record_->line; }
  // The column being read (for the Reject); set_column labels checks that span columns.
  [[nodiscard]] std::string_view column() const noexcept { return column_; }
  void set_column(std::string_view label) noexcept { column_ = label; }

  [[nodiscard]] std::optional<std::string_view> optional_text(std::size_t c) {
    column_ = columns_->name(c);
    if (!columns_->has(c)) return std::nullopt;
    const std::string_view cell = record_->fields[columns_->index(c)];
    if (cell.empty()) return std::nullopt;
    return cell;
  }
  [[nodiscard]] std::string_view text(std::size_t c) {
    IVCRUSH_ASSERT(columns_->has(c), "a required value from an optional column");
    const auto cell = optional_text(c);
    if (!cell) detail::throw_invalid(ErrorCode::empty, column_, "''", "is empty");
    return *cell;
  }
  [[nodiscard]] double number(std::size_t c) {
    const auto cell = text(c);
    return detail::parse_double(column_, cell);
  }
  [[nodiscard]] std::optional<double> optional_number(std::size_t c) {
    const auto cell = optional_text(c);
    if (!cell) return std::nullopt;
    return detail::parse_double(column_, *cell);
  }
  [[nodiscard]] std::int64_t integer(std::size_t c) {
    const auto cell = text(c);
    return detail::parse_int64(column_, cell);
  }
  [[nodiscard]] std::optional<std::int64_t> optional_integer(std::size_t c) {
    const auto cell = optional_text(c);
    if (!cell) return std::nullopt;
    return detail::parse_int64(column_, *cell);
  }
  [[nodiscard]] std::chrono::year_month_day date(std::size_t c) { return parse_date(text(c)); }
  [[nodiscard]] std::optional<std::chrono::year_month_day> optional_date(std::size_t c) {
    const auto cell = optional_text(c);
    if (!cell) return std::nullopt;
    return parse_date(*cell);
  }

 private:
  const CsvRecord* record_;
  const ColumnMap<N>* columns_;
  std::string_view column_;
};

// Reads the header and every row of `reader`; `parse_row(RowCursor<N>&)` returns a Row or
// throws InvalidInput, which makes the row a Reject. Throws only for a missing header or
// required column (see the synopsis).
template <class Row, std::size_t N, class ParseRow>
[[nodiscard]] ReadResult<Row> read_rows(CsvReader& reader, const std::array<ColumnSpec, N>& spec,
                                        ParseRow&& parse_row) {
  CsvRecord record;
  if (!reader.next(record)) {
    detail::throw_invalid(ErrorCode::empty, "file", fmt::format("'{}'", reader.name()),
                          "has no header line");
  }
  const ColumnMap<N> columns(record, spec, reader.name());
  ReadResult<Row> result;
  const auto reject = [&](std::size_t line, std::string_view column, std::string reason,
                          ErrorCode code) {
    result.rejects.push_back(
        Reject{std::string(reader.name()), line, std::string(column), std::move(reason), code});
  };
  while (reader.next(record)) {
    if (!record.error.empty()) {
      const auto column = columns.name_at(record.error_field);
      reject(record.line, column,
             fmt::format("field {} = '{}': {}", record.error_field + 1,
                         record.fields[record.error_field], record.error),
             ErrorCode::malformed);
      continue;
    }
    if (record.fields.size() != columns.field_count()) {
      reject(record.line, "",
             fmt::format("field count = {}: must be {}, as in the header", record.fields.size(),
                         columns.field_count()),
             ErrorCode::malformed);
      continue;
    }
    RowCursor<N> cursor(record, columns);
    try {
      result.rows.push_back(parse_row(cursor));
    } catch (const InvalidInput& e) {
      reject(record.line, cursor.column(), e.what(), e.code());
    }
  }
  return result;
}

}  // namespace ivcrush::inline v0::io
