// implied_moves: the move the options price into an earnings announcement, from real ATM
// straddle observations (data/implied_moves_2025-12.csv by default).
//
//   implied_moves [file.csv]
//
// For each observation: straddle = ATM call mid + ATM put mid, implied move = straddle / spot,
// and the ±1 straddle range around spot the market prices for the reaction. Every value is
// recomputed with ivcrush's types and checked against the figures the file itself carries; a
// mismatch or a malformed row is reported with its line and makes the program exit with 1.
// (The full per-ticker analysis, with chains, history and strategies, is the analyze program of
// a later release; this one shows the core types on real data.)
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/ivcrush.hpp"

namespace {

using namespace ivcrush;

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

double number(std::string_view field_name, std::string_view text) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    detail::throw_invalid(ErrorCode::malformed, field_name, fmt::format("'{}'", text),
                          "is not a number");
  }
  return value;
}

struct Observation {
  Symbol symbol;
  std::chrono::year_month_day earnings_date;
  std::chrono::year_month_day expiration;
  std::chrono::year_month_day scan_date;
  Price spot;
  Strike atm_strike;
  Money call_mid;
  Money put_mid;
  Money file_straddle;
  Percentage file_implied_move;
};

Observation parse_row(std::string_view line) {
  const auto f = split(line);
  if (f.size() != 10) {
    throw InvalidInput(ErrorCode::malformed,
                       fmt::format("row has {} fields, expected 10", f.size()));
  }
  return Observation{
      .symbol = Symbol::parse(f[0]),
      .earnings_date = parse_date(f[1]),
      .expiration = parse_date(f[2]),
      .scan_date = parse_date(f[3]),
      .spot = Price::dollars(number("stock_price", f[4])),
      .atm_strike = Strike::parse(f[5]),
      .call_mid = Money::dollars(number("call_mid", f[6])),
      .put_mid = Money::dollars(number("put_mid", f[7])),
      .file_straddle = Money::dollars(number("straddle_cost", f[8])),
      .file_implied_move = Percentage::from_pct(number("implied_move_pct", f[9])),
  };
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "data/implied_moves_2025-12.csv";
  std::ifstream in(path);
  if (!in) {
    fmt::print(stderr, "implied_moves: cannot open '{}'\n", path);
    return 2;
  }
  constexpr std::string_view expected_header =
      "ticker,earnings_date,expiration,scan_date,stock_price,atm_strike,call_mid,put_mid,"
      "straddle_cost,implied_move_pct";
  std::string line;
  // Lines may end in CRLF (the bundled files do): the '\r' is part of the line ending.
  const auto next_line = [&] {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  };
  if (!next_line() || line != expected_header) {
    fmt::print(stderr, "implied_moves: '{}' line 1: expected the header\n  {}\n", path,
               expected_header);
    return 2;
  }

  fmt::print("Implied earnings moves from ATM straddles ({})\n\n", path);
  fmt::print("{:<6} {:<10} {:<10} {:>4} {:>9} {:>7} {:>9} {:>9} {:>9} {:>7}  {}\n", "ticker",
             "earnings", "expiry", "dte", "spot", "strike", "call", "put", "straddle", "move",
             "priced range");
  int line_number = 1;
  int bad_rows = 0;
  int rows = 0;
  while (next_line()) {
    ++line_number;
    if (line.empty()) continue;
    try {
      const auto o = parse_row(line);
      const Money straddle = o.call_mid + o.put_mid;
      const auto move = Percentage::from_fraction(straddle.dollars() / o.spot.dollars());
      const Price upper = o.spot + straddle;
      const Price lower = o.spot - straddle;
      const auto dte =
          (std::chrono::sys_days{o.expiration} - std::chrono::sys_days{o.scan_date}).count();
      fmt::print("{:<6} {:<10} {:<10} {:>4} {:>9} {:>7} {:>9} {:>9} {:>9} {:>7}  {} .. {}\n",
                 o.symbol, detail::iso_date(o.earnings_date), detail::iso_date(o.expiration), dte,
                 fmt::format("{}", o.spot), fmt::format("{}", o.atm_strike),
                 fmt::format("{:.3}", o.call_mid), fmt::format("{:.3}", o.put_mid),
                 fmt::format("{:.3}", straddle), fmt::format("{}", move), lower, upper);
      // The file's own figures are rounded to 6 decimals; ours must agree to that precision.
      if (std::fabs((straddle - o.file_straddle).dollars()) > 5e-7 ||
          std::fabs(move.pct() - o.file_implied_move.pct()) > 5e-7) {
        fmt::print(
            stderr,
            "{} line {}: recomputed straddle {} / move {:.6} differ from the file's {} / {:.6}\n",
            path, line_number, straddle, move, o.file_straddle, o.file_implied_move);
        ++bad_rows;
      }
      ++rows;
    } catch (const InvalidInput& e) {
      fmt::print(stderr, "{}\n",
                 e.with_context(fmt::format("{} line {}", path, line_number)).what());
      ++bad_rows;
    }
  }
  fmt::print("\n{} observations, {} with problems\n", rows, bad_rows);
  return bad_rows == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
