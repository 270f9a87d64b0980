// backtest: replay every real earnings reaction of the bundled data through the whole pipeline,
// under several scoring policies side by side.
//
//   backtest [--data DIR] [--policies original,model_pop,...] [--from DATE] [--to DATE]
//            [--fill F] [--commission DOLLARS] [--contracts N | --account DOLLARS]
//            [--exit reaction_close|expiration] [--verdict follow|ignore]
//            [--base-vol PCT] [--premium X] [--trades-csv FILE] [--equity-svg-dir DIR]
//            [--walk-forward] [--db FILE.sqlite] [--history N]
//
// The events are the real before-open reactions of DIR/earnings_reactions.csv in the range. The
// chains are MODELED (backtest/chain_source.hpp ModeledChainSource, docs/backtest.md): the data
// has no option chains, so the entry chain is calibrated to the event's observed implied move or,
// without one, to the RMS of the ticker's earlier reactions x premium, and the exit chain is the
// same model after the news at the real reaction close. Every result is labelled as modeled.
// Everything else is the library's: analyze_ticker, the policy's ranking, fills between mid and
// the touch, commissions, the exit, summarize_performance and walk_forward.
// Exit codes: 0 the report, 1 a data problem (a missing file, malformed rows, named with file
// and line), 2 a usage problem (bad arguments, an unknown policy, --db without SQLite).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "example_support.hpp"
#include "ivcrush/adapters/backtest_rows.hpp"
#include "ivcrush/backtest/backtester.hpp"
#include "ivcrush/backtest/chain_source.hpp"
#include "ivcrush/io/backtest_report.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
#if defined(IVCRUSH_BACKTEST_WITH_SQLITE)
#include "ivcrush/adapters/sqlite/sqlite_backtest_store.hpp"
#endif

namespace {

using namespace ivcrush;
using namespace std::chrono;
using examples::DataError;
using examples::UsageError;

struct Args {
  std::string data_dir = "data";
  std::string policies = "original,model_pop,empirical_pop,expected_value";
  std::string from;
  std::string to;
  double fill = 0.5;
  double commission = 0.65;
  int contracts = 1;
  double account = 0.0;  // > 0: the candidate's own sizing on this account
  std::string exit = "reaction_close";
  std::string verdict = "follow";  // --verdict: parse_verdict_rule's spellings
  double base_vol_pct = 30.0;
  double premium = 1.0;
  std::string unknown_oi = "acceptable";  // --unknown-oi: parse_liquidity_policy's spellings
  std::string trades_csv;
  std::string equity_svg_dir;
  bool walk_forward = false;
  std::string db;
  std::size_t history = default_history_window;  // --history N
};

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item =
        text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<year_month_day> date_arg(std::string_view option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    return parse_date(text);
  } catch (const InvalidInput& e) {
    throw UsageError{fmt::format("{} '{}': {}", option, text, e.what())};
  }
}

std::string opt(const std::optional<double>& v, std::string_view spec = "{:.2f}") {
  return v ? fmt::format(fmt::runtime(spec), *v) : std::string("n/a");
}

std::string opt_money(const std::optional<Money>& v) {
  return v ? fmt::format("{:.2f}", v->dollars()) : std::string("n/a");
}

void print_row(std::string_view label, const std::vector<std::string>& cells) {
  fmt::print("  {:<30}", label);
  for (const auto& c : cells) fmt::print("{:>19}", c);
  fmt::print("\n");
}

template <class F>
void row(std::string_view label, const std::vector<BacktestReport>& reports, F&& cell) {
  std::vector<std::string> cells;
  cells.reserve(reports.size());
  for (const BacktestReport& r : reports) cells.push_back(cell(r));
  print_row(label, cells);
}

std::string chains_label(const BacktestReport& r) {
  const std::size_t market = r.trades.size() - r.modeled_trades;
  if (market == 0) {
    return fmt::format("chains: modeled (see docs/backtest.md); {} of {} trades", r.modeled_trades,
                       r.trades.size());
  }
  return fmt::format("chains: {} of {} trades modeled (see docs/backtest.md), {} market",
                     r.modeled_trades, r.trades.size(), market);
}

#if defined(IVCRUSH_BACKTEST_WITH_SQLITE)
void store_runs(const std::string& file, const std::vector<BacktestReport>& reports,
                year_month_day first, year_month_day last, std::string_view description) {
  const auto now = floor<seconds>(system_clock::now());
  {
    Database db{std::filesystem::path(file)};
    (void)migrate(db, schema_migrations(), now);
  }
  ConnectionPool pool(file);
  SqliteBacktestStore store(pool);
  for (const BacktestReport& r : reports) {
    const BacktestRunIdentity id{
        .run_id =
            fmt::format("{}.{}.{}", r.policy, detail::iso_date(first), detail::iso_date(last)),
        .description = std::string(description),
        .start_date = first,
        .end_date = last,
        .created_at = now};
    store.save_run(to_run_row(r, id), to_trade_rows(r, id.run_id));
  }
  fmt::print("stored {} runs in {} (run_id <policy>.{}.{})\n", reports.size(), file,
             detail::iso_date(first), detail::iso_date(last));
}
#endif

int run(const Args& args) {
  const std::vector<std::string> policies = split_list(args.policies);
  if (policies.empty()) throw UsageError{"--policies: no policy named"};
  for (const std::string& p : policies) {
    try {
      (void)make_backtest_policy(p);
    } catch (const InvalidInput& e) {
      throw UsageError{
          fmt::format("--policies: {} (aliases: original, model_pop, empirical_pop)", e.what())};
    }
  }
  const auto from = date_arg("--from", args.from);
  const auto to = date_arg("--to", args.to);
  if (from && to && sys_days{*to} < sys_days{*from}) {
    throw UsageError{fmt::format("--to {} is before --from {}", args.to, args.from)};
  }
  ExitRule exit_rule{};
  try {
    exit_rule = parse_exit_rule(args.exit);
  } catch (const InvalidInput& e) {
    throw UsageError{fmt::format("--exit: {}", e.what())};
  }
  VerdictRule verdict{};
  try {
    verdict = parse_verdict_rule(args.verdict);
  } catch (const InvalidInput& e) {
    throw UsageError{fmt::format("--verdict: {}", e.what())};
  }
  LiquidityPolicy unknown_oi{};
  try {
    unknown_oi = parse_liquidity_policy(args.unknown_oi, "--unknown-oi");
  } catch (const InvalidInput& e) {
    throw UsageError{e.what()};
  }
#if !defined(IVCRUSH_BACKTEST_WITH_SQLITE)
  if (!args.db.empty()) {
    throw UsageError{
        "--db: not available (this build has no ivcrush::sqlite: install SQLite3 "
        "and reconfigure)"};
  }
#endif

  const io::EarningsDataset data = examples::load_dataset_or_throw(args.data_dir);

  std::vector<BacktestEvent> events = backtest_events(data, {.from = from, .to = to});
  std::erase_if(events, [](const BacktestEvent& e) {
    return e.reaction->reaction_timing != EarningsTiming::before_open;
  });
  if (events.empty()) throw UsageError{"no real reaction in the range"};
  const year_month_day first = events.front().event.date;
  const year_month_day last = events.back().event.date;
  std::vector<Symbol> tickers;
  for (const BacktestEvent& e : events) tickers.push_back(e.event.symbol);
  std::sort(tickers.begin(), tickers.end());
  tickers.erase(std::unique(tickers.begin(), tickers.end()), tickers.end());

  ModeledChainOptions model;
  model.model.base_volatility = Volatility::from_points(args.base_vol_pct);
  model.implied_move.premium = args.premium;
  const ModeledChainSource source(data, model);

  BacktestConfig config;
  // Read for market chains; the backtester judges a modeled chain's unknown OI as acceptable.
  config.analysis.generator.analysis.liquidity_policy = unknown_oi;
  config.exit = exit_rule;
  config.verdict = verdict;
  config.fill = args.fill;
  config.history_window = args.history;
  config.commissions = {.per_contract = Money::dollars(args.commission),
                        .per_share = Money::zero(),
                        .charge_exit = true};
  if (args.account > 0.0) {
    config.sizing = {.mode = SizingMode::candidate, .account_size = Money::dollars(args.account)};
  } else {
    config.sizing = {.mode = SizingMode::fixed, .contracts = args.contracts};
  }
  const std::vector<BacktestReport> reports =
      run_backtests(events, data, source, std::span<const std::string>(policies), config);

  fmt::print("ivcrush backtest: {} real before-open earnings reactions of {} tickers, {} .. {}\n",
             events.size(), tickers.size(), detail::iso_date(first), detail::iso_date(last));
  fmt::print(
      "chains: MODELED, not market quotes (see docs/backtest.md). Entry: the event model at the "
      "last close\n  before the news, calibrated to the event's observed implied move or else to "
      "{:.2f} x the RMS of all\n  the ticker's earlier reactions (at least {}); base volatility "
      "{:.1f} %. Exit: the same model after the\n  news, at the real reaction close.\n",
      args.premium, model.implied_move.min_history, args.base_vol_pct);
  fmt::print(
      "open interest: unknown (modeled); liquidity judged on spreads and bids (--unknown-oi {} "
      "applies to market chains)\n",
      args.unknown_oi);
  const std::string size =
      args.account > 0.0
          ? fmt::format("sized by the generator's rule on a ${:.0f} account ({:.0f} % risk budget)",
                        args.account, config.sizing.max_risk_fraction * 100.0)
          : fmt::format("{} contract{} per leg", args.contracts, args.contracts == 1 ? "" : "s");
  fmt::print(
      "trades: the top-ranked candidate{}, {};\n  filled {:.2f} of the way from mid to the touch; "
      "${:.2f} per contract per leg at entry and exit;\n  exit: {}; history: newest {} reactions "
      "before each announcement (--history {}).\n\n",
      verdict == VerdictRule::follow ? " unless the policy's verdict is no trade (--verdict follow)"
                                     : " whatever the policy's verdict (--verdict ignore)",
      size, args.fill, args.commission, to_string(exit_rule), config.history_window,
      config.history_window);

  std::vector<std::string> header;
  for (const std::string& p : policies) header.push_back(p);
  print_row("policy", header);
  row("  (library name)", reports, [](const BacktestReport& r) { return r.policy; });
  row("trades", reports,
      [](const BacktestReport& r) { return fmt::format("{}", r.trades.size()); });
  row("modeled trades", reports,
      [](const BacktestReport& r) { return fmt::format("{}", r.modeled_trades); });
  row("win rate %", reports, [](const BacktestReport& r) {
    return r.summary.win_rate ? fmt::format("{:.2f}", r.summary.win_rate->pct()) : "n/a";
  });
  row("total P/L $", reports,
      [](const BacktestReport& r) { return fmt::format("{:.2f}", r.summary.total_pnl.dollars()); });
  row("avg return on risk %", reports, [](const BacktestReport& r) {
    return r.summary.avg_return_on_risk
               ? fmt::format("{:.2f}", *r.summary.avg_return_on_risk * 100.0)
               : "n/a";
  });
  row("profit factor", reports,
      [](const BacktestReport& r) { return opt(r.summary.profit_factor, "{:.3f}"); });
  row("expectancy $/trade", reports,
      [](const BacktestReport& r) { return opt_money(r.summary.expectancy); });
  row("Sharpe (annualized)", reports,
      [](const BacktestReport& r) { return opt(r.summary.sharpe_annualized, "{:.3f}"); });
  row("Sortino (annualized)", reports,
      [](const BacktestReport& r) { return opt(r.summary.sortino_annualized, "{:.3f}"); });
  row("  trades per year used", reports, [](const BacktestReport& r) {
    return opt(r.summary.annualization.periods_per_year, "{:.2f}");
  });
  row("max drawdown $", reports, [](const BacktestReport& r) {
    return fmt::format("{:.2f}", r.summary.max_drawdown.dollars());
  });
  row("max drawdown % (compounded)", reports, [](const BacktestReport& r) {
    return fmt::format("{:.2f}", r.summary.max_drawdown_compounded.pct());
  });
  row("worst trade $", reports,
      [](const BacktestReport& r) { return opt_money(r.summary.worst_trade); });
  fmt::print(
      "  Sharpe and Sortino: mean / deviation of the per-trade return on risk, x sqrt(trades per "
      "year)\n  observed from the first entry to the last exit (ACT/365.25). Compounded drawdown: "
      "{:.0f} % of\n  equity risked per trade from ${:.0f}.\n",
      config.performance.risk_fraction * 100.0, config.performance.starting_capital.dollars());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    fmt::print("  {}: {}\n", policies[i], chains_label(reports[i]));
  }

  fmt::print("\nskipped events by reason\n");
  for (int k = 0; k <= static_cast<int>(SkipReason::expiration_close_unknown); ++k) {
    const auto reason = static_cast<SkipReason>(k);
    bool any = false;
    std::vector<std::string> cells;
    for (const BacktestReport& r : reports) {
      std::size_t n = 0;
      for (const SkipCount& c : r.skip_counts()) {
        if (c.reason == reason) n = c.events;
      }
      any = any || n > 0;
      cells.push_back(fmt::format("{}", n));
    }
    if (any) print_row(to_string(reason), cells);
  }
  row("total skipped", reports,
      [](const BacktestReport& r) { return fmt::format("{}", r.skipped.size()); });
  // The source's reasons, grouped (the same for every policy: the chains are shared).
  std::size_t few = 0;
  std::size_t below = 0;
  for (const SkippedEvent& s : reports.front().skipped) {
    if (s.reason != SkipReason::no_entry_chain) continue;
    if (s.message.find("RMS model needs") != std::string::npos) ++few;
    if (s.message.find("below the straddle") != std::string::npos) ++below;
  }
  fmt::print(
      "  no_entry_chain: {} with fewer than {} earlier reactions to model the implied move, {} "
      "with\n  an implied move below the straddle the base volatility alone prices.\n",
      few, model.implied_move.min_history, below);

  if (args.walk_forward) {
    WalkForwardOptions wf;
    wf.train = days{365};
    wf.test = days{182};
    wf.step = days{182};
    wf.start = first;
    wf.end = last;
    wf.metric = SelectionMetric::sharpe_annualized;
    const WalkForwardSummary s = walk_forward_reports(reports, wf);
    fmt::print(
        "\nwalk-forward: train {} days, test {} days, step {} days; the policy with the best "
        "annualized\n  Sharpe over each train window (at least {} trades) trades the next test "
        "window\n",
        wf.train.count(), wf.test.count(), wf.step.count(), wf.min_train_trades);
    if (s.windows.empty()) {
      fmt::print("  {}\n", s.message);
    } else {
      fmt::print("  windows {}, with a selection {}, with test trades {}\n", s.windows.size(),
                 s.windows_with_selection, s.windows_with_test_trades);
      fmt::print("  test trades {}, test P/L ${:.2f}, mean test win rate {} %\n", s.test_trades,
                 s.test_pnl.dollars(),
                 s.avg_test_win_rate ? fmt::format("{:.2f}", s.avg_test_win_rate->pct()) : "n/a");
      fmt::print("  mean test Sharpe (annualized, {} windows with at least {} test trades) {}\n",
                 s.windows_with_test_sharpe, wf.min_test_trades_for_mean_sharpe,
                 opt(s.avg_test_sharpe_annualized, "{:.3f}"));
      if (s.combined_test) {
        fmt::print(
            "  all test trades: Sharpe (annualized) {}, profit factor {}, max drawdown ${:.2f}\n",
            opt(s.combined_test->sharpe_annualized, "{:.3f}"),
            opt(s.combined_test->profit_factor, "{:.3f}"), s.combined_test->max_drawdown.dollars());
      }
      std::string counts;
      for (const PolicySelectionCount& c : s.selection_counts) {
        counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", c.policy, c.windows);
      }
      fmt::print("  selected: {}; most selected: {}\n", counts,
                 s.most_selected ? *s.most_selected : std::string("none"));
    }
  }

  if (!args.trades_csv.empty()) {
    examples::write_text_file(args.trades_csv, backtest_trades_csv(reports));
    std::size_t n = 0;
    for (const BacktestReport& r : reports) n += r.trades.size();
    fmt::print("\nwrote {} ({} trades)\n", args.trades_csv, n);
  }
  if (!args.equity_svg_dir.empty()) {
    const std::filesystem::path dir(args.equity_svg_dir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw DataError{fmt::format("cannot create {}: {}", dir.string(), ec.message())};
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const BacktestReport& r = reports[i];
      const std::filesystem::path file = dir / fmt::format("equity_{}.svg", r.policy);
      examples::write_text_file(file,
                                render_equity_svg({.title = policies[i] + " (" + r.policy + ")",
                                                   .note = chains_label(r),
                                                   .starting_capital = r.summary.starting_capital,
                                                   .points = r.summary.equity_curve}));
      fmt::print("wrote {}\n", file.string());
    }
  }
  if (!args.db.empty()) {
#if defined(IVCRUSH_BACKTEST_WITH_SQLITE)
    store_runs(args.db, reports, first, last,
               fmt::format("modeled chains; fill {:.2f}; commission {:.2f}; exit {}", args.fill,
                           args.commission, to_string(exit_rule)));
#endif
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{
      "Replay the real earnings reactions of the data under several scoring policies on modeled "
      "chains (see docs/backtest.md)",
      "backtest"};
  app.failure_message(CLI::FailureMessage::help);
  examples::add_data_option(app, args.data_dir);
  app.add_option("--policies", args.policies,
                 "comma-separated: iv_crush_default (original), iv_crush_model (model_pop), "
                 "iv_crush_empirical (empirical_pop), expected_value, conservative, aggressive")
      ->capture_default_str();
  app.add_option("--from", args.from, "first announcement date, YYYY-MM-DD");
  app.add_option("--to", args.to, "last announcement date, YYYY-MM-DD");
  examples::add_history_option(app, args.history);
  app.add_option("--fill", args.fill, "fill between mid (0) and the touch (1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--commission", args.commission, "dollars per contract per leg, each side")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--contracts", args.contracts, "contracts per leg of every trade")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--account", args.account,
                 "size each trade by the generator's sizing rule on this account (dollars; the "
                 "risk budget is 2 % of it) instead of --contracts")
      ->check(CLI::PositiveNumber)
      ->excludes("--contracts");
  app.add_option("--exit", args.exit, "reaction_close or expiration")->capture_default_str();
  app.add_option("--verdict", args.verdict,
                 "follow (skip an event whose best candidate's expected P/L rounds to $0.00 or "
                 "less under the policy's probability) or ignore (trade the top-ranked candidate)")
      ->capture_default_str();
  app.add_option("--base-vol", args.base_vol_pct, "modeled chains: ex-event volatility, percent")
      ->check(CLI::Range(1.0, 300.0))
      ->capture_default_str();
  app.add_option("--premium", args.premium,
                 "modeled implied move = premium x RMS of the earlier reactions")
      ->check(CLI::Range(0.1, 10.0))
      ->capture_default_str();
  app.add_option("--unknown-oi", args.unknown_oi,
                 "what an open interest missing from a market chain means: acceptable (liquidity "
                 "unknown, judged on spreads and bids) or zero (illiquid); a modeled chain's is "
                 "always unknown")
      ->capture_default_str();
  app.add_option("--trades-csv", args.trades_csv, "write every trade to this CSV file");
  app.add_option("--equity-svg-dir", args.equity_svg_dir,
                 "write one equity curve SVG per policy into this directory");
  app.add_flag("--walk-forward", args.walk_forward,
               "walk-forward policy selection (train 365 days, test 182, step 182)");
  app.add_option("--db", args.db, "store the runs in this SQLite file (needs ivcrush::sqlite)");
  if (const auto rc = examples::parse_command_line(app, argc, argv)) return *rc;
  return examples::run_with_exit_codes(
      "backtest", [&] { return run(args); }, &app);
}
