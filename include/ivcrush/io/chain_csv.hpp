// ivcrush/io/chain_csv.hpp: end-of-day option chains from CSV, one OptionChain per
// (underlying, quote date).
//
//   auto result = io::read_option_chains("option_chains_eod.csv");   // or a CsvReader
//   for (const OptionChain& c : result.chains) ...;   // sorted by (underlying, quote date)
//   for (const io::Reject& r : result.rejects) ...;   // reader and builder rejects, by line
//
// Layout (the columns of Lean-derived end-of-day files, see /work/shared/data/real/SOURCES.md;
// order free, extra columns ignored):
//   underlying       ticker (Symbol)                                    required
//   quote_date       YYYY-MM-DD, New York; the values are the day's close  required
//   expiration       YYYY-MM-DD (a Saturday date is a pre-2015 monthly; expiration.hpp)  required
//   strike           plain decimal, at most 3 decimals (exact, Strike::parse)  required
//   right            C | P | call | put                                  required
//   bid              $ per share; empty = no bid (a one-sided quote)     column required
//   ask              $ per share                                         required
//   bid_size, ask_size   contracts; empty = unknown                      columns required
//   last             $ per share of the last trade; empty = no trade     column required
//   volume           contracts traded that day; empty = unknown          column required
//   open_interest    contracts; empty = unknown                          column required
//   underlying_close $ per share, > 0, the same in every row of a chain  required
//   iv, delta, gamma, theta, vega   optional columns: vendor values, kept as vendor values:
//     iv annualized as a fraction (0.35), theta in $ per calendar day, vega in $ per vol point.
// As-of instant: quote_date at 16:00 New York time (EST or EDT by the US rules, computed:
// new_york_time.hpp), the close the daily bars were taken at; early closes (2015-12-24 closed at
// 13:00) are not modelled. The chain's spot is underlying_close.
// Rows the reader cannot parse are rejects (csv.hpp); rows it parses go through ChainBuilder
// with `options` (chain_builder.hpp), whose rejects are added with their line and column, so
// every data line is either in a chain or in the rejects. A row whose underlying_close differs
// from the first row of its chain is rejected (ErrorCode::inconsistent). A chain exists for
// each (underlying, quote date) with at least one row the reader parsed; it is empty when the
// builder rejected all of them.
// Complexity: O(n log n) for n rows; one buffer, no allocation per field.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/io/csv.hpp"

namespace ivcrush::inline v0::io {

struct ChainCsvResult {
  std::vector<OptionChain> chains;  // sorted by (underlying, quote date)
  std::vector<Reject> rejects;      // reader and builder rejects, in line order
};

}  // namespace ivcrush::inline v0::io

namespace ivcrush::inline v0::detail {

// The CSV column a builder field comes from.
[[nodiscard]] constexpr std::string_view chain_csv_column(std::string_view builder_field) noexcept {
  if (builder_field == "vendor_iv") return "iv";
  if (builder_field == "vendor_delta") return "delta";
  if (builder_field == "vendor_gamma") return "gamma";
  if (builder_field == "vendor_theta_per_day") return "theta";
  if (builder_field == "vendor_vega_per_vol_point") return "vega";
  if (builder_field == "contract") return "expiration,strike,right";
  return builder_field;
}

struct ChainCsvGroup {
  Symbol underlying;
  std::chrono::year_month_day quote_date;
  Price spot;
  std::size_t first_line;
  ChainBuilder builder;
};

struct ChainCsvRow {
  std::size_t group;
  QuoteInput quote;
};

}  // namespace ivcrush::inline v0::detail

namespace ivcrush::inline v0::io {

[[nodiscard]] inline ChainCsvResult read_option_chains(CsvReader reader,
                                                       ChainBuildOptions options = {}) {
  using detail::ChainCsvGroup;
  using detail::ChainCsvRow;
  enum : std::size_t {
    underlying,
    quote_date,
    expiration,
    strike,
    right,
    bid,
    ask,
    bid_size,
    ask_size,
    last,
    volume,
    open_interest,
    underlying_close,
    iv,
    delta,
    gamma,
    theta,
    vega,
    column_count
  };
  static constexpr std::array<ColumnSpec, column_count> spec{{{"underlying"},
                                                              {"quote_date"},
                                                              {"expiration"},
                                                              {"strike"},
                                                              {"right"},
                                                              {"bid"},
                                                              {"ask"},
                                                              {"bid_size"},
                                                              {"ask_size"},
                                                              {"last"},
                                                              {"volume"},
                                                              {"open_interest"},
                                                              {"underlying_close"},
                                                              {"iv", false},
                                                              {"delta", false},
                                                              {"gamma", false},
                                                              {"theta", false},
                                                              {"vega", false}}};
  std::vector<ChainCsvGroup> groups;
  std::size_t last_group = 0;
  auto parsed = read_rows<ChainCsvRow>(reader, spec, [&](RowCursor<column_count>& row) {
    const Symbol symbol = Symbol::parse(row.text(underlying));
    const auto date = row.date(quote_date);
    const auto as_of = new_york_market_close(date);  // before 1987: rejected (quote_date)
    QuoteInput q;
    q.expiration = row.date(expiration);
    q.strike = Strike::parse(row.text(strike)).dollars();
    q.right = parse_option_right(row.text(right));
    q.bid = row.optional_number(bid);
    q.ask = row.number(ask);
    q.bid_size = row.optional_integer(bid_size);
    q.ask_size = row.optional_integer(ask_size);
    q.last = row.optional_number(last);
    q.volume = row.optional_integer(volume);
    q.open_interest = row.optional_integer(open_interest);
    q.vendor_iv = row.optional_number(iv);
    q.vendor_delta = row.optional_number(delta);
    q.vendor_gamma = row.optional_number(gamma);
    q.vendor_theta_per_day = row.optional_number(theta);
    q.vendor_vega_per_vol_point = row.optional_number(vega);
    q.source_line = row.line();
    // The chain is found (or made) only once the row has parsed: a reader reject makes no chain.
    const double close = row.number(underlying_close);
    // Find the row's chain (rows of one chain are usually contiguous: try the last one first).
    std::size_t g = last_group;
    if (g >= groups.size() || groups[g].underlying != symbol || groups[g].quote_date != date) {
      g = static_cast<std::size_t>(std::find_if(groups.begin(), groups.end(),
                                                [&](const ChainCsvGroup& x) {
                                                  return x.underlying == symbol &&
                                                         x.quote_date == date;
                                                }) -
                                   groups.begin());
    }
    if (g == groups.size()) {
      const Price spot = Price::dollars(detail::require_non_negative("underlying_close", close));
      groups.push_back(ChainCsvGroup{symbol, date, spot, row.line(),
                                     ChainBuilder(symbol, as_of, spot, options)});
    } else if (close != groups[g].spot.dollars()) {
      throw InvalidInput(ErrorCode::inconsistent,
                         fmt::format("underlying_close = {}: differs from {} on line {} of the "
                                     "same chain ({} {})",
                                     close, groups[g].spot.dollars(), groups[g].first_line,
                                     symbol.view(), detail::iso_date(date)));
    }
    last_group = g;
    return ChainCsvRow{g, q};
  });

  for (const ChainCsvRow& r : parsed.rows) groups[r.group].builder.add(r.quote);
  parsed.rows.clear();
  parsed.rows.shrink_to_fit();

  std::sort(groups.begin(), groups.end(), [](const ChainCsvGroup& a, const ChainCsvGroup& b) {
    if (a.underlying != b.underlying) return a.underlying < b.underlying;
    return std::chrono::sys_days{a.quote_date} < std::chrono::sys_days{b.quote_date};
  });
  ChainCsvResult result;
  result.rejects = std::move(parsed.rejects);
  result.chains.reserve(groups.size());
  for (ChainCsvGroup& group : groups) {
    auto built = std::move(group.builder).build();
    for (const RejectedQuote& r : built.rejects) {
      result.rejects.push_back(Reject{std::string(reader.name()), r.input.source_line,
                                      std::string(detail::chain_csv_column(r.field)), r.message,
                                      error_code(r.reason)});
    }
    result.chains.push_back(std::move(built.chain));
  }
  std::stable_sort(result.rejects.begin(), result.rejects.end(),
                   [](const Reject& a, const Reject& b) { return a.line < b.line; });
  return result;
}

[[nodiscard]] inline ChainCsvResult read_option_chains(const std::filesystem::path& path,
                                                       ChainBuildOptions options = {}) {
  return read_option_chains(CsvReader::from_file(path), options);
}

}  // namespace ivcrush::inline v0::io
