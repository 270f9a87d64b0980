// example_support.hpp: what the example programs (analyze, backtest, payoff_chart, scan) share.
//
// Not part of the library (include/): the command-line conventions of the examples, kept in one
// place so that every program reports errors and exits alike.
//   int main(int argc, char** argv) {
//     CLI::App app{"...", "prog"};
//     app.failure_message(CLI::FailureMessage::help);
//     examples::add_data_option(app, args.data_dir);
//     if (const auto rc = examples::parse_command_line(app, argc, argv)) return *rc;
//     return examples::run_with_exit_codes("prog", [&] { return run(args); });
//   }
// Exit codes: 0 done, 1 a data problem (DataError, InvalidInput), 2 a usage problem (a CLI11
// parse error, UsageError). Messages go to stderr as "prog: message". No global state.
#pragma once

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
#include "ivcrush/io/payoff_svg.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/strategy/leg.hpp"
#include "ivcrush/strategy/payoff.hpp"

namespace ivcrush::examples {

// Exit code of a data problem: malformed or missing input, an output that cannot be written.
inline constexpr int exit_data = 1;
// Exit code of a usage problem: bad arguments, an unknown name.
inline constexpr int exit_usage = 2;

// A usage problem found after parsing (an unknown ticker, a bad date): exit 2.
struct UsageError {
  std::string message;
};
// A data problem (a malformed row, a file that cannot be written): exit 1.
struct DataError {
  std::string message;
};

// Adds the `--data DIR` option (the directory of the bundled earnings CSV files) to `app`.
inline CLI::Option* add_data_option(CLI::App& app, std::string& dir) {
  return app
      .add_option("--data", dir,
                  "earnings data directory (earnings_calendar.csv, earnings_reactions.csv, "
                  "implied_moves.csv)")
      ->capture_default_str();
}

// Adds `--history N`: the newest N real reactions before the announcement that the analysis
// reads (default default_history_window, 12; the same option in analyze, scan and backtest).
inline CLI::Option* add_history_option(CLI::App& app, std::size_t& window) {
  return app
      .add_option("--history", window,
                  "the newest N earlier reactions the analysis reads (the history window)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}))
      ->capture_default_str();
}

// "newest 12 of 25 reactions before 2025-12-11": what a report says about its history window.
[[nodiscard]] inline std::string history_window_text(std::size_t used, std::size_t available,
                                                     std::chrono::year_month_day before) {
  return fmt::format("newest {} of {} reaction{} before {}", used, available,
                     available == 1 ? "" : "s", detail::iso_date(before));
}

// Parses the command line: the exit code to stop with (0 after --help, 2 after a parse error,
// which CLI11 has printed), or nullopt to go on.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : exit_usage;
  }
  return std::nullopt;
}

// Runs `body` (returning the exit code) and maps what it throws to an exit code with a message
// "program: ..." on stderr: UsageError 2 (followed by `usage`'s help when given), DataError 1,
// InvalidInput 1.
template <class Body>
int run_with_exit_codes(std::string_view program, Body&& body, const CLI::App* usage = nullptr) {
  try {
    return std::forward<Body>(body)();
  } catch (const UsageError& e) {
    fmt::print(stderr, "{}: {}\n{}", program, e.message, usage ? usage->help() : std::string());
    return exit_usage;
  } catch (const DataError& e) {
    fmt::print(stderr, "{}: {}\n", program, e.message);
    return exit_data;
  } catch (const InvalidInput& e) {
    fmt::print(stderr, "{}: {}\n", program, e.what());
    return exit_data;
  }
}

// Writes `content` to `path` (replacing it); throws DataError "cannot write <path>" on failure.
inline void write_text_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw DataError{fmt::format("cannot write {}", path.string())};
}

// Loads the earnings data of `dir`; prints every malformed row ("file:line: [column C: ]reason")
// to stderr and throws DataError when there is any.
inline io::EarningsDataset load_dataset_or_throw(const std::string& dir) {
  io::EarningsDataset data = io::load_earnings_dataset(dir);
  if (!data.rejects.empty()) {
    for (const io::Reject& r : data.rejects) {
      fmt::print(stderr, "{}:{}: {}{}\n", r.file, r.line,
                 r.column.empty() ? "" : "column " + r.column + ": ", r.reason);
    }
    throw DataError{fmt::format("{} malformed rows in {}", data.rejects.size(), dir)};
  }
  return data;
}

// The last weekday on or before `d`: quotes observed on a weekend are the Friday close's.
inline std::chrono::year_month_day last_weekday_on_or_before(std::chrono::year_month_day d) {
  using namespace std::chrono;
  sys_days day{d};
  while (weekday{day} == Saturday || weekday{day} == Sunday) day -= days{1};
  return year_month_day{day};
}

// The breakevens of a payoff as "p1, p2, ..." ("none" when it has none).
inline std::string breakevens_text(const PayoffProfile& p) {
  std::string out;
  for (const double b : p.breakevens()) {
    out += fmt::format("{}{}", out.empty() ? "" : ", ", Price::dollars(b));
  }
  return out.empty() ? "none" : out;
}

// P/L of `leg` since entry with the underlying at `spot`: an option at its Black-Scholes value
// (`pricing`'s right, spot and strike are taken from the leg and `spot`), shares at `spot`.
inline double leg_pnl_at(const Leg& leg, double spot, BsmInputs pricing) {
  double value = spot;
  if (leg.is_option()) {
    pricing.right = leg.instrument() == Instrument::call ? OptionRight::call : OptionRight::put;
    pricing.spot = Price::dollars(spot);
    pricing.strike = leg.strike();
    value = bsm_price(pricing).dollars();
  }
  return leg.signed_units() * (value - leg.price_per_share().dollars());
}

// The "today" curve of a payoff chart: pnl_at(s) at 201 prices s from half to 1.5 times `spot`.
template <class PnlAt>
std::vector<PricePnl> sample_today_curve(double spot, PnlAt&& pnl_at) {
  constexpr int samples = 200;
  std::vector<PricePnl> out;
  out.reserve(samples + 1);
  for (int i = 0; i <= samples; ++i) {
    const double s = spot * (0.5 + static_cast<double>(i) / samples);
    out.push_back({s, pnl_at(s)});
  }
  return out;
}

}  // namespace ivcrush::examples
