// payoff_chart: the payoff of any option position, as a summary and a standalone SVG chart.
//
//   payoff_chart --spot 100 --leg "+1 P 90 0.45" --leg "-1 P 95 1.20" --leg "-1 C 105 1.10"
//                --leg "+1 C 110 0.40" [--implied-move PCT] [--out FILE.svg] [--title T]
//                [--expiry DATE --as-of DATE --vol PCT [--rate PCT]]
//
// Leg syntax (one --leg per leg, fields separated by spaces):
//   "QTY RIGHT STRIKE PREMIUM"   an option: QTY signed contracts (+1 bought, -2 sold), RIGHT C or
//                                P, STRIKE in dollars, PREMIUM per share paid or received (>= 0)
//   "QTY S PRICE"                shares: QTY signed shares (+100 long), PRICE per share at entry
// One option contract covers 100 shares; no fees. The summary (max profit, max loss, breakevens,
// profit zone) is the exact payoff at expiration (strategy/payoff.hpp). With --expiry, --as-of
// and --vol (all three) the chart also draws the Black-Scholes value of the position at the
// as-of date's 16:00 New York close, every option at that one volatility.
// Exit codes: 0 done, 1 the chart could not be written, 2 a usage problem (bad arguments, a leg
// that does not parse: the message names the leg and the field).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "example_support.hpp"
#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/io/payoff_svg.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
// A bad argument; for a leg that does not parse, the message names the leg, the field and why.
using examples::UsageError;

struct Args {
  double spot = 0.0;
  std::vector<std::string> legs;
  std::optional<double> implied_move_pct;
  std::string out = "payoff.svg";
  std::string title = "Payoff at expiration";
  std::string expiry;
  std::string as_of;
  std::optional<double> vol_pct;
  double rate_pct = 0.0;
};

// Legs need an expiration date; without --expiry the payoff at expiration does not depend on it.
constexpr year_month_day undated_expiry = 2000y / January / 21;

std::vector<std::string_view> fields_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

Leg parse_leg(std::size_t n, std::string_view text, year_month_day expiry) {
  const auto fail = [&](std::string_view field, std::string_view value, std::string_view why) {
    return UsageError{fmt::format("leg {} '{}': {} '{}' {}", n, text, field, value, why)};
  };
  const auto f = fields_of(text);
  if (f.size() < 3 || f.size() > 4) {
    throw UsageError{fmt::format(
        "leg {} '{}': has {} fields, expected 'QTY C|P STRIKE PREMIUM' or 'QTY S PRICE'", n, text,
        f.size())};
  }
  std::string_view qty_text = f[0];
  const bool explicit_plus = qty_text.starts_with('+');
  if (explicit_plus) qty_text.remove_prefix(1);
  int qty = 0;
  const auto [qp, qe] = std::from_chars(qty_text.data(), qty_text.data() + qty_text.size(), qty);
  if (qe != std::errc() || qp != qty_text.data() + qty_text.size() || qty == 0 ||
      (explicit_plus && qty < 0)) {
    throw fail("quantity", f[0], "is not a non-zero whole number (+1 bought, -1 sold)");
  }
  const auto number = [&](std::string_view field, std::string_view value) {
    double x = 0.0;
    const auto [p, e] = std::from_chars(value.data(), value.data() + value.size(), x);
    if (e != std::errc() || p != value.data() + value.size() || !std::isfinite(x) || x < 0.0) {
      throw fail(field, value, "is not a non-negative number");
    }
    return x;
  };
  const Side side = qty > 0 ? Side::buy : Side::sell;
  const int quantity = std::abs(qty);
  const std::string_view right = f[1];
  if (right == "S" || right == "s") {
    if (f.size() != 3) throw fail("fields for shares", text, "must be 'QTY S PRICE'");
    return Leg::shares(
        {.side = side, .quantity = quantity, .price = Price::dollars(number("price", f[2]))});
  }
  OptionRight r = OptionRight::call;
  if (right == "C" || right == "c") {
    r = OptionRight::call;
  } else if (right == "P" || right == "p") {
    r = OptionRight::put;
  } else {
    throw fail("right", right, "must be C (call), P (put) or S (shares)");
  }
  if (f.size() != 4) throw fail("fields for an option", text, "must be 'QTY C|P STRIKE PREMIUM'");
  Strike strike;
  try {
    strike = Strike::parse(f[2]);
  } catch (const InvalidInput& e) {
    throw fail("strike", f[2], fmt::format("is not a strike ({})", e.what()));
  }
  if (strike.ticks() <= 0) throw fail("strike", f[2], "must be positive");
  return Leg::option({.right = r,
                      .strike = strike,
                      .expiration = expiry,
                      .side = side,
                      .quantity = quantity,
                      .premium = Money::dollars(number("premium", f[3]))});
}

std::string leg_text(const Leg& leg) {
  const int qty = sign(leg.side()) * leg.quantity();
  if (!leg.is_option())
    return fmt::format("{:+d} shares @ {:.2f}", qty, leg.price_per_share().dollars());
  return fmt::format("{:+d} {} {} @ {:.2f}", qty, leg.instrument() == Instrument::call ? "C" : "P",
                     leg.strike(), leg.price_per_share().dollars());
}

std::string extremum_text(const PayoffExtremum& e) {
  if (e.unbounded) return "unbounded";
  return e.at ? fmt::format("{} (at {})", e.amount, *e.at) : fmt::format("{}", e.amount);
}

int run(const Args& args) {
  const bool today = !args.expiry.empty() || !args.as_of.empty() || args.vol_pct.has_value();
  if (today && (args.expiry.empty() || args.as_of.empty() || !args.vol_pct)) {
    throw UsageError{"--expiry, --as-of and --vol go together (the curve of the value today)"};
  }
  year_month_day expiry = undated_expiry;
  std::optional<year_month_day> as_of;
  if (today) {
    try {
      expiry = parse_date(args.expiry);
      as_of = parse_date(args.as_of);
    } catch (const InvalidInput& e) {
      throw UsageError{fmt::format("--expiry/--as-of: {}", e.what())};
    }
    if (sys_days{*as_of} > sys_days{expiry}) {
      throw UsageError{fmt::format("--as-of {} is after --expiry {}", args.as_of, args.expiry)};
    }
  }
  std::vector<Leg> legs;
  for (std::size_t i = 0; i < args.legs.size(); ++i) {
    try {
      legs.push_back(parse_leg(i + 1, args.legs[i], expiry));
    } catch (const InvalidInput& e) {
      throw UsageError{fmt::format("leg {} '{}': {}", i + 1, args.legs[i], e.what())};
    }
  }
  const Strategy position = Strategy::make(Symbol::parse("POS"), legs);
  const PayoffProfile payoff = PayoffProfile::at_expiration(position, {});
  const Price spot = Price::dollars(args.spot);

  fmt::print("payoff_chart: {} legs, spot {}\n", legs.size(), spot);
  for (const Leg& leg : legs) fmt::print("  {}\n", leg_text(leg));
  const Money cash = position.net_entry_cash();
  fmt::print("{:<14}{}\n", cash.dollars() >= 0.0 ? "net credit" : "net debit",
             Money::dollars(std::fabs(cash.dollars())));
  fmt::print("{:<14}{}\n", "max profit", extremum_text(payoff.max_profit()));
  const PayoffExtremum worst = payoff.max_loss();
  if (!worst.unbounded && worst.amount.dollars() >= 0.0) {
    fmt::print("{:<14}none (worst P/L {})\n", "max loss", worst.amount);
  } else {
    fmt::print("{:<14}{}\n", "max loss",
               extremum_text({worst.unbounded, Money::dollars(-worst.amount.dollars()), worst.at}));
  }
  fmt::print("{:<14}{}\n", "breakevens", examples::breakevens_text(payoff));
  std::string zones;
  for (const PriceInterval& z : payoff.profit_intervals()) {
    zones += fmt::format("{}{} to {}", zones.empty() ? "" : ", ", z.lower,
                         z.upper ? fmt::format("{}", *z.upper) : std::string("unbounded"));
  }
  fmt::print("{:<14}{}\n", "profit zone", zones.empty() ? "none" : zones);
  fmt::print("{:<14}{}\n", "P/L at spot", payoff.pnl_at(spot));
  std::optional<Percentage> implied;
  if (args.implied_move_pct) {
    implied = Percentage::from_pct(*args.implied_move_pct);
    const Price lo = Price::dollars(args.spot * (1.0 - implied->fraction()));
    const Price hi = Price::dollars(args.spot * (1.0 + implied->fraction()));
    fmt::print("{:<14}±{} = {} to {}: P/L {} and {} at the edges\n", "implied move", *implied, lo,
               hi, payoff.pnl_at(lo), payoff.pnl_at(hi));
  }

  std::vector<PricePnl> curve;
  if (today) {
    const Expiration e = Expiration::from_date(expiry);
    const YearFraction t = e.time_to_expiry(new_york_market_close(*as_of));
    const Volatility vol = Volatility::from_points(*args.vol_pct);
    const auto value_at = [&](double s) {
      double pnl = 0.0;
      for (const Leg& leg : legs) {
        pnl += examples::leg_pnl_at(leg, s,
                                    {.time = t, .volatility = vol, .rate = args.rate_pct / 100.0});
      }
      return pnl;
    };
    curve = examples::sample_today_curve(args.spot, value_at);
    fmt::print("{:<14}{} at {} close, {} vol, {:.1f} days to {}: P/L at spot {}\n", "today",
               "value", args.as_of, vol, t.years() * 365.0, args.expiry,
               Money::dollars(value_at(args.spot)));
  }

  const PayoffChart chart{.title = args.title,
                          .spot = spot,
                          .implied_move = implied,
                          .today_curve = curve,
                          .today_label = fmt::format("P/L at the {} close, {:.0f}% vol", args.as_of,
                                                     args.vol_pct.value_or(0.0))};
  examples::write_text_file(args.out, render_payoff_svg(payoff, chart));
  fmt::print("chart: {}\n", args.out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{
      "The payoff of an option position at expiration: summary and SVG chart.\n"
      "Leg syntax: \"QTY C|P STRIKE PREMIUM\" (e.g. \"-1 P 95 1.20\": sell one 95 put "
      "at $1.20 per share) or \"QTY S PRICE\" for shares (see docs/analyze.md)",
      "payoff_chart"};
  app.failure_message(CLI::FailureMessage::help);
  app.add_option("--spot", args.spot, "underlying price now")
      ->required()
      ->check(CLI::PositiveNumber);
  app.add_option("--leg", args.legs, "a leg, repeat per leg: \"QTY C|P STRIKE PREMIUM\"")
      ->required()
      ->allow_extra_args(false)
      ->take_all();
  app.add_option("--implied-move", args.implied_move_pct, "implied move in percent: draws the band")
      ->check(CLI::Range(0.0, 100.0));
  app.add_option("--out", args.out, "SVG file to write")->capture_default_str();
  app.add_option("--title", args.title, "chart title")->capture_default_str();
  app.add_option("--expiry", args.expiry, "options' expiration, YYYY-MM-DD (today curve)");
  app.add_option("--as-of", args.as_of, "date of the today curve, YYYY-MM-DD (its 16:00 close)");
  app.add_option("--vol", args.vol_pct, "volatility of the today curve, percent")
      ->check(CLI::Range(0.1, 1000.0));
  app.add_option("--rate", args.rate_pct, "interest rate of the today curve, percent")
      ->check(CLI::Range(-100.0, 100.0))
      ->capture_default_str();
  if (const auto rc = examples::parse_command_line(app, argc, argv)) return *rc;
  return examples::run_with_exit_codes("payoff_chart", [&] {
    try {
      return run(args);
    } catch (const InvalidInput& e) {
      throw UsageError{e.what()};  // every input here is an argument: a usage problem
    }
  });
}
