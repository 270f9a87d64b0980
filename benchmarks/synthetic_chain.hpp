// benchmarks/synthetic_chain.hpp: seeded synthetic tickers of realistic shape for the pipeline
// benchmarks and the allocation test (one chain before an earnings report plus its history).
//
//   const bench::SyntheticTicker t = bench::make_ticker({.strikes = 200, .seed = 7});
//   const OptionChain chain = bench::build_chain(t);        // through ChainBuilder
//   const std::string csv = bench::to_chain_csv(t);         // the io::read_option_chains layout
//   analyze_ticker({.chain = chain, .event = t.event, .history = t.history}, scorer, options);
//
// Shape (what a real end-of-day file of a liquid large cap looks like, docs/chain-io.md):
// - 6 expirations: the 4 weekly Fridays after the as-of Monday (the first one just after an
//   after-close report on Wednesday) and the next 2 monthly (third-Friday) expirations;
// - `strikes` strikes per expiration on a $1 grid centred on a $600-800 spot, call and put;
// - volatility: the modeled-chain term structure (diffusive base² + event variance / T, so the
//   first expiration is event-inflated) with a put skew and a smile in standardized
//   log-moneyness, and a little seeded noise per quote;
// - bid/ask around the Black-Scholes price, the relative half-spread widening away from the
//   money, rounded outwards to the cent (far wings quote 0 bid / 0.01+ ask, like real files);
// - open interest and volume falling off away from the money, sizes, a last trade on most
//   quotes, and the vendor IV column (the σ that priced the quote);
// - a history of 12 before-open reactions (signed close moves ~ N(0, 6 %)) before the event.
// Everything derives from the seed: the same spec gives the same ticker.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/pricing/black_scholes.hpp"

namespace ivcrush::bench {

struct SyntheticSpec {
  int strikes = 200;  // per expiration (each with a call and a put)
  std::uint32_t seed = 1;
  int history = 12;  // past reactions
};

struct SyntheticTicker {
  Symbol symbol;
  std::chrono::sys_seconds as_of{};
  Price spot;
  EarningsEvent event;
  std::vector<QuoteInput> quotes;
  ReactionHistoryBuffer history;  // newest first
};

namespace detail {

// "A".."Z", then two letters, three...: a distinct valid symbol per index.
inline Symbol symbol_for(std::uint32_t index) {
  std::string s = "S";
  do {
    s.push_back(static_cast<char>('A' + index % 26));
    index /= 26;
  } while (index > 0);
  return Symbol::parse(s);
}

}  // namespace detail

inline SyntheticTicker make_ticker(const SyntheticSpec& spec) {
  using namespace std::chrono;
  std::mt19937_64 rng(0x9E3779B97F4A7C15ull ^ spec.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, 1.0);

  SyntheticTicker t;
  t.symbol = detail::symbol_for(spec.seed);
  t.as_of = new_york_market_close(2025y / January / 13);  // a Monday
  // The same spot whatever the strike count (more strikes list further wings, as in real
  // chains), high enough for 800 strikes on a $1 grid to stay positive.
  const double spot = std::round(600.0 + 200.0 * unit(rng)) + 0.37;
  t.spot = Price::dollars(spot);
  t.event = EarningsEvent{t.symbol, 2025y / January / 15, EarningsTiming::after_close};

  const year_month_day expirations[] = {2025y / January / 17,  2025y / January / 24,
                                        2025y / January / 31,  2025y / February / 7,
                                        2025y / February / 21, 2025y / March / 21};
  const double base_vol = 0.25 + 0.20 * unit(rng);    // diffusive, annual
  const double event_move = 0.04 + 0.05 * unit(rng);  // one-session sd
  const double first_strike = std::round(spot) - spec.strikes / 2;

  t.quotes.reserve(static_cast<std::size_t>(spec.strikes) * 2 * std::size(expirations));
  for (const year_month_day e : expirations) {
    const double years =
        duration<double>(Expiration::from_date(e).expiry_time() - t.as_of).count() /
        (365.0 * 86400.0);
    const double atm = std::sqrt(base_vol * base_vol + event_move * event_move / years);
    const double sd = atm * std::sqrt(years);
    for (int i = 0; i < spec.strikes; ++i) {
      const double k = first_strike + i;
      const double x = std::clamp(std::log(k / spot) / sd, -4.0, 4.0);
      const double vol = std::max(0.05, atm + 0.01 * (-2.0 * x + 0.8 * x * x) + 0.002 * gauss(rng));
      const double oi_scale = std::exp(-0.125 * x * x);
      for (const OptionRight right : {OptionRight::call, OptionRight::put}) {
        const double price = bsm_price({.right = right,
                                        .spot = t.spot,
                                        .strike = Strike::from_dollars(k),
                                        .time = YearFraction::from_years(years),
                                        .volatility = Volatility::from_fraction(vol)})
                                 .dollars();
        const double half = std::max(0.01, (0.02 + 0.025 * std::fabs(x)) * price);
        const double bid = std::max(0.0, std::floor((price - half) * 100.0) / 100.0);
        const double ask = std::max(0.01, std::ceil((price + half) * 100.0) / 100.0);
        const auto oi = static_cast<std::int64_t>(20'000.0 * oi_scale * (0.3 + 0.7 * unit(rng)));
        const auto volume = static_cast<std::int64_t>(static_cast<double>(oi) * 0.4 * unit(rng));
        std::optional<double> last;
        if (volume > 0) last = std::max(0.01, std::round((bid + ask) * 50.0) / 100.0);
        t.quotes.push_back({.expiration = e,
                            .strike = k,
                            .right = right,
                            .bid = bid,
                            .ask = ask,
                            .last = last,
                            .bid_size = static_cast<std::int64_t>(1 + rng() % 200),
                            .ask_size = static_cast<std::int64_t>(1 + rng() % 200),
                            .volume = volume,
                            .open_interest = oi,
                            .vendor_iv = vol});
      }
    }
  }

  // Quarterly before-open reports, the latest in October 2024.
  auto day = sys_days{2024y / October / 17};
  std::vector<HistoricalMove> history;
  for (int i = 0; i < spec.history; ++i, day -= days{91}) {
    while (weekday{day} == Saturday || weekday{day} == Sunday) day -= days{1};
    const double reference = spot * (0.6 + 0.4 * unit(rng));
    const double move = 0.06 * gauss(rng);
    const double close = reference * (1.0 + move);
    const double open = reference * (1.0 + 0.8 * move);
    const double high = std::max(open, close) * 1.01;
    const double low = std::min(open, close) * 0.99;
    const year_month_day date{day};
    history.push_back(to_historical_move(
        {.event = {t.symbol, date, EarningsTiming::before_open},
         .reference_close = Price::dollars(reference),
         .reaction = DailyBar::make(date, Price::dollars(open), Price::dollars(high),
                                    Price::dollars(low), Price::dollars(close))}));
  }
  t.history = ReactionHistoryBuffer(std::move(history));
  return t;
}

inline OptionChain build_chain(const SyntheticTicker& t) {
  ChainBuilder b(t.symbol, t.as_of, t.spot);
  for (const QuoteInput& q : t.quotes) b.add(q);
  auto built = std::move(b).build();
  return std::move(built.chain);
}

// The ticker's quotes in the io::read_option_chains layout, one row per quote.
inline std::string to_chain_csv(const SyntheticTicker& t) {
  using namespace std::chrono;
  std::string out =
      "underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
      "open_interest,underlying_close,iv\n";
  const year_month_day quote_date{floor<days>(t.as_of)};
  const std::string prefix =
      fmt::format("{},{},", t.symbol.view(), ivcrush::detail::iso_date(quote_date));
  const std::string close = fmt::format("{:.2f}", t.spot.dollars());
  for (const QuoteInput& q : t.quotes) {
    out += prefix;
    out += fmt::format("{},{:g},{},{:.2f},{:.2f},{},{},", ivcrush::detail::iso_date(q.expiration),
                       q.strike, q.right == OptionRight::call ? 'C' : 'P', q.bid.value_or(0.0),
                       q.ask, q.bid_size.value_or(0), q.ask_size.value_or(0));
    if (q.last) out += fmt::format("{:.2f}", *q.last);
    out += fmt::format(",{},{},{},{:.6f}\n", q.volume.value_or(0), q.open_interest.value_or(0),
                       close, q.vendor_iv.value_or(0.0));
  }
  return out;
}

}  // namespace ivcrush::bench
