// python/src/bind_backtest.cpp: the backtester (backtest/backtester.hpp) over an
// EarningsDataset: BacktestConfig and ModeledChainOptions as picklable value classes,
// run_backtests by policy name on modeled chains (ModeledChainSource) or on chains given from
// Python (StoredChainSource over a MemoryStorage), reports as DataFrames (trades, legs, skips,
// equity) and dicts (the performance summary), walk_forward, summarize_performance over numpy
// columns, and the modeled chain source itself.
//
//   d = ivcrush.load_earnings_dataset("data")
//   reports = ivcrush.run_backtests(d, ["original", "model_pop"],
//                                   ivcrush.BacktestConfig(fill=0.5, commission=0.65))
//   reports[0].summary()["total_pnl"];  reports[0].trades_frame()
//   ivcrush.backtest_summary_frame(reports);  ivcrush.walk_forward(reports).windows_frame()
//
// GIL: released for the whole replay (events, chains, analyses, fills, summaries); the tables
// are built after. The reports own their data (no reference to the dataset or the chains).
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "columns.hpp"
#include "ivcrush/adapters/memory_storage.hpp"
#include "ivcrush/backtest/backtester.hpp"
#include "ivcrush/backtest/chain_source.hpp"
#include "ivcrush/backtest/performance.hpp"
#include "ivcrush/backtest/walk_forward.hpp"
#include "ivcrush/io/backtest_report.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
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
// Value classes

[[nodiscard]] SizingMode sizing_arg(const std::string& text) {
  if (text == "fixed") return SizingMode::fixed;
  if (text == "candidate") return SizingMode::candidate;
  detail::throw_invalid(ErrorCode::malformed, "sizing", fmt::format("'{}'", text),
                        "must be fixed or candidate");
}

[[nodiscard]] std::vector<Field<BacktestConfig>> config_fields() {
  using C = BacktestConfig;
  return {
      {"exit", "'reaction_close' (the reaction session's close) or 'expiration'",
       [](const C& c) { return py::cast(std::string(to_string(c.exit))); },
       [](C& c, py::handle v) { c.exit = parse_exit_rule(v.cast<std::string>()); }},
      {"verdict",
       "'follow' (skip an event whose best candidate's expected P/L rounds to $0.00 or less) or "
       "'ignore' (trade the top-ranked candidate)",
       [](const C& c) { return py::cast(std::string(to_string(c.verdict))); },
       [](C& c, py::handle v) { c.verdict = parse_verdict_rule(v.cast<std::string>()); }},
      member("fill", "0: fill at mid, 1: at the touch (bid selling, ask buying)", &C::fill),
      {"commission", "$ per contract per leg, at entry and (charge_exit) at exit",
       [](const C& c) { return py::cast(c.commissions.per_contract.dollars()); },
       [](C& c, py::handle v) { c.commissions.per_contract = Money::dollars(v.cast<double>()); }},
      {"commission_per_share", "$ per share of a shares leg",
       [](const C& c) { return py::cast(c.commissions.per_share.dollars()); },
       [](C& c, py::handle v) { c.commissions.per_share = Money::dollars(v.cast<double>()); }},
      {"charge_exit", "charge the commission on the contracts closed at exit",
       [](const C& c) { return py::cast(c.commissions.charge_exit); },
       [](C& c, py::handle v) { c.commissions.charge_exit = v.cast<bool>(); }},
      {"sizing",
       "'fixed' (contracts units per trade) or 'candidate' (its sizing rule on the account)",
       [](const C& c) {
         return py::cast(c.sizing.mode == SizingMode::fixed ? "fixed" : "candidate");
       },
       [](C& c, py::handle v) { c.sizing.mode = sizing_arg(v.cast<std::string>()); }},
      {"contracts", "units of every trade in fixed sizing (>= 1)",
       [](const C& c) { return py::cast(c.sizing.contracts); },
       [](C& c, py::handle v) { c.sizing.contracts = v.cast<std::int32_t>(); }},
      {"account_size", "$: the candidate sizing's bankroll",
       [](const C& c) { return py::cast(c.sizing.account_size.dollars()); },
       [](C& c, py::handle v) { c.sizing.account_size = Money::dollars(v.cast<double>()); }},
      {"max_risk_fraction", "the candidate sizing's risk budget, a share of account_size",
       [](const C& c) { return py::cast(c.sizing.max_risk_fraction); },
       [](C& c, py::handle v) { c.sizing.max_risk_fraction = v.cast<double>(); }},
      member("history_window", "the newest N reactions the analysis reads (>= 1, default 12)",
             &C::history_window),
      {"starting_capital", "$: origin of the equity curves",
       [](const C& c) { return py::cast(c.performance.starting_capital.dollars()); },
       [](C& c, py::handle v) {
         c.performance.starting_capital = Money::dollars(v.cast<double>());
       }},
      {"risk_fraction", "share of equity risked per trade in the compounded curve",
       [](const C& c) { return py::cast(c.performance.risk_fraction); },
       [](C& c, py::handle v) { c.performance.risk_fraction = v.cast<double>(); }},
      {"periods_per_year", "trades per year of the annualized ratios; None: observed",
       [](const C& c) { return optional_value(c.performance.periods_per_year); },
       [](C& c, py::handle v) {
         c.performance.periods_per_year =
             v.is_none() ? std::nullopt : std::optional<double>(v.cast<double>());
       }},
      {"analysis",
       "TickerAnalysisOptions passed through (fees and, on modeled chains, the "
       "liquidity policy are set by the backtester)",
       [](const C& c) { return py::cast(c.analysis); },
       [](C& c, py::handle v) { c.analysis = v.cast<TickerAnalysisOptions>(); }},
  };
}

[[nodiscard]] std::vector<Field<ModeledChainOptions>> modeled_fields() {
  using O = ModeledChainOptions;
  return {
      {"model", "EventChainModel of the entry and exit chains",
       [](const O& o) { return py::cast(o.model); },
       [](O& o, py::handle v) { o.model = v.cast<EventChainModel>(); }},
      {"premium", "implied move without an observation = premium x RMS of earlier reactions",
       [](const O& o) { return py::cast(o.implied_move.premium); },
       [](O& o, py::handle v) { o.implied_move.premium = v.cast<double>(); }},
      {"min_history", "earlier reactions the RMS model needs (>= 1)",
       [](const O& o) { return py::cast(o.implied_move.min_history); },
       [](O& o, py::handle v) { o.implied_move.min_history = v.cast<std::size_t>(); }},
      member("use_observations", "calibrate to a real observation when the data has one",
             &O::use_observations),
  };
}

// ---------------------------------------------------------------------------------------------
// Events

struct EventFilter {
  std::optional<year_month_day> from, to;
  std::optional<std::vector<std::string>> tickers;
  bool before_open_only = false;
  bool include_calendar_without_reaction = false;
};

[[nodiscard]] std::vector<BacktestEvent> select_events(const Dataset& d, const EventFilter& f) {
  std::vector<BacktestEvent> events = backtest_events(
      d, {.from = f.from,
          .to = f.to,
          .include_calendar_without_reaction = f.include_calendar_without_reaction});
  if (f.tickers) {
    std::vector<Symbol> keep;
    for (const std::string& t : *f.tickers) keep.push_back(Symbol::parse(t));
    std::sort(keep.begin(), keep.end());
    std::erase_if(events, [&](const BacktestEvent& e) {
      return !std::binary_search(keep.begin(), keep.end(), e.event.symbol);
    });
  }
  if (f.before_open_only) {
    std::erase_if(events, [](const BacktestEvent& e) {
      return !e.reaction || e.reaction->reaction_timing != EarningsTiming::before_open;
    });
  }
  return events;
}

// The request the backtester makes for the replayed reaction of (symbol, date).
[[nodiscard]] ChainRequest request_for(const Dataset& d, Symbol symbol, year_month_day date) {
  const HistoricalMove* move = d.reaction(symbol, date);
  if (move == nullptr) {
    throw InvalidInput(ErrorCode::missing, fmt::format("reaction = {} {}: not in the dataset",
                                                       symbol.view(), detail::iso_date(date)));
  }
  const EarningsEvent event{move->event.symbol, move->event.date, move->reaction_timing};
  return ChainRequest{event, *move, detail::event_instant(event), entry_instant(event),
                      new_york_market_close(move->reaction_date())};
}

// ---------------------------------------------------------------------------------------------
// Reports as tables

[[nodiscard]] py::dict summary_dict(const PerformanceSummary& s) {
  const auto money = [](const std::optional<Money>& m) -> py::object {
    return m ? py::cast(m->dollars()) : py::none();
  };
  py::dict d;
  d["trades"] = s.trades;
  d["wins"] = s.wins;
  d["losses"] = s.losses;
  d["flat"] = s.flat;
  d["win_rate_pct"] = s.win_rate ? py::cast(s.win_rate->pct()) : py::none();
  d["total_pnl"] = s.total_pnl.dollars();
  d["avg_pnl"] = money(s.avg_pnl);
  d["median_pnl"] = money(s.median_pnl);
  d["gross_profit"] = s.gross_profit.dollars();
  d["gross_loss"] = s.gross_loss.dollars();
  d["total_return_on_risk"] = s.total_return_on_risk;
  d["avg_return_on_risk"] = optional_value(s.avg_return_on_risk);
  d["profit_factor"] = optional_value(s.profit_factor);
  d["avg_win"] = money(s.avg_win);
  d["avg_loss"] = money(s.avg_loss);
  d["expectancy"] = money(s.expectancy);
  d["expectancy_per_risk"] = optional_value(s.expectancy_per_risk);
  d["largest_win"] = money(s.largest_win);
  d["worst_trade"] = money(s.worst_trade);
  d["worst_trade_index"] = optional_value(s.worst_trade_index);
  d["sharpe_per_trade"] = optional_value(s.sharpe_per_trade);
  d["sharpe_annualized"] = optional_value(s.sharpe_annualized);
  d["sortino_per_trade"] = optional_value(s.sortino_per_trade);
  d["sortino_annualized"] = optional_value(s.sortino_annualized);
  d["starting_capital"] = s.starting_capital.dollars();
  d["max_drawdown"] = s.max_drawdown.dollars();
  d["max_drawdown_compounded_pct"] = s.max_drawdown_compounded.pct();
  d["compounded_return_pct"] = s.compounded_return.pct();
  d["ruined"] = s.ruined;
  d["periods_per_year"] = optional_value(s.annualization.periods_per_year);
  d["annualization"] = std::string(to_string(s.annualization.source));
  d["annualization_explanation"] = s.annualization.explanation;
  return d;
}

[[nodiscard]] py::dict report_summary(const BacktestReport& r) {
  py::dict d;
  d["policy"] = r.policy;
  d["events"] = r.events;
  d["skipped"] = r.skipped.size();
  d["modeled_trades"] = r.modeled_trades;
  for (const auto& [key, value] : summary_dict(r.summary)) d[key] = value;
  return d;
}

[[nodiscard]] py::object trades_frame(std::span<const BacktestReport> reports) {
  std::vector<std::string> policy, ticker, timing, kind, entry_chain, exit_chain, legs,
      entry_provenance, exit_provenance, rationale;
  std::vector<year_month_day> date, entry_date, exit_date;
  std::vector<sys_seconds> entry_at, exit_at;
  std::vector<std::int64_t> contracts, history;
  std::vector<double> entry_spot, exit_spot, implied, vrp, realized, credit, exit_cost, fees, pnl,
      risk, ror, score;
  std::vector<bool> forced;
  for (const BacktestReport& r : reports) {
    for (const BacktestTrade& t : r.trades) {
      policy.push_back(t.policy);
      ticker.emplace_back(t.event.symbol.view());
      date.push_back(t.event.date);
      timing.emplace_back(to_string(t.event.timing));
      kind.emplace_back(to_string(t.kind));
      contracts.push_back(t.contracts);
      entry_at.push_back(t.entry_at);
      exit_at.push_back(t.exit_at);
      entry_date.push_back(t.entry_date());
      exit_date.push_back(t.exit_date());
      entry_spot.push_back(t.entry_spot.dollars());
      exit_spot.push_back(t.exit_spot.dollars());
      implied.push_back(t.implied_move.pct());
      vrp.push_back(t.vrp_ratio);
      history.push_back(static_cast<std::int64_t>(t.history_size));
      realized.push_back(t.realized_move.pct());
      credit.push_back(t.credit.dollars());
      exit_cost.push_back(t.exit_cost.dollars());
      fees.push_back(t.fees.dollars());
      pnl.push_back(t.pnl.dollars());
      risk.push_back(t.risk.dollars());
      ror.push_back(t.pnl / t.risk);
      score.push_back(t.score);
      entry_chain.emplace_back(to_string(t.entry_origin));
      exit_chain.emplace_back(to_string(t.exit_origin));
      forced.push_back(t.liquidity_policy_forced);
      legs.push_back(detail::legs_with_fills(t.legs));
      entry_provenance.push_back(t.entry_provenance);
      exit_provenance.push_back(t.exit_provenance);
      rationale.push_back(t.rationale);
    }
  }
  Columns c;
  c.add("policy", policy);
  c.add("ticker", ticker);
  c.add_dates("earnings_date", date);
  c.add("timing", timing);
  c.add("strategy", kind);
  c.add("contracts", contracts);
  c.add_instants("entry_at", entry_at);
  c.add_instants("exit_at", exit_at);
  c.add_dates("entry_date", entry_date);
  c.add_dates("exit_date", exit_date);
  c.add("entry_spot", entry_spot);
  c.add("exit_spot", exit_spot);
  c.add("implied_move_pct", implied);
  c.add("vrp_ratio", vrp);
  c.add("history", history);
  c.add("realized_move_pct", realized);
  c.add("credit", credit);
  c.add("exit_cost", exit_cost);
  c.add("fees", fees);
  c.add("pnl", pnl);
  c.add("risk", risk);
  c.add("return_on_risk", ror);
  c.add("score", score);
  c.add("entry_chain", entry_chain);
  c.add("exit_chain", exit_chain);
  c.add("liquidity_forced", forced);
  c.add("legs", legs);
  c.add("entry_provenance", entry_provenance);
  c.add("exit_provenance", exit_provenance);
  c.add("rationale", rationale);
  return c.frame();
}

[[nodiscard]] py::object legs_frame(const BacktestReport& r) {
  std::vector<std::int64_t> trade, quantity, multiplier;
  std::vector<std::string> ticker, right, side, exit;
  std::vector<year_month_day> date, expiration;
  std::vector<double> strike, entry_bid, entry_ask, entry_fill, exit_bid, exit_ask, exit_fill, pnl;
  for (std::size_t i = 0; i < r.trades.size(); ++i) {
    const BacktestTrade& t = r.trades[i];
    for (const BacktestLeg& l : t.legs) {
      trade.push_back(static_cast<std::int64_t>(i));
      ticker.emplace_back(t.event.symbol.view());
      date.push_back(t.event.date);
      right.emplace_back(l.right == OptionRight::call ? "C" : "P");
      strike.push_back(l.strike.dollars());
      expiration.push_back(l.expiration);
      side.emplace_back(l.side == Side::buy ? "buy" : "sell");
      quantity.push_back(l.quantity);
      multiplier.push_back(l.multiplier);
      entry_bid.push_back(l.entry_bid.dollars());
      entry_ask.push_back(l.entry_ask.dollars());
      entry_fill.push_back(l.entry_fill.dollars());
      exit.emplace_back(to_string(l.exit));
      exit_bid.push_back(l.exit_bid.dollars());
      exit_ask.push_back(l.exit_ask.dollars());
      exit_fill.push_back(l.exit_fill.dollars());
      pnl.push_back(l.pnl.dollars());
    }
  }
  Columns c;
  c.add("trade", trade);
  c.add("ticker", ticker);
  c.add_dates("earnings_date", date);
  c.add("right", right);
  c.add("strike", strike);
  c.add_dates("expiration", expiration);
  c.add("side", side);
  c.add("quantity", quantity);
  c.add("multiplier", multiplier);
  c.add("entry_bid", entry_bid);
  c.add("entry_ask", entry_ask);
  c.add("entry_fill", entry_fill);
  c.add("exit", exit);
  c.add("exit_bid", exit_bid);
  c.add("exit_ask", exit_ask);
  c.add("exit_fill", exit_fill);
  c.add("pnl", pnl);
  return c.frame();
}

[[nodiscard]] py::object skipped_frame(const BacktestReport& r) {
  std::vector<std::string> ticker, timing, reason, message;
  std::vector<year_month_day> date;
  for (const SkippedEvent& s : r.skipped) {
    ticker.emplace_back(s.event.symbol.view());
    date.push_back(s.event.date);
    timing.emplace_back(to_string(s.event.timing));
    reason.emplace_back(to_string(s.reason));
    message.push_back(s.message);
  }
  Columns c;
  c.add("ticker", ticker);
  c.add_dates("earnings_date", date);
  c.add("timing", timing);
  c.add("reason", reason);
  c.add("message", message);
  return c.frame();
}

[[nodiscard]] py::object equity_frame(const PerformanceSummary& s) {
  std::vector<year_month_day> date;
  std::vector<double> equity, compounded;
  for (const EquityPoint& p : s.equity_curve) {
    date.push_back(p.date);
    equity.push_back(p.equity.dollars());
    compounded.push_back(p.compounded_equity.dollars());
  }
  Columns c;
  c.add_dates("date", date);
  c.add("equity", equity);
  c.add("compounded_equity", compounded);
  return c.frame();
}

[[nodiscard]] std::vector<BacktestReport> reports_arg(const py::sequence& seq) {
  std::vector<BacktestReport> out;
  out.reserve(seq.size());
  for (const py::handle h : seq) out.push_back(h.cast<const BacktestReport&>());
  return out;
}

[[nodiscard]] SelectionMetric metric_arg(const std::string& text) {
  for (const auto m : {SelectionMetric::sharpe_annualized, SelectionMetric::sharpe_per_trade,
                       SelectionMetric::sortino_annualized, SelectionMetric::expectancy_per_risk,
                       SelectionMetric::total_pnl}) {
    if (text == to_string(m)) return m;
  }
  detail::throw_invalid(ErrorCode::malformed, "metric", fmt::format("'{}'", text),
                        "must be sharpe_annualized, sharpe_per_trade, sortino_annualized, "
                        "expectancy_per_risk or total_pnl");
}

[[nodiscard]] py::dict walk_forward_dict(const WalkForwardSummary& s) {
  py::dict d;
  d["windows"] = s.windows.size();
  d["windows_with_selection"] = s.windows_with_selection;
  d["windows_with_test_trades"] = s.windows_with_test_trades;
  d["test_trades"] = s.test_trades;
  d["test_pnl"] = s.test_pnl.dollars();
  d["avg_test_pnl"] = s.avg_test_pnl ? py::cast(s.avg_test_pnl->dollars()) : py::none();
  d["avg_test_win_rate_pct"] =
      s.avg_test_win_rate ? py::cast(s.avg_test_win_rate->pct()) : py::none();
  d["avg_test_sharpe_annualized"] = optional_value(s.avg_test_sharpe_annualized);
  d["windows_with_test_sharpe"] = s.windows_with_test_sharpe;
  d["combined_test"] = s.combined_test ? py::object(summary_dict(*s.combined_test)) : py::none();
  py::dict counts;
  for (const PolicySelectionCount& c : s.selection_counts) counts[py::str(c.policy)] = c.windows;
  d["selection_counts"] = counts;
  d["most_selected"] = optional_value(s.most_selected);
  d["message"] = s.message;
  return d;
}

[[nodiscard]] py::object windows_frame(const WalkForwardSummary& s) {
  std::vector<year_month_day> train_start, train_end, test_start, test_end;
  std::vector<std::string> selected, reason;
  std::vector<std::int64_t> test_trades;
  std::vector<double> test_pnl;
  std::vector<std::optional<double>> win_rate, sharpe;
  for (const WalkForwardWindow& w : s.windows) {
    train_start.push_back(w.train_start);
    train_end.push_back(w.train_end);
    test_start.push_back(w.test_start);
    test_end.push_back(w.test_end);
    selected.push_back(w.selected_policy);
    reason.push_back(w.no_selection_reason);
    test_trades.push_back(w.test ? static_cast<std::int64_t>(w.test->trades) : 0);
    test_pnl.push_back(w.test ? w.test->total_pnl.dollars() : 0.0);
    win_rate.push_back(w.test && w.test->win_rate ? std::optional(w.test->win_rate->pct())
                                                  : std::nullopt);
    sharpe.push_back(w.test ? w.test->sharpe_annualized : std::nullopt);
  }
  Columns c;
  c.add_dates("train_start", train_start);
  c.add_dates("train_end", train_end);
  c.add_dates("test_start", test_start);
  c.add_dates("test_end", test_end);
  c.add("selected_policy", selected);
  c.add("no_selection_reason", reason);
  c.add("test_trades", test_trades);
  c.add("test_pnl", test_pnl);
  c.add("test_win_rate_pct", win_rate);
  c.add("test_sharpe_annualized", sharpe);
  return c.frame();
}

[[nodiscard]] py::object candidates_frame(const WalkForwardSummary& s) {
  std::vector<std::int64_t> window, trades;
  std::vector<year_month_day> train_start;
  std::vector<std::string> policy, reason;
  std::vector<std::optional<double>> metric;
  std::vector<double> pnl;
  std::vector<bool> eligible, selected;
  for (std::size_t i = 0; i < s.windows.size(); ++i) {
    const WalkForwardWindow& w = s.windows[i];
    for (std::size_t j = 0; j < w.candidates.size(); ++j) {
      const PolicyTrainResult& c = w.candidates[j];
      window.push_back(static_cast<std::int64_t>(i));
      train_start.push_back(w.train_start);
      policy.push_back(c.policy);
      trades.push_back(static_cast<std::int64_t>(c.train.trades));
      pnl.push_back(c.train.total_pnl.dollars());
      metric.push_back(c.metric);
      eligible.push_back(c.eligible);
      selected.push_back(w.selected && *w.selected == j);
      reason.push_back(c.reason);
    }
  }
  Columns c;
  c.add("window", window);
  c.add_dates("train_start", train_start);
  c.add("policy", policy);
  c.add("train_trades", trades);
  c.add("train_pnl", pnl);
  c.add("metric", metric);
  c.add("eligible", eligible);
  c.add("selected", selected);
  c.add("reason", reason);
  return c.frame();
}

// The modeled source with the dataset it reads (kept alive by the holder).
struct ModeledSource {
  DatasetPtr data;
  ModeledChainSource source;
};

[[nodiscard]] py::dict fetched_dict(FetchedChain f) {
  py::dict d;
  d["ok"] = f.ok();
  if (f.ok()) {
    d["origin"] = std::string(to_string(f.chain->origin));
    d["provenance"] = f.chain->provenance;
    d["chain"] = py::cast(std::move(f.chain->chain));
    d["reason"] = "";
  } else {
    d["origin"] = py::none();
    d["provenance"] = "";
    d["chain"] = py::none();
    d["reason"] = f.reason;
  }
  return d;
}

}  // namespace

void bind_backtest(py::module_& m) {
  py::class_<BacktestConfig> config_class(
      m, "BacktestConfig",
      "The backtester's configuration (backtest/backtester.hpp BacktestConfig): exit rule, fill, "
      "commissions, sizing, history window, performance options and the analysis options. "
      "Keyword arguments named like the properties; picklable; validated when a backtest runs.");
  bind_fields(config_class, config_fields());
  config_class.def(
      "validate", [](const BacktestConfig& c) { c.validate(); },
      "Raises InvalidInput as run_backtests would (fill outside [0, 1], negative commissions, "
      "contracts < 1, ...).");

  py::class_<ModeledChainOptions> modeled_class(
      m, "ModeledChainOptions",
      "How ModeledChainSource models the entry and exit chains: the chain model and the "
      "implied move assumed without an observation (premium x RMS of the earlier reactions, "
      "from at least min_history). Picklable.");
  bind_fields(modeled_class, modeled_fields());
  modeled_class.def(
      "validate",
      [](const ModeledChainOptions& o) {
        o.model.validate();
        o.implied_move.validate();
      },
      "Raises InvalidInput as ModeledChainSource would.");

  m.def(
      "backtest_policy_name",
      [](const std::string& name) { return std::string(make_backtest_policy(name).name()); },
      py::arg("name"),
      "The library name of a backtest policy name or alias (original -> iv_crush_default, "
      "model_pop -> iv_crush_model, empirical_pop -> iv_crush_empirical); InvalidInput for an "
      "unknown name.");

  py::class_<ModeledSource>(
      m, "ModeledChainSource",
      "The backtester's modeled chain source over a dataset (backtest/chain_source.hpp): the "
      "entry chain at the last close before the news, calibrated to the observed implied move "
      "or the RMS model, and the exit chain after the news at the real reaction close.")
      .def(py::init([](DatasetPtr data, const std::optional<ModeledChainOptions>& options) {
             ModeledChainSource source(*data, options.value_or(ModeledChainOptions{}));
             return ModeledSource{std::move(data), std::move(source)};
           }),
           py::arg("dataset"), py::arg("options") = py::none())
      .def(
          "implied_move",
          [](const ModeledSource& s, const std::string& ticker, year_month_day date) {
            const ImpliedMoveEstimate e =
                s.source.implied_move({Symbol::parse(ticker), date, EarningsTiming::unknown});
            py::dict d;
            d["implied_move_pct"] = e.move ? py::cast(e.move->pct()) : py::none();
            d["basis"] = std::string(to_string(e.basis));
            d["sample"] = e.sample;
            d["note"] = e.note;
            return d;
          },
          py::arg("ticker"), py::arg("date"),
          "The implied move the entry chain of that announcement is calibrated to: a dict of "
          "implied_move_pct (None when there is none), basis ('observed' or 'rms_history'), "
          "sample and note.")
      .def(
          "entry_chain",
          [](const ModeledSource& s, const std::string& ticker, year_month_day date) {
            const ChainRequest r = request_for(*s.data, Symbol::parse(ticker), date);
            FetchedChain f;
            {
              py::gil_scoped_release release;
              f = s.source.entry_chain(r);
            }
            return fetched_dict(std::move(f));
          },
          py::arg("ticker"), py::arg("date"),
          "The entry chain of the dataset's reaction of `ticker` on `date`, as the backtester "
          "asks for it: a dict of ok, chain (OptionChain or None), origin, provenance, reason.")
      .def(
          "exit_chain",
          [](const ModeledSource& s, const std::string& ticker, year_month_day date) {
            const ChainRequest r = request_for(*s.data, Symbol::parse(ticker), date);
            FetchedChain f;
            {
              py::gil_scoped_release release;
              f = s.source.exit_chain(r);
            }
            return fetched_dict(std::move(f));
          },
          py::arg("ticker"), py::arg("date"), "The exit chain of that reaction (see entry_chain).");

  py::class_<BacktestReport>(m, "BacktestReport",
                             "One policy's replay: trades, skipped events, the performance "
                             "summary (run_backtests).")
      .def_readonly("policy", &BacktestReport::policy, "the library's policy name")
      .def_readonly("events", &BacktestReport::events, "events replayed (traded + skipped)")
      .def_readonly("modeled_trades", &BacktestReport::modeled_trades,
                    "trades priced on a modeled chain")
      .def_property_readonly("trade_count", [](const BacktestReport& r) { return r.trades.size(); })
      .def_property_readonly("skipped_count",
                             [](const BacktestReport& r) { return r.skipped.size(); })
      .def(
          "summary", [](const BacktestReport& r) { return report_summary(r); },
          "policy, events, skipped, modeled_trades and every PerformanceSummary number (money "
          "in $, rates in %, undefined ratios None) with the annualization stated.")
      .def(
          "trades_frame",
          [](const BacktestReport& r) {
            return trades_frame(std::span<const BacktestReport>(&r, 1));
          },
          "One row per trade, in event order (the columns of io/backtest_report.hpp's CSV plus "
          "the dates and the rationale).")
      .def("legs_frame", &legs_frame, "One row per leg of every trade (trade = its row index).")
      .def("skipped_frame", &skipped_frame, "One row per skipped event: reason and message.")
      .def(
          "skip_counts",
          [](const BacktestReport& r) {
            py::dict d;
            for (const SkipCount& c : r.skip_counts()) {
              d[py::str(std::string(to_string(c.reason)))] = c.events;
            }
            return d;
          },
          "{reason: events}, in SkipReason order, reasons with none left out.")
      .def(
          "equity_frame", [](const BacktestReport& r) { return equity_frame(r.summary); },
          "The equity curve: one point per trade (exit date, equity, compounded equity).")
      .def(
          "outcomes_frame",
          [](const BacktestReport& r) {
            std::vector<year_month_day> entry, exit;
            std::vector<double> pnl, risk;
            for (const TradeOutcome& o : r.outcomes) {
              entry.push_back(o.entry_date);
              exit.push_back(o.exit_date);
              pnl.push_back(o.pnl.dollars());
              risk.push_back(o.risk.dollars());
            }
            Columns c;
            c.add_dates("entry_date", entry);
            c.add_dates("exit_date", exit);
            c.add("pnl", pnl);
            c.add("risk", risk);
            return c.frame();
          },
          "The trades' outcomes in entry-date order (what the summary is computed from).")
      .def(
          "trades_csv",
          [](const BacktestReport& r) {
            return backtest_trades_csv(std::span<const BacktestReport>(&r, 1));
          },
          "io/backtest_report.hpp's CSV of the trades, byte for byte.")
      .def("__repr__", [](const BacktestReport& r) {
        return fmt::format("BacktestReport({}: {} events, {} trades, {} skipped, P/L {:.2f})",
                           r.policy, r.events, r.trades.size(), r.skipped.size(),
                           r.summary.total_pnl.dollars());
      });

  m.def(
      "run_backtests",
      [](const DatasetPtr& data, const py::sequence& policy_args,
         const std::optional<BacktestConfig>& config, py::handle chains,
         std::optional<year_month_day> from_date, std::optional<year_month_day> to_date,
         std::optional<std::vector<std::string>> tickers, bool before_open_only,
         bool include_calendar_without_reaction, double max_staleness_seconds, std::size_t top_n,
         bool explain) {
        const EventFilter filter{from_date, to_date, std::move(tickers), before_open_only,
                                 include_calendar_without_reaction};
        const BacktestConfig c = config.value_or(BacktestConfig{});
        const ScorerOptions scorer{.top_n = top_n, .explain = explain};
        if (py::isinstance<py::str>(policy_args)) {
          throw py::type_error("policies: a list of policies (names or policy objects), not a str");
        }
        std::vector<AnyScoringPolicy> policies;
        for (const py::handle p : policy_args) {
          policies.push_back(
              policy_arg(p, [](const std::string& n) { return make_backtest_policy(n); }));
        }
        // Chains given from Python: stored snapshots (StoredChainSource); else modeled.
        std::vector<const OptionChain*> given;
        std::optional<ModeledChainOptions> modeled;
        if (chains.is_none()) {
          modeled = ModeledChainOptions{};
        } else if (py::isinstance<ModeledChainOptions>(chains)) {
          modeled = chains.cast<ModeledChainOptions>();
        } else {
          for (const py::handle h : py::reinterpret_borrow<py::sequence>(chains)) {
            given.push_back(&h.cast<const OptionChain&>());
          }
        }
        py::gil_scoped_release release;
        const std::vector<BacktestEvent> events = select_events(*data, filter);
        if (modeled) {
          const ModeledChainSource source(*data, *modeled);
          return run_backtests(events, *data, source, std::span<const AnyScoringPolicy>(policies),
                               c, scorer);
        }
        MemoryStorage store;
        for (const OptionChain* chain : given) store.save_chain(*chain);
        const StoredChainSource source(
            store, {.max_staleness = std::chrono::seconds{
                        static_cast<std::chrono::seconds::rep>(max_staleness_seconds)}});
        return run_backtests(events, *data, source, std::span<const AnyScoringPolicy>(policies), c,
                             scorer);
      },
      py::arg("dataset"), py::arg("policies"), py::arg("config") = py::none(),
      py::arg("chains") = py::none(), py::kw_only(), py::arg("from_date") = py::none(),
      py::arg("to_date") = py::none(), py::arg("tickers") = py::none(),
      py::arg("before_open_only") = false, py::arg("include_calendar_without_reaction") = false,
      py::arg("max_staleness_seconds") = 3600.0, py::arg("top_n") = 3, py::arg("explain") = true,
      "Replays the dataset's reactions (announcement dates in [from_date, to_date], of `tickers` "
      "when given, before-open reports only when asked) under each policy (shipped names, the "
      "aliases original, model_pop, empirical_pop, AnyScoringPolicy objects or Python policies "
      "as StrategyScorer takes them), one BacktestReport per policy in the order "
      "given; the policies share the chains and analyses. chains: None or ModeledChainOptions "
      "for modeled chains (ModeledChainSource), or a list of OptionChain snapshots looked up as "
      "StoredChainSource does (the latest at or before the instant, at most "
      "max_staleness_seconds older; an exit snapshot after the news). GIL released throughout.");

  m.def(
      "backtest_events_frame",
      [](const DatasetPtr& data, std::optional<year_month_day> from_date,
         std::optional<year_month_day> to_date, std::optional<std::vector<std::string>> tickers,
         bool before_open_only, bool include_calendar_without_reaction) {
        const EventFilter filter{from_date, to_date, std::move(tickers), before_open_only,
                                 include_calendar_without_reaction};
        const std::vector<BacktestEvent> events = select_events(*data, filter);
        std::vector<std::string> ticker, timing;
        std::vector<year_month_day> date;
        std::vector<bool> has_reaction;
        for (const BacktestEvent& e : events) {
          ticker.emplace_back(e.event.symbol.view());
          date.push_back(e.event.date);
          timing.emplace_back(to_string(e.event.timing));
          has_reaction.push_back(e.reaction.has_value());
        }
        Columns c;
        c.add("ticker", ticker);
        c.add_dates("earnings_date", date);
        c.add("timing", timing);
        c.add("has_reaction", has_reaction);
        return c.frame();
      },
      py::arg("dataset"), py::kw_only(), py::arg("from_date") = py::none(),
      py::arg("to_date") = py::none(), py::arg("tickers") = py::none(),
      py::arg("before_open_only") = false, py::arg("include_calendar_without_reaction") = false,
      "The events run_backtests would replay with the same selection, sorted by (date, ticker).");

  m.def(
      "backtest_summary_frame",
      [](const py::sequence& reports) {
        py::list rows;
        for (const py::handle h : reports)
          rows.append(report_summary(h.cast<const BacktestReport&>()));
        return py::module_::import("pandas").attr("DataFrame")(rows);
      },
      py::arg("reports"), "One row per report: BacktestReport.summary().");

  m.def(
      "backtest_trades_frame",
      [](const py::sequence& reports) { return trades_frame(reports_arg(reports)); },
      py::arg("reports"), "Every report's trades_frame, policies in the order given.");

  m.def(
      "backtest_trades_csv",
      [](const py::sequence& reports) { return backtest_trades_csv(reports_arg(reports)); },
      py::arg("reports"),
      "io/backtest_report.hpp's CSV of every report's trades (what examples/backtest "
      "--trades-csv writes).");

  py::class_<WalkForwardSummary>(m, "WalkForwardSummary",
                                 "walk_forward's result: windows, selections and test results.")
      .def(
          "summary", [](const WalkForwardSummary& s) { return walk_forward_dict(s); },
          "The totals, means, combined test summary, selection counts and the message.")
      .def("windows_frame", &windows_frame,
           "One row per window: train and test dates, the selected policy (or why none), the "
           "test trades, P/L, win rate and Sharpe.")
      .def("candidates_frame", &candidates_frame,
           "One row per (window, policy): train trades and P/L, the metric, eligibility.");

  m.def(
      "walk_forward",
      [](const py::sequence& reports, int train_days, int test_days, int step_days,
         std::optional<year_month_day> start, std::optional<year_month_day> end,
         const std::string& metric, std::size_t min_train_trades,
         std::size_t min_test_trades_for_mean_sharpe, double starting_capital, double risk_fraction,
         std::optional<double> periods_per_year) {
        std::vector<BacktestReport> list = reports_arg(reports);
        WalkForwardOptions o;
        o.train = std::chrono::days{train_days};
        o.test = std::chrono::days{test_days};
        o.step = std::chrono::days{step_days};
        o.metric = metric_arg(metric);
        o.min_train_trades = min_train_trades;
        o.min_test_trades_for_mean_sharpe = min_test_trades_for_mean_sharpe;
        o.performance.starting_capital = Money::dollars(starting_capital);
        o.performance.risk_fraction = risk_fraction;
        o.performance.periods_per_year = periods_per_year;
        // Default range: the replayed events' first and last dates (traded or skipped).
        std::optional<sys_days> first, last;
        for (const BacktestReport& r : list) {
          const auto see = [&](year_month_day d) {
            if (!first || sys_days{d} < *first) first = sys_days{d};
            if (!last || sys_days{d} > *last) last = sys_days{d};
          };
          for (const BacktestTrade& t : r.trades) see(t.event.date);
          for (const SkippedEvent& s : r.skipped) see(s.event.date);
        }
        if ((!start && !first) || (!end && !last)) {
          throw InvalidInput(ErrorCode::empty,
                             "reports: replayed no event (pass start and end explicitly)");
        }
        o.start = start.value_or(year_month_day{*first});
        o.end = end.value_or(year_month_day{*last});
        py::gil_scoped_release release;
        return walk_forward_reports(list, o);
      },
      py::arg("reports"), py::kw_only(), py::arg("train_days") = 365, py::arg("test_days") = 182,
      py::arg("step_days") = 182, py::arg("start") = py::none(), py::arg("end") = py::none(),
      py::arg("metric") = "sharpe_annualized", py::arg("min_train_trades") = 2,
      py::arg("min_test_trades_for_mean_sharpe") = 10, py::arg("starting_capital") = 100'000.0,
      py::arg("risk_fraction") = 0.02, py::arg("periods_per_year") = py::none(),
      "Walk-forward policy selection over the reports' trades (backtest/walk_forward.hpp): the "
      "policy with the best train-window metric trades the next test window. start/end default "
      "to the first and last replayed announcement (examples/backtest --walk-forward's "
      "choice, with its 365/182/182 days).");

  m.def(
      "summarize_performance",
      [](py::handle entry_dates, py::handle exit_dates, const DoubleArray& pnl,
         const DoubleArray& risk, double starting_capital, double risk_fraction,
         std::optional<double> periods_per_year, std::optional<year_month_day> observation_first,
         std::optional<year_month_day> observation_last) {
        const auto entry = dates_from_array(entry_dates, "entry_dates");
        const auto exit = dates_from_array(exit_dates, "exit_dates");
        py::ssize_t n = static_cast<py::ssize_t>(entry.size());
        py::ssize_t exit_n = static_cast<py::ssize_t>(exit.size());
        require_column(pnl, "pnl", n);
        require_column(risk, "risk", n);
        if (exit_n != n) {
          throw_invalid_input(ErrorCode::inconsistent,
                              fmt::format("exit_dates: has {} elements, expected {} like the "
                                          "first column",
                                          exit_n, n));
        }
        std::vector<TradeOutcome> trades(entry.size());
        for (std::size_t i = 0; i < trades.size(); ++i) {
          trades[i] = TradeOutcome{entry[i], exit[i],
                                   Money::from_validated(pnl.data()[static_cast<py::ssize_t>(i)]),
                                   Money::from_validated(risk.data()[static_cast<py::ssize_t>(i)])};
        }
        PerformanceOptions o;
        o.starting_capital = Money::dollars(starting_capital);
        o.risk_fraction = risk_fraction;
        o.periods_per_year = periods_per_year;
        if (observation_first || observation_last) {
          if (!observation_first || !observation_last) {
            throw InvalidInput(ErrorCode::missing,
                               "observation_period: give both observation_first and "
                               "observation_last");
          }
          o.observation_period = ObservationPeriod{*observation_first, *observation_last};
        }
        PerformanceSummary s;
        {
          py::gil_scoped_release release;
          s = summarize_performance(trades, o);
        }
        return summary_dict(s);
      },
      py::arg("entry_dates"), py::arg("exit_dates"), py::arg("pnl"), py::arg("risk"), py::kw_only(),
      py::arg("starting_capital") = 100'000.0, py::arg("risk_fraction") = 0.02,
      py::arg("periods_per_year") = py::none(), py::arg("observation_first") = py::none(),
      py::arg("observation_last") = py::none(),
      "summarize_performance (backtest/performance.hpp) of closed trades given as columns "
      "(dates as anything numpy reads as datetime64[D]; pnl and risk in $), chronological by "
      "entry date: the same dict as BacktestReport.summary() without the report's fields.");
}

}  // namespace ivcrush::python
