// analyze: one ticker before its next earnings announcement, from the implied move the options
// price to ranked, sized and explained trades, with a payoff chart of the best one.
//
//   analyze [TICKER] [--data DIR] [--policy NAME] [--top N] [--account DOLLARS]
//           [--base-vol PCT] [--chain FILE.csv [--earnings YYYY-MM-DD [--timing AMC]]]
//           [--unknown-oi acceptable|zero] [--history N] [--svg FILE] [--no-svg]
//
// TICKER (default CIEN) is looked up in the earnings data of DIR (default data/, the bundled
// files): its latest implied-move observation gives the event, the spot and the implied move; the
// calendar gives the timing; the newest --history N (default 12) real reactions before the event
// give the history, as in scan and backtest. The chain is
// the user's (--chain, the chain CSV format of docs/chain-io.md) or else a chain MODELED from the
// observed implied move (analysis/event_chain_model.hpp), which the report says in so many words.
// Everything after that is analyze_ticker (analysis/ticker_analysis.hpp); docs/analyze.md says
// where each printed number comes from.
// Exit codes: 0 the report (also when the analysis stops early: the status is printed), 1 a
// data problem (malformed rows, an unusable chain or observation), 2 a usage problem (bad
// arguments, an unknown ticker or one without an implied-move observation).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "example_support.hpp"
#include "ivcrush/analysis/event_chain_model.hpp"
#include "ivcrush/analysis/ticker_analysis.hpp"
#include "ivcrush/io/chain_csv.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/io/payoff_svg.hpp"
#include "ivcrush/scoring/any_scoring_policy.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
using examples::DataError;
using examples::UsageError;

struct Args {
  std::string ticker = "CIEN";
  std::string data_dir = "data";
  std::string policy = "iv_crush_model";
  std::size_t top = 3;
  double account = 20'000.0;
  double base_vol_pct = 30.0;
  std::string chain_file;
  std::string earnings_date;  // --earnings: the announcement to analyse (with --chain)
  std::string timing;         // --timing: BMO, AMC, DMH or UNKNOWN (default: the calendar's)
  std::string unknown_oi = "acceptable";  // --unknown-oi: parse_liquidity_policy's spellings
  std::string svg_file;                   // empty: analyze_<TICKER>.svg
  bool no_svg = false;
  std::size_t history = default_history_window;  // --history N
};

std::string signed_pct(Percentage p) {
  return fmt::format("{}{:.2f}%", p.pct() >= 0.0 ? "+" : "-", std::fabs(p.pct()));
}

std::string timing_text(std::optional<EarningsTiming> t) {
  if (!t) return "timing unknown (not in the calendar)";
  switch (*t) {
    case EarningsTiming::before_open: return "BMO (before the open)";
    case EarningsTiming::after_close: return "AMC (after the close)";
    case EarningsTiming::during_market: return "DMH (during market hours)";
    case EarningsTiming::unknown: return "timing unknown (the calendar says UNKNOWN)";
  }
  return "timing unknown";
}

// The newest observation of the ticker's latest event that has the spot and the implied move;
// the newest of that event when none has both (the caller reports what is missing).
const ImpliedMoveObservation* usable_observation(const io::EarningsDataset& d, Symbol symbol) {
  const ImpliedMoveObservation* latest = d.latest_observation(symbol);
  if (latest == nullptr) return nullptr;
  const ImpliedMoveObservation* first = d.observations.data();
  for (const ImpliedMoveObservation* p = latest;; --p) {
    if (p->symbol != symbol || p->earnings_date != latest->earnings_date) break;
    if (p->stock_price && p->implied_move) return p;
    if (p == first) break;
  }
  return latest;
}

std::string leg_text(Symbol symbol, const Leg& leg) {
  const int qty = sign(leg.side()) * leg.quantity();
  if (!leg.is_option()) {
    return fmt::format("{:+d} {} shares @ {:.2f}", qty, symbol, leg.price_per_share().dollars());
  }
  return fmt::format("{:+d} {} {} {}{} @ {:.2f}", qty, symbol, detail::iso_date(leg.expiration()),
                     leg.strike(), leg.instrument() == Instrument::call ? "C" : "P",
                     leg.price_per_share().dollars());
}

// P/L of one unit today (at the chain's as-of), each option leg at its own quote's mid IV, for
// a range of spot prices: the curve a trader sees before the news. Empty when a leg has no IV.
std::vector<PricePnl> today_curve(const Candidate& c, const ChainGreeks& greeks,
                                  const ChainMarket& market) {
  const OptionChain& chain = greeks.chain();
  struct Priced {
    const Leg* leg;
    Volatility iv;
    YearFraction t;
  };
  std::vector<Priced> legs;
  for (const Leg& leg : c.strategy.legs()) {
    if (!leg.is_option()) {
      legs.push_back({&leg, Volatility{}, YearFraction{}});
      continue;
    }
    const Expiration e = Expiration::from_date(leg.expiration());
    const OptionRight right =
        leg.instrument() == Instrument::call ? OptionRight::call : OptionRight::put;
    const auto index = chain.quote_index(e, leg.strike(), right);
    if (!index) return {};
    const auto iv = greeks[*index].iv();
    if (!iv) return {};
    legs.push_back({&leg, *iv, e.time_to_expiry(chain.as_of())});
  }
  return examples::sample_today_curve(chain.spot().dollars(), [&](double s) {
    double pnl = -c.payoff.fees().dollars();
    for (const Priced& p : legs) {
      pnl += examples::leg_pnl_at(*p.leg, s,
                                  {.time = p.t,
                                   .volatility = p.iv,
                                   .rate = market.rate,
                                   .dividend_yield = market.dividend_yield});
    }
    return pnl;
  });
}

// The analysed expiration, its straddle, the term structure's event move, and which one the VRP
// compares with the past reactions.
void print_event_moves(const TickerAnalysis& a, Price spot) {
  if (!a.expiration) return;
  fmt::print("  {:<14}{}\n", "expiration", a.event_expiration.describe());
  const bool within = a.event_expiration.within_horizon();
  if (a.implied_move.ok()) {
    const double move = a.implied_move.move.fraction() * spot.dollars();
    fmt::print("  {:<14}{} = {} ({}): range {} to {}\n", "implied move", a.implied_move.move,
               Money::dollars(move),
               within ? "ATM straddle of the event expiration"
                      : "ATM straddle: the event plus the diffusion around it",
               Price::dollars(spot.dollars() - move), Price::dollars(spot.dollars() + move));
  } else {
    fmt::print("  {:<14}not available: {}\n", "implied move", to_string(a.implied_move.status));
  }
  const EventMove& em = a.term_event_move;
  if (em.ok()) {
    fmt::print("  {:<14}{} expected |move| (event sigma {}, diffusive vol {:.1f}%)\n", "term event",
               *em.expected_absolute_move, *em.event_sigma, em.base_volatility->points());
  } else {
    fmt::print("  {:<14}none: {}\n", "term event", to_string(em.status));
  }
  if (const auto used = a.event_move()) {
    fmt::print("  {:<14}{} ({})\n", "VRP move", *used,
               a.move_basis == EventMoveBasis::term_structure
                   ? "the term-structure event move: the expiration is beyond the horizon"
                   : "the ATM straddle of the event expiration");
  }
}

// Oldest first, as a time series reads (the history itself is newest first).
void print_history(ReactionHistory history) {
  fmt::print("  {:<10}  {:>8}  {:>8}  {:>8}\n", "date", "close", "gap", "range");
  for (std::size_t i = history.size(); i-- > 0;) {
    const HistoricalMove& m = history[i];
    fmt::print("  {:<10}  {:>8}  {:>8}  {:>8}\n", detail::iso_date(m.event.date),
               signed_pct(m.close_move), signed_pct(m.gap_move),
               fmt::format("{:.2f}%", m.intraday_range.pct()));
  }
}

void print_candidate(std::size_t rank, const TickerAnalysis& a, const RankedCandidate& r,
                     const Args& args, Symbol symbol) {
  const Candidate& c = a.candidate(r);
  fmt::print("#{} {}  (score {:.2f})\n", rank, display_name(c.kind), r.breakdown.total());
  bool first = true;
  for (const Leg& leg : c.strategy.legs()) {
    fmt::print("   {:<10} {}\n", first ? "legs" : "", leg_text(symbol, leg));
    first = false;
  }
  const double per_share = c.net_credit_per_share.dollars();
  fmt::print("   {:<10} {} per unit, one contract per leg ({:.3} per share)\n",
             per_share >= 0.0 ? "credit" : "debit", Money::dollars(std::fabs(per_share) * 100.0),
             Money::dollars(std::fabs(per_share)));
  fmt::print("   {:<10} max profit {}, max loss {} per unit (reward/risk {:.2f})\n", "risk",
             c.max_profit, c.max_loss, c.reward_risk_ratio);
  fmt::print("   {:<10} {}\n", "breakevens", examples::breakevens_text(c.payoff));
  if (c.pop.empirical) {
    fmt::print("   {:<10} model {:.1f}%, empirical {:.1f}% (n={} past reactions)\n", "POP",
               100.0 * c.pop.model, 100.0 * *c.pop.empirical, c.empirical_sample_size);
  } else {
    fmt::print("   {:<10} model {:.1f}%, empirical n/a (no history)\n", "POP", 100.0 * c.pop.model);
  }
  fmt::print("   {:<10} model {}{} per unit\n", "E[P/L]", c.expected_pnl_model,
             c.expected_pnl_empirical ? fmt::format(", empirical {}", *c.expected_pnl_empirical)
                                      : std::string());
  if (c.greeks) {
    fmt::print("   {:<10} delta {:+.1f} shares, vega {}/vol pt, theta {}/day per unit\n", "greeks",
               c.greeks->delta_shares, c.greeks->vega_per_vol_point,
               c.greeks->theta_per_calendar_day);
  }
  const double n = static_cast<double>(c.contracts);
  fmt::print("   {:<10} {} contracts: max profit {}, max loss {} (risk budget {})\n", "size",
             c.contracts, c.max_profit * n, c.max_loss * n, Money::dollars(args.account));
  fmt::print("   {:<10} {:.2f} of 100, the sum of:\n", "score", r.breakdown.total());
  for (const ScoreComponent& comp : r.breakdown.components()) {
    const std::string of =
        comp.weight > 0.0 ? fmt::format("of {:g}", comp.weight * 100.0) : std::string("adj.");
    fmt::print("   {:<10}   {:<12} {:>+7.2f} {:<6} {}\n", "", comp.name, comp.points, of,
               comp.reason());
  }
  fmt::print("   {:<10} {}\n", "why", r.rationale);
}

int run(const Args& args) {
  const Symbol symbol = [&] {
    std::string upper = args.ticker;  // "cien" is meant as CIEN
    for (char& ch : upper) {
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
    try {
      return Symbol::parse(upper);
    } catch (const InvalidInput& e) {
      throw UsageError{fmt::format("ticker '{}' is not a symbol: {}", args.ticker, e.what())};
    }
  }();

  const io::EarningsDataset data = examples::load_dataset_or_throw(args.data_dir);

  // The event: --earnings (with --chain), or the latest implied-move observation.
  const ImpliedMoveObservation* obs = usable_observation(data, symbol);
  std::optional<year_month_day> given_date;
  if (!args.earnings_date.empty()) {
    if (args.chain_file.empty()) throw UsageError{"--earnings needs --chain (a real chain)"};
    try {
      given_date = parse_date(args.earnings_date);
    } catch (const InvalidInput& e) {
      throw UsageError{fmt::format("--earnings: {}", e.what())};
    }
    if (obs != nullptr && obs->earnings_date != *given_date) obs = nullptr;
  } else if (!args.timing.empty()) {
    throw UsageError{"--timing goes with --earnings"};
  }
  if (obs == nullptr && !given_date) {
    const bool known = !data.reactions_of(symbol).empty();
    const std::vector<Symbol> observed = data.observed_symbols();
    std::string some;
    for (std::size_t i = 0; i < observed.size() && i < 8; ++i)
      some += fmt::format("{}{}", i == 0 ? "" : ", ", observed[i]);
    throw UsageError{
        fmt::format("{}: {} in {}/implied_moves.csv ({} tickers have one: {}{})", symbol,
                    known ? "has past reactions but no implied-move observation"
                          : "unknown ticker, no implied-move observation",
                    args.data_dir, observed.size(), some, observed.size() > 8 ? ", ..." : "")};
  }
  const year_month_day event_date = given_date ? *given_date : obs->earnings_date;
  std::optional<EarningsTiming> calendar_timing = data.timing(symbol, event_date);
  if (!args.timing.empty()) {
    try {
      calendar_timing = parse_earnings_timing(args.timing);
    } catch (const InvalidInput& e) {
      throw UsageError{fmt::format("--timing: {}", e.what())};
    }
  }
  const EarningsEvent event{symbol, event_date, calendar_timing.value_or(EarningsTiming::unknown)};

  fmt::print("ivcrush analyze {}\n\n", symbol);
  fmt::print("Event\n");
  fmt::print("  {:<14}{} {}\n", "earnings", detail::iso_date(event_date),
             timing_text(calendar_timing));

  // The chain.
  std::optional<EventChainSetup> modeled;
  std::optional<OptionChain> market_chain;
  TickerAnalysisOptions options;
  options.generator.analysis.ev_kelly.limits.risk_budget = Money::dollars(args.account);
  if (!args.chain_file.empty()) {
    auto read = io::read_option_chains(args.chain_file);
    for (const io::Reject& r : read.rejects) {
      fmt::print(stderr, "warning: {}:{}: {} (row left out)\n", r.file, r.line, r.reason);
    }
    // The newest chain of the ticker quoted before the news.
    for (OptionChain& c : read.chains) {
      if (c.underlying() == symbol && !c.empty() &&
          c.as_of() < ivcrush::detail::event_instant(event))
        market_chain = std::move(c);
    }
    if (!market_chain) {
      throw DataError{fmt::format("{} has no {} chain quoted before the announcement of {}",
                                  args.chain_file, symbol, detail::iso_date(event_date))};
    }
    fmt::print("  {:<14}{} 16:00 New York close (quote date of the chain)\n", "entry",
               detail::iso_date(new_york_date(market_chain->as_of())));
    fmt::print("  {:<14}{}\n", "spot", market_chain->spot());
    fmt::print("  {:<14}MARKET quotes from {} ({} quotes)\n", "chain", args.chain_file,
               market_chain->size());
    const auto no_oi = static_cast<std::size_t>(
        std::count_if(market_chain->quotes().begin(), market_chain->quotes().end(),
                      [](const OptionQuote& q) { return !q.open_interest.has_value(); }));
    if (no_oi > 0) {
      const LiquidityPolicy unknown = parse_liquidity_policy(args.unknown_oi, "--unknown-oi");
      fmt::print(
          "  {:<14}unknown for {} of {} quotes (no open interest in the data); "
          "--unknown-oi {}: {}\n",
          "open interest", no_oi, market_chain->size(), to_string(unknown),
          unknown == LiquidityPolicy::unknown_is_acceptable
              ? "liquidity unknown, judged on spreads and bids"
              : "counted as 0, so illiquid");
    }
    options.generator.analysis.liquidity_policy =
        parse_liquidity_policy(args.unknown_oi, "--unknown-oi");
    if (obs != nullptr && obs->implied_move) {
      fmt::print("  {:<14}{} (scan {}, for comparison)\n", "observed move", *obs->implied_move,
                 obs->scan_date ? detail::iso_date(*obs->scan_date) : std::string("date unknown"));
    }
  } else {
    if (!obs->stock_price || !obs->implied_move) {
      throw DataError{fmt::format(
          "{}: the observation of the {} announcement lacks the {} needed to model a chain; pass "
          "a real chain with --chain",
          symbol, detail::iso_date(event_date), !obs->stock_price ? "spot" : "implied move")};
    }
    // Entry: the close of the scan date (a weekend scan saw Friday's close); without a scan
    // date, the last close before the news.
    year_month_day entry_date;
    std::string entry_note;
    if (obs->scan_date) {
      entry_date = examples::last_weekday_on_or_before(*obs->scan_date);
      entry_note = entry_date == *obs->scan_date ? "the scan date"
                                                 : fmt::format("the scan date {} is a weekend",
                                                               detail::iso_date(*obs->scan_date));
    } else {
      entry_date = examples::last_weekday_on_or_before(event_date);
      entry_note = "no scan date: the last close before the news";
    }
    // A close at or after the news (an after-close report scanned that day) is too late.
    while (new_york_market_close(entry_date) >= ivcrush::detail::event_instant(event)) {
      entry_date =
          examples::last_weekday_on_or_before(year_month_day{sys_days{entry_date} - days{1}});
      entry_note = "the last close before the news";
    }
    const sys_seconds as_of = new_york_market_close(entry_date);
    modeled = model_event_chain({.event = event,
                                 .as_of = as_of,
                                 .spot = *obs->stock_price,
                                 .implied_move = *obs->implied_move},
                                {.base_volatility = Volatility::from_points(args.base_vol_pct)});
    fmt::print("  {:<14}{} 16:00 New York close ({})\n", "entry", detail::iso_date(entry_date),
               entry_note);
    fmt::print("  {:<14}{}\n", "spot", *obs->stock_price);
    fmt::print("  {:<14}{} on {}", "observed move", *obs->implied_move,
               obs->scan_date ? detail::iso_date(*obs->scan_date) : std::string("an unknown date"));
    if (obs->straddle_cost && obs->atm_strike) {
      fmt::print(": straddle {} at strike {}{} / spot", *obs->straddle_cost, *obs->atm_strike,
                 obs->expiration ? " exp " + detail::iso_date(*obs->expiration) : std::string());
    }
    fmt::print("\n");
    if (!obs->source.empty()) fmt::print("  {:<14}{}\n", "source", obs->source);
    fmt::print(
        "  {:<14}MODELED from the observed implied move (not market quotes; see "
        "docs/analyze.md)\n",
        "chain");
    fmt::print("  {:<14}base vol {:.1f}%, event move {:.2f}% (one-session sd), {} quotes\n", "",
               args.base_vol_pct, 100.0 * modeled->calibration.event_move.value_or(0.0),
               modeled->chain.quotes);
    // A modeled chain has no open interest by construction: always unknown, never zero.
    fmt::print("  {:<14}unknown (modeled): liquidity judged on spreads and bids\n",
               "open interest");
    options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
    options.modeled_chain = true;
    options.use_skew_bias = false;  // the modeled smile is an assumption, not a market signal
  }
  const OptionChain& chain = modeled ? modeled->chain.chain : *market_chain;

  // History: the newest --history N real reactions before the event (all: for the report).
  const ReactionHistory earlier = data.history_before(symbol, event_date);
  const ReactionHistory history = earlier.newest(args.history);

  const AnyScoringPolicy policy = make_scoring_policy(args.policy);
  const StrategyScorer<AnyScoringPolicy> scorer(policy, {.top_n = args.top});
  const TickerAnalysis a =
      analyze_ticker({.chain = chain, .event = event, .history = history}, scorer, options);

  print_event_moves(a, chain.spot());

  if (history.empty()) {
    fmt::print("\nPast reactions: none of {} in the data before {}\n", symbol,
               detail::iso_date(event_date));
  } else {
    fmt::print("\nPast reactions: {} (--history {}), listed oldest first\n",
               examples::history_window_text(history.size(), earlier.size(), event_date),
               args.history);
  }
  fmt::print(
      "  (reaction = the announcement-day session of before-open reports; after-close\n"
      "  reactions are not in the bundled data)\n");
  if (!history.empty()) print_history(history);

  fmt::print("\nVRP\n");
  if (a.vrp.ok()) {
    fmt::print(
        "  ratio {:.2f}x = implied {} / mean |close move| {}; recommendation {}; sample "
        "{}\n",
        a.vrp.vrp_ratio, a.vrp.implied_move, a.vrp.statistics->mean,
        to_string(a.vrp.recommendation), a.vrp.sample_size);
    fmt::print("  median ratio {}, edge score {:.2f}, tail risk {} (max {} = {:.2f}x mean)\n",
               a.vrp.median_vrp_ratio ? fmt::format("{:.2f}x", *a.vrp.median_vrp_ratio) : "n/a",
               a.vrp.edge_score, to_string(a.vrp.statistics->tail_risk_level),
               a.vrp.statistics->max, a.vrp.statistics->tail_risk_ratio);
  } else {
    fmt::print("  not available: {}\n", a.vrp.reason());
  }
  fmt::print("Consistency\n");
  if (a.consistency.ok()) {
    fmt::print(
        "  score {:.1f}/100, weighted mean {}, trend {} ({:+.2f} pt/quarter), "
        "trustworthiness {:.2f}\n",
        a.consistency.consistency_score, a.consistency.weighted_mean,
        to_string(a.consistency.trend), a.consistency.trend_slope_pct_per_quarter,
        a.consistency.trustworthiness_ratio);
  } else {
    fmt::print("  not available: {}\n", a.consistency.reason());
  }
  fmt::print("Skew\n");
  if (modeled) {
    fmt::print(
        "  not measured: a modeled chain's smile is the model's assumption, not the "
        "market's (bias neutral)\n");
  } else if (a.skew.ok()) {
    fmt::print("  bias {} (confidence {:.2f}), slope {:.1f} pts, {} shape, R² {:.2f}, {} points\n",
               to_string(a.skew.bias), a.skew.bias_confidence, a.skew.slope_atm_points,
               to_string(a.skew.shape), a.skew.r_squared, a.skew.num_points());
  } else {
    fmt::print("  not available: {} ({} points)\n", to_string(a.skew.status), a.skew.num_points());
  }

  if (!a.ok()) {
    fmt::print("\nNo trade: analysis status {}: {}\n", to_string(a.status), a.message);
    return 0;
  }

  fmt::print("\nStrategies: the top {} of {} candidates by the {} policy\n", a.ranking.top.size(),
             a.ranking.scored, policy.name());
  fmt::print(
      "  size: EV-scaled quarter Kelly on the model POP, max loss within the {} risk budget\n",
      Money::dollars(args.account));
  fmt::print("  per unit = one contract per leg (100 shares each); no fees\n");
  if (modeled) {
    fmt::print(
        "  on a modeled chain the model POP and E[P/L] restate the model's own prices; the\n"
        "  empirical ones test the trade against {}'s real reactions\n",
        symbol);
  }
  if (a.post_event_diffusion) {
    fmt::print(
        "  empirical: each past reaction, then {:.2f} days to expiry at the ex-event vol {:.1f}%\n",
        a.post_event_diffusion->time.years() * 365.0, a.post_event_diffusion->volatility.points());
  }
  for (std::size_t i = 0; i < a.ranking.top.size(); ++i) {
    fmt::print("\n");
    print_candidate(i + 1, a, a.ranking.top[i], args, symbol);
  }
  fmt::print("\nRecommendation: {}\n", a.ranking.recommendation);
  if (!a.ranking.verdict.is_trade()) {  // the candidates above stay shown: no trade is an answer
    fmt::print("  verdict: no trade ({})\n", to_string(a.ranking.verdict.reason));
  }

  if (!args.no_svg) {
    const Candidate& best = *a.best();
    const std::string path =
        args.svg_file.empty() ? fmt::format("analyze_{}.svg", symbol) : args.svg_file;
    const std::vector<PricePnl> today = today_curve(best, a.greeks, options.market);
    const PayoffChart chart{.title = fmt::format("{} {} {}, {}{}", symbol, display_name(best.kind),
                                                 detail::iso_date(a.expiration->date()), "per unit",
                                                 modeled ? " (modeled chain)" : ""),
                            .spot = chain.spot(),
                            .implied_move = a.implied_move.move,
                            .historical_moves = a.signed_moves,
                            .today_curve = today,
                            .today_label = "P/L today (model)"};
    examples::write_text_file(path, render_payoff_svg(best.payoff, chart));
    fmt::print("Payoff chart of #1: {}\n", path);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{
      "Analyze one ticker before its next earnings: implied move, VRP, consistency, "
      "skew and ranked, sized trades (see docs/analyze.md)",
      "analyze"};
  app.failure_message(CLI::FailureMessage::help);
  app.add_option("ticker", args.ticker, "ticker with an implied-move observation in DIR")
      ->capture_default_str();
  examples::add_data_option(app, args.data_dir);
  app.add_option("--policy", args.policy,
                 "scoring policy: iv_crush_default, iv_crush_model, "
                 "iv_crush_empirical, expected_value, conservative, "
                 "aggressive")
      ->capture_default_str();
  app.add_option("--top", args.top, "strategies to show")
      ->check(CLI::Range(std::size_t{1}, std::size_t{20}))
      ->capture_default_str();
  app.add_option("--account", args.account,
                 "risk budget in dollars: the position's max loss never exceeds it")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--base-vol", args.base_vol_pct,
                 "modeled chain: ex-event annual volatility in percent")
      ->check(CLI::Range(1.0, 300.0))
      ->capture_default_str();
  app.add_option("--chain", args.chain_file,
                 "a real option chain CSV (docs/chain-io.md) instead "
                 "of the modeled chain");
  app.add_option("--earnings", args.earnings_date,
                 "with --chain: the announcement date (YYYY-MM-DD) to analyse instead of the "
                 "ticker's implied-move observation");
  app.add_option("--timing", args.timing,
                 "with --earnings: BMO, AMC, DMH or UNKNOWN (default: the calendar's, else "
                 "UNKNOWN)");
  app.add_option("--unknown-oi", args.unknown_oi,
                 "what an open interest missing from a --chain file means: acceptable (liquidity "
                 "unknown, judged on spreads and bids) or zero (illiquid); a modeled chain's is "
                 "always unknown")
      ->capture_default_str();
  app.add_option("--svg", args.svg_file, "payoff chart file (default analyze_<TICKER>.svg)");
  app.add_flag("--no-svg", args.no_svg, "do not write the payoff chart");
  examples::add_history_option(app, args.history);
  if (const auto rc = examples::parse_command_line(app, argc, argv)) return *rc;
  return examples::run_with_exit_codes("analyze", [&] {
    try {
      (void)make_scoring_policy(args.policy);  // an unknown name is a usage error
    } catch (const InvalidInput& e) {
      throw UsageError{fmt::format("--policy: {}", e.what())};
    }
    try {
      (void)parse_liquidity_policy(args.unknown_oi, "--unknown-oi");
    } catch (const InvalidInput& e) {
      throw UsageError{e.what()};
    }
    return run(args);
  });
}
