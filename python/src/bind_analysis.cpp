// python/src/bind_analysis.cpp: the per-ticker pipeline and the data it runs on:
// io::EarningsDataset (load_earnings_dataset, history_before, latest_observation, ...), the
// chain CSV reader (io::read_option_chains with its rejects), the modeled event chain
// (model_event_chain / EventChainSetup), analyze_ticker (TickerAnalysisOptions, TickerAnalysis)
// and scan_chains, the analysis of every chain of a file as examples/scan's --chains mode does it.
//
// Python view (docs/python.md, docs/dask.md):
//   d = ivcrush.load_earnings_dataset("data")            # GIL released while reading
//   d.history_frame("CIEN", datetime.date(2025, 12, 11), 12)
//   s = ivcrush.model_event_chain("CIEN", "2025-12-11", "AMC", as_of=datetime.date(2025, 12, 5),
//                                 spot=201.71, implied_move_pct=14.178772)
//   a = ivcrush.analyze_ticker(s.chain, ("2025-12-11", "AMC"), d, policy="iv_crush_model")
//   a.status, a.implied_move_pct, a.vrp_ratio, a.vrp (VrpAnalysis), a.ranking_frame()
// OptionChain, Candidate(List), ImpliedMove, VrpAnalysis, ConsistencyAnalysis, SkewAnalysis,
// GenerationResult, Ranking and ScoringContext are the other areas' classes (bind_chain.cpp,
// bind_earnings.cpp, bind_strategy.cpp, bind_scoring.cpp); this file only returns them.
// Lifetime: a TickerAnalysis refers to its chain (its greeks do); analyze_ticker keeps the chain
// object alive as long as the result (keep_alive). An EarningsDataset is immutable and held by
// shared_ptr, so the backtest bindings can share it.
// GIL: released while files are read, chains are modeled and analyses run; every Python object
// (the tables, the returned chains) is made after, with the GIL held.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "columns.hpp"
#include "ivcrush/analysis/event_chain_model.hpp"
#include "ivcrush/analysis/ticker_analysis.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/chain_csv.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "policy_arg.hpp"
#include "value_fields.hpp"

namespace ivcrush::python {

namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;
using std::chrono::year_month_day;
using Dataset = io::EarningsDataset;
using DatasetPtr = std::shared_ptr<Dataset>;

// ---------------------------------------------------------------------------------------------
// Arguments

[[nodiscard]] Symbol symbol_arg(const std::string& ticker) { return Symbol::parse(ticker); }

// BMO / AMC / DMH / UNKNOWN (any case), or before_open / after_close / during_market / unknown.
[[nodiscard]] EarningsTiming timing_arg(const std::string& text) {
  std::string key;
  for (const char c : text) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key == "before_open") return EarningsTiming::before_open;
  if (key == "after_close") return EarningsTiming::after_close;
  if (key == "during_market") return EarningsTiming::during_market;
  if (key == "unknown") return EarningsTiming::unknown;
  std::string upper;
  for (const char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return parse_earnings_timing(upper);
}

[[nodiscard]] std::string_view to_string(ImpliedMoveSource s) noexcept {
  return s == ImpliedMoveSource::atm_straddle ? "atm_straddle" : "interpolated_straddle";
}

[[nodiscard]] ImpliedMoveSource implied_move_source_arg(const std::string& text) {
  if (text == "atm_straddle") return ImpliedMoveSource::atm_straddle;
  if (text == "interpolated_straddle") return ImpliedMoveSource::interpolated_straddle;
  detail::throw_invalid(ErrorCode::malformed, "implied_move_source", fmt::format("'{}'", text),
                        "must be atm_straddle or interpolated_straddle");
}

// An instant: a timezone-aware datetime, Unix seconds, or a date meaning its 16:00 New York
// close (the instant end-of-day quotes are taken at).
[[nodiscard]] sys_seconds instant_arg(py::handle value) {
  const auto datetime = datetime_module();
  if (py::isinstance(value, datetime.attr("datetime")) || py::isinstance<py::int_>(value)) {
    return value.cast<sys_seconds>();
  }
  return new_york_market_close(value.cast<year_month_day>());
}

// An announcement: a (date, timing) or (ticker, date, timing) tuple, a date (timing from the
// calendar of `calendar` when given, else UNKNOWN), or the earnings bindings' EarningsEvent.
[[nodiscard]] EarningsEvent event_arg(py::handle value, Symbol symbol, const Dataset* calendar) {
  if (py::isinstance<py::tuple>(value) || py::isinstance<py::list>(value)) {
    const py::sequence s = py::reinterpret_borrow<py::sequence>(value);
    if (s.size() == 2) {
      return {symbol, s[0].cast<year_month_day>(), timing_arg(s[1].cast<std::string>())};
    }
    if (s.size() == 3) {
      return {symbol_arg(s[0].cast<std::string>()), s[1].cast<year_month_day>(),
              timing_arg(s[2].cast<std::string>())};
    }
    throw py::type_error("event: a (date, timing) or (ticker, date, timing) sequence");
  }
  // False (not an error) while the earnings bindings register no EarningsEvent.
  if (py::isinstance<EarningsEvent>(value)) return value.cast<EarningsEvent>();
  const year_month_day date = value.cast<year_month_day>();
  EarningsTiming timing = EarningsTiming::unknown;
  if (calendar != nullptr)
    timing = calendar->timing(symbol, date).value_or(EarningsTiming::unknown);
  return {symbol, date, timing};
}

// ---------------------------------------------------------------------------------------------
// Tables of the dataset

// The newest N reactions an analysis reads: at least 1 (as the programs' --history and
// BacktestConfig::history_window).
void require_history_window(std::size_t window) {
  if (window == 0) {
    detail::throw_invalid(ErrorCode::out_of_range, "history_window", window, "must be at least 1");
  }
}

[[nodiscard]] py::object reactions_frame(std::span<const HistoricalMove> moves) {  // in order
  std::vector<std::string> ticker, timing, reaction_timing;
  std::vector<year_month_day> date, reaction_date;
  std::vector<bool> inferred;
  std::vector<double> reference, open, high, low, close, gap, close_move, range;
  for (const HistoricalMove& m : moves) {
    ticker.emplace_back(m.event.symbol.view());
    date.push_back(m.event.date);
    timing.emplace_back(to_string(m.event.timing));
    reaction_timing.emplace_back(to_string(m.reaction_timing));
    inferred.push_back(m.timing_inferred);
    reference.push_back(m.reference_close.dollars());
    reaction_date.push_back(m.reaction_date());
    open.push_back(m.reaction.open().dollars());
    high.push_back(m.reaction.high().dollars());
    low.push_back(m.reaction.low().dollars());
    close.push_back(m.reaction.close().dollars());
    gap.push_back(m.gap_move.pct());
    close_move.push_back(m.close_move.pct());
    range.push_back(m.intraday_range.pct());
  }
  Columns c;
  c.add("ticker", ticker);
  c.add_dates("earnings_date", date);
  c.add("timing", timing);
  c.add("reaction_timing", reaction_timing);
  c.add("timing_inferred", inferred);
  c.add("reference_close", reference);
  c.add_dates("reaction_date", reaction_date);
  c.add("reaction_open", open);
  c.add("reaction_high", high);
  c.add("reaction_low", low);
  c.add("reaction_close", close);
  c.add("gap_move_pct", gap);
  c.add("close_move_pct", close_move);
  c.add("intraday_range_pct", range);
  return c.frame();
}

[[nodiscard]] py::object observations_frame(std::span<const ImpliedMoveObservation> rows) {
  std::vector<std::string> ticker, source;
  std::vector<year_month_day> date;
  std::vector<std::optional<year_month_day>> expiration, scan;
  std::vector<std::optional<double>> spot, atm, call, put, straddle, move;
  for (const ImpliedMoveObservation& o : rows) {
    ticker.emplace_back(o.symbol.view());
    date.push_back(o.earnings_date);
    expiration.push_back(o.expiration);
    scan.push_back(o.scan_date);
    spot.push_back(o.stock_price ? std::optional(o.stock_price->dollars()) : std::nullopt);
    atm.push_back(o.atm_strike ? std::optional(o.atm_strike->dollars()) : std::nullopt);
    call.push_back(o.call_mid ? std::optional(o.call_mid->dollars()) : std::nullopt);
    put.push_back(o.put_mid ? std::optional(o.put_mid->dollars()) : std::nullopt);
    straddle.push_back(o.straddle_cost ? std::optional(o.straddle_cost->dollars()) : std::nullopt);
    move.push_back(o.implied_move ? std::optional(o.implied_move->pct()) : std::nullopt);
    source.push_back(o.source);
  }
  Columns c;
  c.add("ticker", ticker);
  c.add_dates("earnings_date", date);
  c.add_dates("expiration", expiration);
  c.add_dates("scan_date", scan);
  c.add("stock_price", spot);
  c.add("atm_strike", atm);
  c.add("call_mid", call);
  c.add("put_mid", put);
  c.add("straddle_cost", straddle);
  c.add("implied_move_pct", move);
  c.add("source", source);
  return c.frame();
}

[[nodiscard]] py::object rejects_frame(std::span<const io::Reject> rejects) {
  std::vector<std::string> file, column, reason, code;
  std::vector<std::int64_t> line;
  for (const io::Reject& r : rejects) {
    file.push_back(r.file);
    line.push_back(static_cast<std::int64_t>(r.line));
    column.push_back(r.column);
    reason.push_back(r.reason);
    code.emplace_back(to_string(r.code));
  }
  Columns c;
  c.add("file", file);
  c.add("line", line);
  c.add("column", column);
  c.add("reason", reason);
  c.add("code", code);
  return c.frame();
}

[[nodiscard]] py::object observation_dict(const ImpliedMoveObservation& o) {
  py::dict d;
  d["ticker"] = std::string(o.symbol.view());
  d["earnings_date"] = py::cast(o.earnings_date);
  d["expiration"] = optional_value(o.expiration);
  d["scan_date"] = optional_value(o.scan_date);
  d["stock_price"] = o.stock_price ? py::cast(o.stock_price->dollars()) : py::none();
  d["atm_strike"] = o.atm_strike ? py::cast(o.atm_strike->dollars()) : py::none();
  d["call_mid"] = o.call_mid ? py::cast(o.call_mid->dollars()) : py::none();
  d["put_mid"] = o.put_mid ? py::cast(o.put_mid->dollars()) : py::none();
  d["straddle_cost"] = o.straddle_cost ? py::cast(o.straddle_cost->dollars()) : py::none();
  d["implied_move_pct"] = o.implied_move ? py::cast(o.implied_move->pct()) : py::none();
  d["source"] = o.source;
  return d;
}

// The calendar's first announcement of `symbol` after `as_of` (examples/scan's rule for a
// market chain: an after-close announcement on the quote date counts, a before-open one is
// past by the close).
[[nodiscard]] std::optional<EarningsEvent> next_event(const Dataset& d, Symbol symbol,
                                                      sys_seconds as_of) {
  auto it =
      std::lower_bound(d.calendar.begin(), d.calendar.end(), symbol,
                       [](const io::CalendarEntry& c, Symbol s) { return c.event.symbol < s; });
  for (; it != d.calendar.end() && it->event.symbol == symbol; ++it) {
    if (detail::event_instant(it->event) > as_of) return it->event;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Options

[[nodiscard]] py::tuple thresholds_tuple(const VrpThresholds& t) {
  return py::make_tuple(t.excellent_ratio(), t.good_ratio(), t.marginal_ratio());
}

[[nodiscard]] VrpThresholds thresholds_arg(py::handle v) {
  if (py::isinstance<py::str>(v)) {
    return VrpThresholds::of(parse_threshold_profile(v.cast<std::string>()));
  }
  const auto r = v.cast<std::vector<double>>();
  if (r.size() != 3) {
    throw py::type_error("vrp_thresholds: a profile name or (excellent, good, marginal) ratios");
  }
  return VrpThresholds::make({.excellent_ratio = r[0], .good_ratio = r[1], .marginal_ratio = r[2]});
}

[[nodiscard]] std::vector<std::string> kinds_list(const StrategyKindSet& k) {
  std::vector<std::string> out;
  if (k.bull_put_spread) out.emplace_back("bull_put_spread");
  if (k.bear_call_spread) out.emplace_back("bear_call_spread");
  if (k.iron_condor) out.emplace_back("iron_condor");
  if (k.iron_butterfly) out.emplace_back("iron_butterfly");
  return out;
}

[[nodiscard]] StrategyKindSet kinds_arg(py::handle v) {
  StrategyKindSet k{.bull_put_spread = false,
                    .bear_call_spread = false,
                    .iron_condor = false,
                    .iron_butterfly = false};
  for (const std::string& name : v.cast<std::vector<std::string>>()) {
    if (name == "bull_put_spread") {
      k.bull_put_spread = true;
    } else if (name == "bear_call_spread") {
      k.bear_call_spread = true;
    } else if (name == "iron_condor") {
      k.iron_condor = true;
    } else if (name == "iron_butterfly") {
      k.iron_butterfly = true;
    } else {
      detail::throw_invalid(ErrorCode::malformed, "kinds", fmt::format("'{}'", name),
                            "must be bull_put_spread, bear_call_spread, iron_condor or "
                            "iron_butterfly");
    }
  }
  return k;
}

[[nodiscard]] std::vector<Field<TickerAnalysisOptions>> analysis_option_fields() {
  using O = TickerAnalysisOptions;
  return {
      {"rate", "continuously compounded annual rate of the IVs and greeks",
       [](const O& o) { return py::cast(o.market.rate); },
       [](O& o, py::handle v) { o.market.rate = v.cast<double>(); }},
      {"dividend_yield", "continuously compounded annual dividend yield",
       [](const O& o) { return py::cast(o.market.dividend_yield); },
       [](O& o, py::handle v) { o.market.dividend_yield = v.cast<double>(); }},
      {"implied_move_source", "'atm_straddle' or 'interpolated_straddle'",
       [](const O& o) { return py::cast(std::string(to_string(o.implied_move_source))); },
       [](O& o, py::handle v) { o.implied_move_source = implied_move_source_arg(py::str(v)); }},
      {"metric", "the reaction the history measures: 'close', 'gap' or 'intraday'",
       [](const O& o) { return py::cast(std::string(to_string(o.metric))); },
       [](O& o, py::handle v) { o.metric = parse_move_metric(v.cast<std::string>()); }},
      {"vrp_min_history", "reactions the VRP needs (default 4)",
       [](const O& o) { return py::cast(o.vrp.min_history); },
       [](O& o, py::handle v) { o.vrp.min_history = v.cast<std::size_t>(); }},
      {"vrp_thresholds",
       "(excellent, good, marginal) ratios; set from a profile name ('balanced', "
       "'conservative', 'aggressive', 'legacy') or three ratios",
       [](const O& o) { return py::object(thresholds_tuple(o.vrp.thresholds)); },
       [](O& o, py::handle v) { o.vrp.thresholds = thresholds_arg(v); }},
      {"consistency_min_history", "reactions the consistency analysis needs (default 4)",
       [](const O& o) { return py::cast(o.consistency.min_history); },
       [](O& o, py::handle v) { o.consistency.min_history = v.cast<std::size_t>(); }},
      member("use_skew_bias", "feed the skew's directional bias to the generator and scorer",
             &O::use_skew_bias),
      {"unknown_oi",
       "what an open interest missing from the data means: 'zero' (the library's default: "
       "illiquid) or 'acceptable' (liquidity unknown, judged on spreads and bids; modeled "
       "chains), or a LiquidityPolicy",
       [](const O& o) {
         return py::cast(std::string(to_string(o.generator.analysis.liquidity_policy)));
       },
       [](O& o, py::handle v) { o.generator.analysis.liquidity_policy = unknown_oi_arg(v); }},
      member("modeled_chain",
             "the chain is modeled: an unknown liquidity reads 'unknown (modeled)'",
             &O::modeled_chain),
      {"kinds", "the strategy kinds generated (a list of names)",
       [](const O& o) { return py::cast(kinds_list(o.generator.kinds)); },
       [](O& o, py::handle v) { o.generator.kinds = kinds_arg(v); }},
      {"min_short_delta", "|delta| range of the short legs: lower end",
       [](const O& o) { return py::cast(o.generator.min_short_delta); },
       [](O& o, py::handle v) { o.generator.min_short_delta = v.cast<double>(); }},
      {"max_short_delta", "|delta| range of the short legs: upper end",
       [](const O& o) { return py::cast(o.generator.max_short_delta); },
       [](O& o, py::handle v) { o.generator.max_short_delta = v.cast<double>(); }},
      {"min_credit", "$ per share: each vertical, each condor side, a butterfly",
       [](const O& o) { return py::cast(o.generator.min_credit.dollars()); },
       [](O& o, py::handle v) { o.generator.min_credit = Money::dollars(v.cast<double>()); }},
      {"max_candidates", "cap on the candidates generated",
       [](const O& o) { return py::cast(o.generator.max_candidates); },
       [](O& o, py::handle v) { o.generator.max_candidates = v.cast<std::size_t>(); }},
      {"commission", "$ per contract per leg the candidates are analysed net of",
       [](const O& o) { return py::cast(o.generator.analysis.fees.per_contract.dollars()); },
       [](O& o, py::handle v) {
         o.generator.analysis.fees.per_contract = Money::dollars(v.cast<double>());
       }},
      {"risk_budget", "$: the EV-Kelly sizing keeps the position's max loss within it",
       [](const O& o) {
         return py::cast(o.generator.analysis.ev_kelly.limits.risk_budget.dollars());
       },
       [](O& o, py::handle v) {
         o.generator.analysis.ev_kelly.limits.risk_budget = Money::dollars(v.cast<double>());
       }},
  };
}

// ---------------------------------------------------------------------------------------------
// Results

// Legs by strike (puts before calls at one strike), "+" bought, "-" sold: "+11P -14P -14C +17C"
// (the layout of examples/scan's legs column).
[[nodiscard]] std::string legs_text(const Strategy& s) {
  std::vector<Leg> legs(s.legs().begin(), s.legs().end());
  std::stable_sort(legs.begin(), legs.end(), [](const Leg& a, const Leg& b) {
    if (a.strike() != b.strike()) return a.strike() < b.strike();
    return a.instrument() == Instrument::put && b.instrument() != Instrument::put;
  });
  std::string out;
  for (const Leg& leg : legs) {
    if (!out.empty()) out += ' ';
    out += leg.side() == Side::buy ? '+' : '-';
    if (leg.quantity() != 1) out += fmt::format("{}x", leg.quantity());
    if (!leg.is_option()) {
      out += "shares";
      continue;
    }
    out += fmt::format("{}{}", leg.strike(), leg.instrument() == Instrument::call ? 'C' : 'P');
  }
  return out;
}

[[nodiscard]] py::dict analysis_dict(const TickerAnalysis& a) {
  const auto opt = [](bool ok, double v) { return ok ? py::cast(v) : py::none(); };
  py::dict d;
  d["ticker"] = std::string(a.event.symbol.view());
  d["earnings_date"] = py::cast(a.event.date);
  d["timing"] = std::string(to_string(a.event.timing));
  d["status"] = std::string(to_string(a.status));
  d["message"] = a.message;
  d["expiration"] = a.expiration ? py::cast(a.expiration->date()) : py::none();
  d["implied_move_status"] = std::string(to_string(a.implied_move.status));
  d["implied_move_pct"] = opt(a.implied_move.ok(), a.implied_move.move.pct());
  d["sessions_before_news"] = a.event_expiration.sessions_before_news;
  d["sessions_after_reaction"] = a.event_expiration.sessions_after_reaction;
  const auto& diffusion = a.post_event_diffusion;
  d["post_event_diffusion_days"] =
      diffusion ? py::cast(diffusion->time.years() * 365.0) : py::none();
  d["post_event_diffusion_vol_pct"] =
      diffusion ? py::cast(diffusion->volatility.points()) : py::none();
  d["term_event_move_status"] = std::string(to_string(a.term_event_move.status));
  d["term_event_move_pct"] = a.term_event_move.expected_absolute_move
                                 ? py::cast(a.term_event_move.expected_absolute_move->pct())
                                 : py::none();
  d["move_basis"] = std::string(to_string(a.move_basis));
  d["event_move_pct"] = a.event_move() ? py::cast(a.event_move()->pct()) : py::none();
  d["straddle"] = opt(a.implied_move.ok(), a.implied_move.straddle.dollars());
  d["vrp_status"] = std::string(to_string(a.vrp.status));
  d["vrp_ratio"] = opt(a.vrp.ok(), a.vrp.vrp_ratio);
  d["recommendation"] =
      a.vrp.ok() ? py::cast(std::string(to_string(a.vrp.recommendation))) : py::none();
  d["history"] = a.signed_moves.size();
  d["mean_move_pct"] = a.vrp.statistics ? py::cast(a.vrp.statistics->mean.pct()) : py::none();
  d["consistency_score"] = opt(a.consistency.ok(), a.consistency.consistency_score);
  d["trend"] =
      a.consistency.ok() ? py::cast(std::string(to_string(a.consistency.trend))) : py::none();
  d["skew_status"] = std::string(to_string(a.skew.status));
  d["bias"] = std::string(to_string(a.bias));
  d["generation_status"] = std::string(to_string(a.generation.status));
  d["candidates"] = a.generation.candidates.size();
  const RankedCandidate* best = a.ranking.best();
  const Candidate* c = a.best();
  d["strategy"] = c ? py::cast(std::string(to_string(c->kind))) : py::none();
  d["legs"] = c ? py::cast(legs_text(c->strategy)) : py::none();
  d["credit"] = c ? py::cast(c->strategy.net_entry_cash().dollars()) : py::none();
  d["max_loss"] = c ? py::cast(c->max_loss.dollars()) : py::none();
  d["pop_model_pct"] = c ? py::cast(c->pop.model * 100.0) : py::none();
  d["score"] = best ? py::cast(best->breakdown.total()) : py::none();
  d["contracts"] = c ? py::cast(c->contracts) : py::none();
  return d;
}

// The ranked candidates, best first, one row each.
[[nodiscard]] py::object ranking_frame(const TickerAnalysis& a) {
  std::vector<std::int64_t> rank, index, contracts, sample;
  std::vector<std::string> kind, legs, rationale;
  std::vector<double> score, credit, net_credit, max_profit, max_loss, rr, pop_model, pop_legacy,
      epnl_model;
  std::vector<std::optional<double>> pop_empirical, epnl_empirical;
  for (std::size_t i = 0; i < a.ranking.top.size(); ++i) {
    const RankedCandidate& r = a.ranking.top[i];
    const Candidate& c = a.candidate(r);
    rank.push_back(static_cast<std::int64_t>(i + 1));
    index.push_back(static_cast<std::int64_t>(r.index));
    kind.emplace_back(to_string(c.kind));
    legs.push_back(legs_text(c.strategy));
    score.push_back(r.breakdown.total());
    credit.push_back(c.strategy.net_entry_cash().dollars());
    net_credit.push_back(c.net_credit_per_share.dollars());
    max_profit.push_back(c.max_profit.dollars());
    max_loss.push_back(c.max_loss.dollars());
    rr.push_back(c.reward_risk_ratio);
    pop_model.push_back(c.pop.model * 100.0);
    pop_empirical.push_back(c.pop.empirical ? std::optional(*c.pop.empirical * 100.0)
                                            : std::nullopt);
    pop_legacy.push_back(c.pop.legacy * 100.0);
    epnl_model.push_back(c.expected_pnl_model.dollars());
    epnl_empirical.push_back(c.expected_pnl_empirical
                                 ? std::optional(c.expected_pnl_empirical->dollars())
                                 : std::nullopt);
    sample.push_back(static_cast<std::int64_t>(c.empirical_sample_size));
    contracts.push_back(c.contracts);
    rationale.push_back(r.rationale);
  }
  Columns c;
  c.add("rank", rank);
  c.add("index", index);
  c.add("strategy", kind);
  c.add("legs", legs);
  c.add("score", score);
  c.add("credit", credit);
  c.add("net_credit_per_share", net_credit);
  c.add("max_profit", max_profit);
  c.add("max_loss", max_loss);
  c.add("reward_risk", rr);
  c.add("pop_model_pct", pop_model);
  c.add("pop_empirical_pct", pop_empirical);
  c.add("pop_legacy_pct", pop_legacy);
  c.add("expected_pnl_model", epnl_model);
  c.add("expected_pnl_empirical", epnl_empirical);
  c.add("empirical_sample_size", sample);
  c.add("contracts", contracts);
  c.add("rationale", rationale);
  return c.frame();
}

[[nodiscard]] py::object breakdown_frame(const TickerAnalysis& a) {
  std::vector<std::int64_t> rank;
  std::vector<std::string> name, reason;
  std::vector<double> points, weight;
  for (std::size_t i = 0; i < a.ranking.top.size(); ++i) {
    for (const ScoreComponent& comp : a.ranking.top[i].breakdown.components()) {
      rank.push_back(static_cast<std::int64_t>(i + 1));
      name.emplace_back(comp.name);
      points.push_back(comp.points);
      weight.push_back(comp.weight);
      reason.push_back(comp.reason());
    }
  }
  Columns c;
  c.add("rank", rank);
  c.add("component", name);
  c.add("points", points);
  c.add("weight", weight);
  c.add("reason", reason);
  return c.frame();
}

// ---------------------------------------------------------------------------------------------
// scan_chains: examples/scan's --chains rows.

struct ScanRow {
  Symbol symbol;
  std::optional<EarningsEvent> event;
  std::string chain;
  std::optional<double> spot, implied_move_pct, vrp_ratio, credit, max_loss, pop_model_pct, score,
      contracts;
  std::string move_basis, recommendation, strategy, legs, status, reason;
};

void fill_row(ScanRow& row, const TickerAnalysis& a, std::size_t history_size) {
  row.status = std::string(to_string(a.status));
  row.reason = a.message;
  if (const auto m = a.event_move()) {  // the event's move the VRP read (examples/scan.cpp)
    row.implied_move_pct = m->pct();
    row.move_basis = std::string(to_string(a.move_basis));
  }
  if (a.vrp.ok()) {
    row.vrp_ratio = a.vrp.vrp_ratio;
    row.recommendation = std::string(to_string(a.vrp.recommendation));
  }
  if (a.status == AnalysisStatus::vrp_not_available && history_size == 0 &&
      row.event->timing != EarningsTiming::before_open) {
    row.reason += "; the bundled reactions are before-open reports only and this announcement is " +
                  std::string(to_string(row.event->timing));
  }
  if (const RankedCandidate* best = a.ranking.best()) {
    const Candidate& c = a.candidate(*best);
    row.strategy = std::string(to_string(c.kind));
    row.legs = legs_text(c.strategy);
    row.credit = c.strategy.net_entry_cash().dollars();
    row.max_loss = c.max_loss.dollars();
    row.pop_model_pct = c.pop.model * 100.0;
    row.score = best->breakdown.total();
    row.contracts = static_cast<double>(c.contracts);
  }
}

[[nodiscard]] ScanRow scan_one(const OptionChain& chain, const std::string& label,
                               const Dataset& data, const StrategyScorer<AnyScoringPolicy>& scorer,
                               const TickerAnalysisOptions& options, std::size_t history_window) {
  ScanRow row{
      .symbol = chain.underlying(),
      .event = next_event(data, chain.underlying(), chain.as_of()),
      .chain = fmt::format("market:{}@{}", label, detail::iso_date(new_york_date(chain.as_of())))};
  row.spot = chain.spot().dollars();
  if (!row.event) {
    row.status = "no_event";
    row.reason = fmt::format("the calendar lists no {} announcement after the chain's quote date",
                             row.symbol);
    return row;
  }
  const ReactionHistory history = data.history_before(row.symbol, row.event->date, history_window);
  try {
    const TickerAnalysis a =
        analyze_ticker({.chain = chain, .event = *row.event, .history = history}, scorer, options);
    fill_row(row, a, history.size());
    if (a.status == AnalysisStatus::no_expiration_after_event) {
      row.reason += fmt::format(" (the calendar's first {} announcement after the {} quotes)",
                                row.symbol, detail::iso_date(new_york_date(chain.as_of())));
    }
  } catch (const std::exception& e) {  // one chain's failure must not end the scan
    row.status = "error";
    row.reason = e.what();
  }
  return row;
}

[[nodiscard]] py::object scan_frame(const std::vector<ScanRow>& rows) {
  std::vector<std::string> ticker, timing, chain, basis, recommendation, strategy, legs, status,
      reason;
  std::vector<std::optional<year_month_day>> date;
  std::vector<std::optional<double>> spot, implied, vrp, credit, max_loss, pop, score, contracts;
  for (const ScanRow& r : rows) {
    ticker.emplace_back(r.symbol.view());
    date.push_back(r.event ? std::optional(r.event->date) : std::nullopt);
    timing.emplace_back(r.event ? to_string(r.event->timing) : "");
    chain.push_back(r.chain);
    spot.push_back(r.spot);
    implied.push_back(r.implied_move_pct);
    basis.push_back(r.move_basis);
    vrp.push_back(r.vrp_ratio);
    recommendation.push_back(r.recommendation);
    strategy.push_back(r.strategy);
    legs.push_back(r.legs);
    credit.push_back(r.credit);
    max_loss.push_back(r.max_loss);
    pop.push_back(r.pop_model_pct);
    score.push_back(r.score);
    contracts.push_back(r.contracts);
    status.push_back(r.status);
    reason.push_back(r.reason);
  }
  Columns c;
  c.add("ticker", ticker);
  c.add_dates("event_date", date);
  c.add("timing", timing);
  c.add("chain", chain);
  c.add("spot", spot);
  c.add("implied_move_pct", implied);
  c.add("move_basis", basis);
  c.add("vrp_ratio", vrp);
  c.add("recommendation", recommendation);
  c.add("strategy", strategy);
  c.add("legs", legs);
  c.add("credit", credit);
  c.add("max_loss", max_loss);
  c.add("pop_model_pct", pop);
  c.add("score", score);
  c.add("contracts", contracts);
  c.add("status", status);
  c.add("reason", reason);
  return c.frame();
}

// The chains read from one file and its rejects.
struct ChainFile {
  py::list chains;
  py::object rejects;
};

[[nodiscard]] ChainBuildOptions build_options(const std::string& one_sided,
                                              const std::string& duplicates) {
  ChainBuildOptions o;
  if (one_sided == "reject") {
    o.one_sided = OneSidedQuotes::reject;
  } else if (one_sided != "keep_with_zero_bid") {
    detail::throw_invalid(ErrorCode::malformed, "one_sided", fmt::format("'{}'", one_sided),
                          "must be keep_with_zero_bid or reject");
  }
  if (duplicates == "keep_first") {
    o.duplicates = DuplicateQuotes::keep_first;
  } else if (duplicates != "reject_all") {
    detail::throw_invalid(ErrorCode::malformed, "duplicates", fmt::format("'{}'", duplicates),
                          "must be reject_all or keep_first");
  }
  return o;
}

}  // namespace

void bind_analysis(py::module_& m) {
  // ---- EarningsDataset
  py::class_<Dataset, DatasetPtr> dataset_class(
      m, "EarningsDataset",
      "The earnings files of a data directory (earnings_calendar.csv, earnings_reactions.csv, "
      "implied_moves.csv), indexed by ticker. Immutable; load with load_earnings_dataset(dir). "
      "Not picklable: ship the directory path and load it where it is used (docs/dask.md).");
  dataset_class
      .def_property_readonly(
          "calendar_size", [](const Dataset& d) { return d.calendar.size(); },
          "rows of the calendar")
      .def_property_readonly(
          "reaction_count", [](const Dataset& d) { return d.reactions.size(); }, "real reactions")
      .def_property_readonly(
          "observation_count", [](const Dataset& d) { return d.observations.size(); },
          "implied-move observations")
      .def_property_readonly(
          "rejects", [](const Dataset& d) { return rejects_frame(d.rejects); },
          "malformed rows of every file (file, line, column, reason, code); empty when clean")
      .def(
          "calendar_frame",
          [](const Dataset& d) {
            std::vector<std::string> ticker, timing;
            std::vector<year_month_day> date;
            std::vector<bool> confirmed;
            for (const io::CalendarEntry& c : d.calendar) {
              ticker.emplace_back(c.event.symbol.view());
              date.push_back(c.event.date);
              timing.emplace_back(to_string(c.event.timing));
              confirmed.push_back(c.confirmed);
            }
            Columns c;
            c.add("ticker", ticker);
            c.add_dates("earnings_date", date);
            c.add("timing", timing);
            c.add("confirmed", confirmed);
            return c.frame();
          },
          "The calendar, sorted by (ticker, date).")
      .def(
          "reactions_frame",
          [](const Dataset& d, const std::optional<std::string>& ticker) {
            return ticker ? reactions_frame(d.reactions_of(symbol_arg(*ticker)))
                          : reactions_frame(d.reactions);
          },
          py::arg("ticker") = py::none(),
          "Every real reaction (of one ticker when given), by ticker, each ticker's newest first. "
          "Moves in %.")
      .def(
          "observations_frame",
          [](const Dataset& d, const std::optional<std::string>& ticker) {
            if (!ticker) return observations_frame(d.observations);
            const Symbol s = symbol_arg(*ticker);
            std::vector<ImpliedMoveObservation> rows;
            for (const auto& o : d.observations) {
              if (o.symbol == s) rows.push_back(o);
            }
            return observations_frame(rows);
          },
          py::arg("ticker") = py::none(),
          "The implied-move observations, sorted by (ticker, date, scan date).")
      .def(
          "history_frame",
          [](const Dataset& d, const std::string& ticker, year_month_day date, std::size_t limit) {
            return reactions_frame(d.history_before(symbol_arg(ticker), date, limit));
          },
          py::arg("ticker"), py::arg("date"), py::arg("limit") = 0,
          "The reactions of `ticker` announced strictly before `date`, newest first; the newest "
          "`limit` of them when limit > 0 (EarningsDataset::history_before).")
      .def(
          "history_before",
          [](const Dataset& d, const std::string& ticker, year_month_day date, std::size_t limit) {
            const ReactionHistory h = d.history_before(symbol_arg(ticker), date, limit);
            return std::vector<HistoricalMove>(h.begin(), h.end());
          },
          py::arg("ticker"), py::arg("date"), py::arg("limit") = 0,
          "history_frame's reactions as HistoricalMove objects (copies), newest first.")
      .def(
          "latest_observation",
          [](const Dataset& d, const std::string& ticker) -> py::object {
            const ImpliedMoveObservation* o = d.latest_observation(symbol_arg(ticker));
            return o ? observation_dict(*o) : py::none();
          },
          py::arg("ticker"),
          "The observation with the latest announcement (then scan) date as a dict of the "
          "implied_moves.csv columns (prices in $, implied_move_pct in %), or None.")
      .def(
          "timing",
          [](const Dataset& d, const std::string& ticker, year_month_day date) -> py::object {
            const auto t = d.timing(symbol_arg(ticker), date);
            return t ? py::cast(std::string(to_string(*t))) : py::none();
          },
          py::arg("ticker"), py::arg("date"),
          "The calendar's timing ('BMO', 'AMC', 'DMH', 'UNKNOWN') of an announcement, or None.")
      .def(
          "observed_symbols",
          [](const Dataset& d) {
            std::vector<std::string> out;
            for (const Symbol s : d.observed_symbols()) out.emplace_back(s.view());
            return out;
          },
          "Tickers with at least one implied-move observation, ascending.")
      .def(
          "next_event",
          [](const Dataset& d, const std::string& ticker, py::handle as_of) -> py::object {
            const auto e = next_event(d, symbol_arg(ticker), instant_arg(as_of));
            if (!e) return py::none();
            return py::make_tuple(e->date, std::string(to_string(e->timing)));
          },
          py::arg("ticker"), py::arg("as_of"),
          "The calendar's first announcement of `ticker` after `as_of` (an aware datetime, or a "
          "date meaning its 16:00 New York close) as (date, timing), or None: the event "
          "examples/scan gives a market chain.");

  m.def(
      "load_earnings_dataset",
      [](const std::string& dir, const std::string& calendar, const std::string& reactions,
         const std::string& implied_moves) {
        io::EarningsDatasetFiles files{calendar, reactions, implied_moves};
        py::gil_scoped_release release;
        return std::make_shared<Dataset>(io::load_earnings_dataset(dir, files));
      },
      py::arg("dir"), py::arg("calendar") = "earnings_calendar.csv",
      py::arg("reactions") = "earnings_reactions.csv",
      py::arg("implied_moves") = "implied_moves.csv",
      "Loads the earnings files of a data directory (file names relative to it). A missing file "
      "raises InvalidInput naming it; malformed rows are kept in .rejects with file and line. "
      "The GIL is released while reading.");

  // ---- Chain CSV files
  py::class_<ChainFile>(m, "ChainCsvResult",
                        "What read_option_chains read: .chains (OptionChain, sorted by "
                        "(underlying, quote date)) and .rejects (a DataFrame: file, line, column, "
                        "reason, code).")
      .def_readonly("chains", &ChainFile::chains)
      .def_readonly("rejects", &ChainFile::rejects)
      .def("__repr__", [](const ChainFile& f) {
        return fmt::format("ChainCsvResult({} chains, {} rejects)", f.chains.size(),
                           py::len(f.rejects));
      });

  m.def(
      "read_option_chains",
      [](const std::string& path, const std::string& one_sided, const std::string& duplicates) {
        const ChainBuildOptions options = build_options(one_sided, duplicates);
        io::ChainCsvResult read;
        {
          py::gil_scoped_release release;
          read = io::read_option_chains(std::filesystem::path(path), options);
        }
        ChainFile out;
        for (OptionChain& c : read.chains) out.chains.append(py::cast(std::move(c)));
        out.rejects = rejects_frame(read.rejects);
        return out;
      },
      py::arg("path"), py::arg("one_sided") = "keep_with_zero_bid",
      py::arg("duplicates") = "reject_all",
      "Reads end-of-day option chains from a CSV file (docs/chain-io.md layout), one OptionChain "
      "per (underlying, quote date). Unreadable rows and rows the chain builder rejects are in "
      ".rejects with their line; only a missing file or column raises. GIL released while "
      "reading. The library has no writer: ivcrush.write_chain_csv (workflows) writes the "
      "layout back.");

  m.def(
      "read_option_chains_text",
      [](const std::string& name, const std::string& text, const std::string& one_sided,
         const std::string& duplicates) {
        const ChainBuildOptions options = build_options(one_sided, duplicates);
        io::ChainCsvResult read;
        {
          py::gil_scoped_release release;
          read = io::read_option_chains(io::CsvReader(name, text), options);
        }
        ChainFile out;
        for (OptionChain& c : read.chains) out.chains.append(py::cast(std::move(c)));
        out.rejects = rejects_frame(read.rejects);
        return out;
      },
      py::arg("name"), py::arg("text"), py::arg("one_sided") = "keep_with_zero_bid",
      py::arg("duplicates") = "reject_all",
      "read_option_chains on CSV text held in memory; `name` is the file name used in rejects.");

  // ---- The modeled event chain
  py::class_<EventChainModel> model_class(
      m, "EventChainModel",
      "Parameters of the modeled event chain (ADR 0006): Black-Scholes-Merton at a base "
      "volatility plus the event's one-session variance, a put skew and a relative spread. "
      "Picklable.");
  bind_fields(
      model_class,
      std::vector<Field<EventChainModel>>{
          {"base_volatility_pct", "ex-event annual volatility, % (default 30)",
           [](const EventChainModel& o) { return py::cast(o.base_volatility.points()); },
           [](EventChainModel& o, py::handle v) {
             o.base_volatility = Volatility::from_points(v.cast<double>());
           }},
          member("weekly_expirations", "Fridays listed after the as-of date, 1-52",
                 &EventChainModel::weekly_expirations),
          {"smile_slope_points_per_sd", "vol points per standard deviation of ln(K/F)",
           [](const EventChainModel& o) { return py::cast(o.smile.slope_points_per_sd); },
           [](EventChainModel& o, py::handle v) {
             o.smile.slope_points_per_sd = v.cast<double>();
           }},
          {"smile_curvature_points_per_sd2", "vol points per squared standard deviation",
           [](const EventChainModel& o) { return py::cast(o.smile.curvature_points_per_sd2); },
           [](EventChainModel& o, py::handle v) {
             o.smile.curvature_points_per_sd2 = v.cast<double>();
           }},
          {"relative_half_spread_pct", "half the bid/ask spread, % of the mid",
           [](const EventChainModel& o) { return py::cast(o.quotes.relative_half_spread.pct()); },
           [](EventChainModel& o, py::handle v) {
             o.quotes.relative_half_spread = Percentage::from_pct(v.cast<double>());
           }},
          {"min_half_spread", "$ per share, the smallest half spread",
           [](const EventChainModel& o) { return py::cast(o.quotes.min_half_spread.dollars()); },
           [](EventChainModel& o, py::handle v) {
             o.quotes.min_half_spread = Money::dollars(v.cast<double>());
           }},
          member("rate", "continuously compounded annual rate", &EventChainModel::rate),
          member("dividend_yield", "continuously compounded annual dividend yield",
                 &EventChainModel::dividend_yield),
      });

  py::class_<EventChainSetup>(m, "EventChainSetup",
                              "A modeled chain calibrated to an implied move (model_event_chain).")
      .def_property_readonly(
          "chain", [](const EventChainSetup& s) -> const OptionChain& { return s.chain.chain; },
          py::return_value_policy::reference_internal,
          "The OptionChain the model lists at the as-of instant (MODELED: never market data; "
          "open interest and volume are unknown).")
      .def_property_readonly(
          "quotes", [](const EventChainSetup& s) { return s.chain.quotes; }, "quotes listed")
      .def_property_readonly(
          "event_move_pct",
          [](const EventChainSetup& s) -> py::object {
            return s.calibration.event_move ? py::cast(*s.calibration.event_move * 100.0)
                                            : py::none();
          },
          "the fitted one-session standard deviation of the reaction, %")
      .def_property_readonly(
          "expiration",
          [](const EventChainSetup& s) { return optional_value(s.calibration.expiration); },
          "the expiration calibrated to (the first after the announcement)")
      .def_property_readonly(
          "atm_strike",
          [](const EventChainSetup& s) { return optional_value(s.calibration.atm_strike); },
          "the ATM strike of that expiration")
      .def(
          "crushed_chain",
          [](const EventChainSetup& s, py::handle as_of, double spot) -> py::object {
            const sys_seconds t = instant_arg(as_of);
            const Price p = Price::dollars(spot);
            std::optional<ModeledChain> after;
            {
              py::gil_scoped_release release;
              after = crushed_event_chain(s, t, p);
            }
            if (!after) return py::none();
            return py::cast(std::move(after->chain));
          },
          py::arg("as_of"), py::arg("spot"),
          "The same model after the news (no event variance) at `as_of` and `spot`, every strike "
          "listed at entry kept; None when every expiration has settled.");

  m.def(
      "model_event_chain",
      [](const std::string& ticker, year_month_day earnings_date, const std::string& timing,
         py::handle as_of, double spot, double implied_move_pct,
         const std::optional<EventChainModel>& chain_model) {
        const EventChainInput in{.event = {symbol_arg(ticker), earnings_date, timing_arg(timing)},
                                 .as_of = instant_arg(as_of),
                                 .spot = Price::dollars(spot),
                                 .implied_move = Percentage::from_pct(implied_move_pct)};
        const EventChainModel params = chain_model.value_or(EventChainModel{});
        py::gil_scoped_release release;
        return model_event_chain(in, params);
      },
      py::arg("ticker"), py::arg("earnings_date"), py::arg("timing"), py::arg("as_of"),
      py::arg("spot"), py::arg("implied_move_pct"), py::arg("model") = py::none(),
      "A modeled option chain around one announcement, calibrated so that the ATM straddle of "
      "the first expiration after it prices `implied_move_pct`. as_of: an aware datetime or a "
      "date (its 16:00 New York close). Raises InvalidInput like the C++ (non-positive spot, "
      "as-of after the event, an implied move below the diffusive straddle).");

  // ---- analyze_ticker
  py::class_<TickerAnalysisOptions> options_class(
      m, "TickerAnalysisOptions",
      "The options of analyze_ticker that matter from Python (market, implied-move source, "
      "VRP and consistency history, skew bias, liquidity policy, generator limits, fees, "
      "sizing budget). Picklable.");
  bind_fields(options_class, analysis_option_fields());

  py::class_<TickerAnalysis>(m, "TickerAnalysis",
                             "One ticker before one announcement: where the analysis stopped "
                             "(status, message) and everything computed up to there.")
      .def_property_readonly(
          "status", [](const TickerAnalysis& a) { return std::string(to_string(a.status)); },
          "ok, no_expiration_after_event, no_implied_move, vrp_not_available or no_candidates")
      .def_readonly("message", &TickerAnalysis::message, "why it stopped; empty when ok")
      .def_property_readonly("ok", [](const TickerAnalysis& a) { return a.ok(); })
      .def_property_readonly(
          "ticker", [](const TickerAnalysis& a) { return std::string(a.event.symbol.view()); })
      .def_property_readonly("earnings_date", [](const TickerAnalysis& a) { return a.event.date; })
      .def_property_readonly(
          "timing", [](const TickerAnalysis& a) { return std::string(to_string(a.event.timing)); })
      .def_property_readonly(
          "expiration",
          [](const TickerAnalysis& a) -> py::object {
            return a.expiration ? py::cast(a.expiration->date()) : py::none();
          },
          "the first expiration after the announcement")
      .def_property_readonly(
          "implied_move_status",
          [](const TickerAnalysis& a) { return std::string(to_string(a.implied_move.status)); })
      .def_property_readonly(
          "implied_move_pct",
          [](const TickerAnalysis& a) -> py::object {
            return a.implied_move.ok() ? py::cast(a.implied_move.move.pct()) : py::none();
          },
          "straddle / spot, %; None when it could not be priced")
      .def_property_readonly(
          "straddle",
          [](const TickerAnalysis& a) -> py::object {
            return a.implied_move.ok() ? py::cast(a.implied_move.straddle.dollars()) : py::none();
          },
          "$ per share")
      .def_property_readonly(
          "vrp_ratio",
          [](const TickerAnalysis& a) -> py::object {
            return a.vrp.ok() ? py::cast(a.vrp.vrp_ratio) : py::none();
          },
          "implied move / mean |historical move|; None when the VRP is not available")
      .def_property_readonly(
          "recommendation",
          [](const TickerAnalysis& a) -> py::object {
            return a.vrp.ok() ? py::cast(std::string(to_string(a.vrp.recommendation))) : py::none();
          },
          "the VRP's: excellent, good, marginal or skip")
      .def_property_readonly(
          "implied_move", [](const TickerAnalysis& a) { return a.implied_move; },
          "the ImpliedMove (straddle, bounds, IVs, status)")
      .def_property_readonly(
          "vrp", [](const TickerAnalysis& a) { return a.vrp; }, "the VrpAnalysis")
      .def_property_readonly(
          "consistency", [](const TickerAnalysis& a) { return a.consistency; },
          "the ConsistencyAnalysis")
      .def_property_readonly(
          "skew", [](const TickerAnalysis& a) { return a.skew; }, "the SkewAnalysis")
      .def_property_readonly(
          "bias", [](const TickerAnalysis& a) { return std::string(to_string(a.bias)); },
          "the directional bias given to the generator and scorer")
      .def_property_readonly(
          "signed_moves_pct",
          [](const TickerAnalysis& a) {
            std::vector<double> v;
            v.reserve(a.signed_moves.size());
            for (const Percentage p : a.signed_moves) v.push_back(p.pct());
            return to_array(v);
          },
          "the history's signed moves, %, oldest first")
      .def_property_readonly(
          "generation_status",
          [](const TickerAnalysis& a) { return std::string(to_string(a.generation.status)); })
      .def_property_readonly("candidate_count",
                             [](const TickerAnalysis& a) { return a.generation.candidates.size(); })
      .def_property_readonly(
          "scored", [](const TickerAnalysis& a) { return a.ranking.scored; },
          "candidates the policy scored")
      .def_property_readonly(
          "greeks", [](const TickerAnalysis& a) -> const ChainGreeks& { return a.greeks; },
          py::return_value_policy::reference_internal, "the ChainGreeks of every quote")
      .def_property_readonly(
          "generation",
          [](const TickerAnalysis& a) -> const GenerationResult& { return a.generation; },
          py::return_value_policy::reference_internal,
          "the GenerationResult (status, message, candidates, counts)")
      .def_property_readonly(
          "ranking", [](const TickerAnalysis& a) -> const Ranking& { return a.ranking; },
          py::return_value_policy::reference_internal,
          "the Ranking (top candidates with breakdowns and rationales; index into candidates)")
      .def_property_readonly(
          "scoring", [](const TickerAnalysis& a) { return a.scoring; },
          "the ScoringContext the candidates were ranked in")
      .def_property_readonly(
          "candidates",
          [](const TickerAnalysis& a) -> const std::vector<Candidate>& {
            return a.generation.candidates;
          },
          py::return_value_policy::reference_internal,
          "every generated Candidate (a CandidateList view, no copy), in the generator's order")
      .def_property_readonly(
          "best",
          [](const TickerAnalysis& a) -> py::object {
            const Candidate* c = a.best();
            return c ? py::cast(*c) : py::none();
          },
          "the top-ranked Candidate (a copy), or None")
      .def_property_readonly(
          "ranking_recommendation",
          [](const TickerAnalysis& a) { return a.ranking.recommendation; },
          "the scorer's recommendation text for the best candidate")
      .def("to_dict", &analysis_dict,
           "The analysis in one flat dict of plain values (picklable; what a Dask task can "
           "return): status, message, event, expiration, implied move, VRP, consistency, skew, "
           "bias, candidate counts and the best candidate's strategy, legs, credit, max loss, "
           "POP and score.")
      .def("ranking_frame", &ranking_frame,
           "The top-N candidates, best first: rank, index (into .candidates), strategy, legs, "
           "score, credit ($ per unit), max_profit, max_loss, POPs in %, E[P/L], contracts, "
           "rationale.")
      .def("breakdown_frame", &breakdown_frame,
           "The score components of the top-N candidates: rank, component, points, weight, "
           "reason.")
      .def("__repr__", [](const TickerAnalysis& a) {
        return fmt::format("TickerAnalysis({} {} {}: {}{})", a.event.symbol,
                           detail::iso_date(a.event.date), to_string(a.event.timing),
                           to_string(a.status), a.message.empty() ? "" : ", " + a.message);
      });

  m.def(
      "analyze_ticker",
      [](const OptionChain& chain, py::handle event, py::handle history, py::handle policy,
         std::size_t top_n, bool explain, const std::optional<TickerAnalysisOptions>& opts,
         std::size_t history_window) {
        require_history_window(history_window);
        const DatasetPtr data =
            py::isinstance<Dataset>(history) ? history.cast<DatasetPtr>() : DatasetPtr{};
        const EarningsEvent e = event_arg(event, chain.underlying(), data.get());
        ReactionHistoryBuffer owned;  // a list, in any order, sorted newest first
        ReactionHistory past;
        if (data) {
          past = data->history_before(e.symbol, e.date, history_window);
        } else if (!history.is_none()) {
          owned = ReactionHistoryBuffer(history.cast<std::vector<HistoricalMove>>());
          past = owned.view().newest(history_window);
        }
        const StrategyScorer<AnyScoringPolicy> scorer(
            policy_arg(policy, [](const std::string& n) { return make_scoring_policy(n); }),
            {.top_n = top_n, .explain = explain});
        const TickerAnalysisOptions o = opts.value_or(TickerAnalysisOptions{});
        py::gil_scoped_release release;
        return analyze_ticker({.chain = chain, .event = e, .history = past}, scorer, o);
      },
      py::arg("chain"), py::arg("event"), py::arg("history") = py::none(), py::kw_only(),
      py::arg("policy") = "iv_crush_default", py::arg("top_n") = 3, py::arg("explain") = true,
      py::arg("options") = py::none(), py::arg("history_window") = default_history_window,
      py::keep_alive<0, 1>(),
      "analyze_ticker (analysis/ticker_analysis.hpp): greeks, implied move, VRP, consistency, "
      "skew, candidates and the policy's top_n. event: (date, timing), (ticker, date, timing), "
      "an EarningsEvent, or a date (timing from the dataset's calendar). history: an "
      "EarningsDataset (its reactions before the event) or a list of HistoricalMove in any order "
      "(sorted newest first), of which the newest history_window (default 12, as the programs' "
      "--history) are analysed; or None. policy: a shipped policy name (make_scoring_policy), an "
      "AnyScoringPolicy, a StrategyScorer's policy or a Python object with score(candidate, "
      "context) (slower: one Python call per candidate, docs/python.md). "
      "The GIL is released during the analysis; the result keeps the chain alive.");

  m.def(
      "scan_chains",
      [](const py::sequence& chains, const DatasetPtr& data, py::handle policy,
         py::handle unknown_oi, const std::string& label, std::size_t history_window) {
        require_history_window(history_window);
        std::vector<const OptionChain*> list;
        list.reserve(chains.size());
        for (const py::handle c : chains) list.push_back(&c.cast<const OptionChain&>());
        const StrategyScorer<AnyScoringPolicy> scorer(
            policy_arg(policy, [](const std::string& n) { return make_scoring_policy(n); }),
            {.top_n = 1, .explain = false});
        TickerAnalysisOptions options;
        options.generator.analysis.liquidity_policy = unknown_oi_arg(unknown_oi);
        std::vector<ScanRow> rows;
        {
          py::gil_scoped_release release;
          rows.reserve(list.size());
          for (const OptionChain* c : list) {
            rows.push_back(scan_one(*c, label, *data, scorer, options, history_window));
          }
        }
        return scan_frame(rows);
      },
      py::arg("chains"), py::arg("dataset"), py::arg("policy") = "iv_crush_default",
      py::arg("unknown_oi") = "acceptable", py::arg("label") = "chains",
      py::arg("history_window") = default_history_window,
      "examples/scan's --chains rows for `chains`: each chain's event is the calendar's first "
      "announcement after its quote date, its history the ticker's newest `history_window` real "
      "reactions before it, its best trade the policy's top candidate. Columns: ticker, "
      "event_date, timing, chain ('market:<label>@<quote date>'), spot, implied_move_pct, "
      "vrp_ratio, recommendation, strategy, legs, credit, max_loss, pop_model_pct, score, "
      "contracts, status, reason (no rank: rank after gathering). A chain whose analysis "
      "raises gets status 'error' with the message. unknown_oi: 'acceptable' (scan's "
      "default) or 'zero', as scan --unknown-oi, or a LiquidityPolicy. GIL released for the "
      "whole loop.");
}

}  // namespace ivcrush::python
