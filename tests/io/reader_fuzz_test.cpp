// Fuzz-style robustness: each reader gets valid rows mixed with truncated, garbled and random-
// byte lines (seeded, reproducible). It never crashes or throws for a row, every line is either
// a row or exactly one reject, every line known to be bad is rejected and no valid line is.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ivcrush/io/chain_csv.hpp"
#include "ivcrush/io/earnings_csv.hpp"

using namespace ivcrush;

namespace {

struct Generated {
  std::string text;
  std::vector<std::size_t> good;  // line numbers of untouched valid rows
  std::vector<std::size_t> bad;   // line numbers of rows broken in a way that must be rejected
  std::size_t data_lines = 0;     // non-blank lines after the header
};

std::vector<std::size_t> comma_positions(const std::string& s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') out.push_back(i);
  }
  return out;
}

// `valid(i)` makes a valid row; `victim(i)` a valid row to be mutated (kept apart from the valid
// rows so that a mutation cannot collide with them); `required_field` is a field whose garbling
// ("x" + digits) makes the row invalid.
Generated generate(const std::string& header, const std::function<std::string(int)>& valid,
                   const std::function<std::string(int)>& victim, std::size_t required_field,
                   std::uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&](std::size_t lo, std::size_t hi) {  // inclusive
    return std::uniform_int_distribution<std::size_t>(lo, hi)(rng);
  };
  const auto random_byte = [&] {
    while (true) {
      const auto c = static_cast<char>(uniform(0, 255));
      if (c != '\n' && c != '\r') return c;
    }
  };
  Generated g;
  g.text = header + "\r\n";
  std::size_t line = 1;
  for (int i = 0; i < n; ++i) {
    ++line;
    std::string row;
    const std::size_t kind = uniform(0, 9);
    if (kind < 4) {
      row = valid(i);
      g.good.push_back(line);
    } else {
      row = victim(i);
      const auto commas = comma_positions(row);
      switch (kind) {
        case 4: {  // cut at a comma: fewer fields than the header
          row.resize(commas[uniform(0, commas.size() - 1)]);
          if (row.empty()) row = "x";
          g.bad.push_back(line);
          break;
        }
        case 5: {  // random bytes without a comma: one field
          row.clear();
          const std::size_t len = uniform(1, 60);
          while (row.size() < len) {
            const char c = random_byte();
            if (c != ',') row.push_back(c);
          }
          g.bad.push_back(line);
          break;
        }
        case 6: {  // a required field garbled
          const std::size_t begin = required_field == 0 ? 0 : commas[required_field - 1] + 1;
          const std::size_t end = commas[required_field];
          row.replace(begin, end - begin, "x" + std::to_string(uniform(0, 999)));
          g.bad.push_back(line);
          break;
        }
        case 7: {  // an opening quote that is never closed properly
          row.insert(0, "\"");
          g.bad.push_back(line);
          break;
        }
        case 8: {  // truncated anywhere (may or may not still be valid)
          row.resize(uniform(1, row.size()));
          break;
        }
        default: {  // a few random bytes replaced (may or may not still be valid)
          const std::size_t count = uniform(1, 3);
          for (std::size_t k = 0; k < count; ++k) row[uniform(0, row.size() - 1)] = random_byte();
          break;
        }
      }
    }
    g.text += row;
    g.text += (i % 3 == 0) ? "\n" : "\r\n";
    ++g.data_lines;
    if (i % 50 == 49) g.text += "\r\n";  // a blank line now and then: skipped, not counted
    if (i % 50 == 49) ++line;
  }
  return g;
}

void check_accounting(const Generated& g, std::size_t rows,
                      const std::vector<io::Reject>& rejects) {
  CHECK(rows + rejects.size() == g.data_lines);
  std::set<std::size_t> rejected;
  for (const auto& r : rejects) {
    CHECK_FALSE(r.reason.empty());
    CHECK(rejected.insert(r.line).second);  // at most one reject per line
  }
  for (const std::size_t line : g.bad) {
    CAPTURE(line);
    CHECK(rejected.count(line) == 1);
  }
  for (const std::size_t line : g.good) {
    CAPTURE(line);
    CHECK(rejected.count(line) == 0);
  }
  CHECK(g.bad.size() > 50);  // the generator really produced bad lines
  CHECK(g.good.size() > 50);
}

constexpr int rows_per_file = 400;

}  // namespace

TEST_CASE("fuzz: option chain reader") {
  const auto g = generate(
      "underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
      "open_interest,underlying_close",
      [](int i) {
        return "AAPL,2014-06-06,2014-06-13," + std::to_string(100 + i) +
               ",C,1.05,1.2,3,4,1.1,10,20,645.57";
      },
      [](int i) {
        return "ZZZ,2014-06-06,2014-06-13," + std::to_string(100 + i) + ",P,1.05,1.2,3,4,,0,,95.5";
      },
      6, 0x1CC0FFEE, rows_per_file);
  const auto result = io::read_option_chains(io::CsvReader("fuzz.csv", g.text));
  std::size_t quotes = 0;
  for (const auto& c : result.chains) quotes += c.size();
  check_accounting(g, quotes, result.rejects);
  REQUIRE_FALSE(result.chains.empty());
  CHECK(result.chains.front().underlying() == Symbol::parse("AAPL"));
  CHECK(result.chains.front().size() == g.good.size());  // every valid row is in the chain
}

TEST_CASE("fuzz: earnings calendar reader") {
  const auto g = generate(
      "ticker,earnings_date,timing,confirmed",
      [](int i) { return "JPM,2024-04-" + std::to_string(10 + i % 18) + ",BMO,1"; },
      [](int i) { return "NVDA,2024-05-" + std::to_string(10 + i % 18) + ",AMC,0"; }, 3, 20240412,
      rows_per_file);
  const auto result = io::read_earnings_calendar(io::CsvReader("fuzz.csv", g.text));
  check_accounting(g, result.rows.size(), result.rejects);
}

TEST_CASE("fuzz: earnings moves reader") {
  const auto g = generate(
      "ticker,earnings_date,timing,prev_close,earnings_open,earnings_high,earnings_low,"
      "earnings_close,gap_move_pct,close_move_pct,intraday_move_pct,volume_before,"
      "volume_earnings",
      [](int i) {
        return "JPM,2024-04-12,BMO,100,101," + std::to_string(103 + i) + ",99,102,1,2,4,1000,2000";
      },
      [](int i) {
        return "NVDA,2024-05-22,AMC,95.3,95.4," + std::to_string(96 + i) +
               ",93.2,94.9,0.07,0.45,2.9,328946000,548648000";
      },
      3, 4064, rows_per_file);
  const auto result = io::read_earnings_moves(io::CsvReader("fuzz.csv", g.text));
  check_accounting(g, result.rows.size(), result.rejects);
}

TEST_CASE("fuzz: earnings reactions reader") {
  const auto g = generate(
      "ticker,earnings_date,timing,reference_close,reaction_date,reaction_open,reaction_high,"
      "reaction_low,reaction_close,gap_move_pct,close_move_pct,intraday_range_pct,source",
      [](int i) {
        return "JPM,2024-04-12,BMO,100,2024-04-12,101," + std::to_string(103 + i) +
               ",99,102,1,2,4,\"src, " + std::to_string(i) + "\"";
      },
      [](int i) {
        return "UNH,2024-04-16,BMO,432.8,2024-04-16,463.0," + std::to_string(466 + i) +
               ",452.2,455.4,6.9,5.2,3.2,\"db, \"\"quoted\"\"\"";
      },
      3, 1997, rows_per_file);
  const auto result = io::read_earnings_reactions(io::CsvReader("fuzz.csv", g.text));
  check_accounting(g, result.rows.size(), result.rejects);
}

TEST_CASE("fuzz: implied moves reader") {
  const auto g = generate(
      "ticker,earnings_date,expiration,scan_date,stock_price,atm_strike,call_mid,put_mid,"
      "straddle_cost,implied_move_pct,source",
      [](int i) {
        return "ADBE,2025-12-10,2025-12-12,2025-12-06,346.26,347.5,13.35,14.75,28.1," +
               std::to_string(8 + i % 5) + ",\"iv_log, row\"";
      },
      [](int i) {
        return "CRWD,2025-12-02,,2025-11-27,,,,,," + std::to_string(8 + i % 7) + ",\"a, b\"";
      },
      1, 26, rows_per_file);
  const auto result = io::read_implied_moves(io::CsvReader("fuzz.csv", g.text));
  check_accounting(g, result.rows.size(), result.rejects);
}

TEST_CASE("fuzz: random bytes as a whole file never crash a reader") {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::string text = "ticker,earnings_date,timing,confirmed\n";
    const auto len = std::uniform_int_distribution<int>(0, 400)(rng);
    for (int k = 0; k < len; ++k) {
      text.push_back(static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng)));
    }
    std::size_t lines = 0;
    {
      io::CsvReader counter("count", text);
      io::CsvRecord r;
      while (counter.next(r)) ++lines;
    }
    const auto result = io::read_earnings_calendar(io::CsvReader("bytes.csv", text));
    CHECK(result.rows.size() + result.rejects.size() + 1 == lines);
    const auto chains = io::read_option_chains(io::CsvReader(
        "bytes.csv",
        "underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
        "open_interest,underlying_close\n" +
            text.substr(text.find('\n') + 1)));
    std::size_t quotes = 0;
    for (const auto& c : chains.chains) quotes += c.size();
    CHECK(quotes + chains.rejects.size() + 1 == lines);
  }
}
