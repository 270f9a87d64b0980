// scan: every ticker with an upcoming earnings announcement, analysed in parallel and ranked by
// its best trade.
//
//   scan [--data DIR] [--chains DIR] [--threads N] [--policy NAME] [--top N] [--csv FILE]
//        [--json FILE] [--metrics-prom FILE] [--metrics-json FILE] [--metrics-port PORT]
//        [--db FILE.sqlite] [--history N] [--quiet]
//
// Universe. Without --chains: every ticker of DIR/implied_moves.csv, at its latest observed
// announcement, with an option chain MODELED around that event and calibrated to the observed
// implied move (analysis/event_chain_model.hpp; no market quotes are bundled, ADR 0006), so
// every output says MODELED. With --chains: every chain of every *.csv file of that directory
// (real end-of-day quotes, io/chain_csv.hpp), its event the calendar's first announcement after
// the chain's as-of instant. Either way the history is the ticker's newest --history N (default
// 12, default_history_window, as in analyze and backtest) real reactions before the event, and a
// ticker that cannot be analysed is listed with its status and
// reason, never dropped.
// Threads. A fixed pool of --threads workers takes items from one atomic index and writes each
// result into its slot of a pre-sized vector, so the output is the same for any thread count.
// Signals. SIGINT/SIGTERM stop the workers from taking new items; running analyses finish, what
// finished is written (table, CSV, JSON, metrics, database) with a line saying how many items
// were not scanned, and the exit status is 130.
// Exit status: 0 done, 1 error (unreadable data, an output file that cannot be written), 2 bad
// arguments, 130 interrupted. Progress goes to stderr; stdout holds no timings (golden-tested).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "example_support.hpp"
#include "ivcrush/adapters/metrics_exposition.hpp"
#include "ivcrush/adapters/metrics_registry.hpp"
#include "ivcrush/analysis/event_chain_model.hpp"
#include "ivcrush/analysis/ticker_analysis.hpp"
#include "ivcrush/io/chain_csv.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/runtime/shutdown.hpp"
#include "ivcrush/runtime/signal_watcher.hpp"
#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#if IVCRUSH_SCAN_WITH_SQLITE
#include "ivcrush/adapters/sqlite/sqlite.hpp"
#endif

namespace {

using namespace ivcrush;
using std::chrono::sys_days;
using std::chrono::sys_seconds;
using std::chrono::year_month_day;
namespace fs = std::filesystem;

using examples::exit_usage;
constexpr int exit_error = examples::exit_data;  // also unreadable data or an unwritable output
constexpr int exit_interrupted = 130;
constexpr std::string_view modeled_label = "MODELED";
constexpr std::string_view market_label = "market";

struct Options {
  std::string data = "data";
  std::string chains;
  unsigned threads = 0;  // 0: hardware concurrency
  std::string policy = "iv_crush_default";
  std::string unknown_oi = "acceptable";  // --unknown-oi: parse_liquidity_policy's spellings
  std::size_t top = 0;                    // 0: every row
  std::string csv, json, metrics_prom, metrics_json, db;
  std::optional<int> metrics_port;
  bool quiet = false;
  unsigned delay_ms = 0;  // testing only: sleep per item, so a signal can arrive mid-run
  std::size_t history = default_history_window;  // --history N
};

// ---------------------------------------------------------------------------------------------
// The universe: what each worker analyses.

struct ScanItem {
  Symbol symbol;
  std::optional<EarningsEvent> event;  // nullopt: no announcement found (a market chain)
  // Modeled: the observation the chain is calibrated to, and when it was priced.
  const ImpliedMoveObservation* observation = nullptr;
  sys_seconds as_of{};
  // Market: the chain read from a file.
  const OptionChain* chain = nullptr;
};

// One item per observed ticker: its latest announcement, priced from the newest observation of
// that announcement carrying both a spot and an implied move (a model needs both); when none
// does, the newest one (the worker reports what is missing).
std::vector<ScanItem> modeled_universe(const io::EarningsDataset& d) {
  std::vector<ScanItem> items;
  const auto& obs = d.observations;  // sorted by (ticker, announcement, scan date)
  for (std::size_t end = obs.size(); end > 0;) {
    std::size_t begin = end - 1;
    while (begin > 0 && obs[begin - 1].symbol == obs[end - 1].symbol) --begin;
    const ImpliedMoveObservation* chosen = &obs[end - 1];
    for (std::size_t i = end; i-- > begin && obs[i].earnings_date == chosen->earnings_date;) {
      if (obs[i].stock_price && obs[i].implied_move) {
        chosen = &obs[i];
        break;
      }
    }
    const EarningsEvent event{
        chosen->symbol, chosen->earnings_date,
        d.timing(chosen->symbol, chosen->earnings_date).value_or(EarningsTiming::unknown)};
    // Priced at the close of the scan date (or of the last weekday before the announcement
    // when the source gives no scan date).
    const year_month_day priced = examples::last_weekday_on_or_before(
        chosen->scan_date ? *chosen->scan_date
                          : year_month_day{sys_days{chosen->earnings_date} - std::chrono::days{1}});
    items.push_back({chosen->symbol, event, chosen, new_york_market_close(priced), nullptr});
    end = begin;
  }
  std::reverse(items.begin(), items.end());  // ticker order
  return items;
}

// The calendar's first announcement of `symbol` after `as_of` (an after-close announcement on
// the quote date counts; a before-open one has already happened by the close).
std::optional<EarningsEvent> next_event(const io::EarningsDataset& d, Symbol symbol,
                                        sys_seconds as_of) {
  auto it =
      std::lower_bound(d.calendar.begin(), d.calendar.end(), symbol,
                       [](const io::CalendarEntry& c, Symbol s) { return c.event.symbol < s; });
  for (; it != d.calendar.end() && it->event.symbol == symbol; ++it) {
    if (detail::event_instant(it->event) > as_of) return it->event;
  }
  return std::nullopt;
}

struct MarketChains {
  std::vector<OptionChain> chains;  // every chain of every file, file by file
  std::vector<std::string> files;   // the file of each chain (its name)
  std::size_t rejects = 0;
};

MarketChains read_market_chains(const fs::path& dir, bool quiet) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".csv") paths.push_back(entry);
  }
  std::sort(paths.begin(), paths.end());
  MarketChains out;
  for (const fs::path& p : paths) {
    io::ChainCsvResult r = io::read_option_chains(p);
    out.rejects += r.rejects.size();
    if (!quiet) {
      for (std::size_t i = 0; i < r.rejects.size() && i < 5; ++i) {
        const io::Reject& x = r.rejects[i];
        fmt::print(stderr, "scan: {}:{}: rejected ({}): {}\n", p.filename().string(), x.line,
                   x.column, x.reason);
      }
      if (r.rejects.size() > 5) {
        fmt::print(stderr, "scan: {}: {} more rejected rows\n", p.filename().string(),
                   r.rejects.size() - 5);
      }
    }
    for (OptionChain& c : r.chains) {
      out.chains.push_back(std::move(c));
      out.files.push_back(p.filename().string());
    }
  }
  return out;
}

std::vector<ScanItem> market_universe(const io::EarningsDataset& d, const MarketChains& m) {
  std::vector<ScanItem> items;
  items.reserve(m.chains.size());
  for (const OptionChain& c : m.chains) {
    items.push_back(
        {c.underlying(), next_event(d, c.underlying(), c.as_of()), nullptr, c.as_of(), &c});
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// One analysed item, as every output shows it.

struct Row {
  Symbol symbol;
  std::optional<EarningsEvent> event;
  std::string chain;  // MODELED, or market:<file>
  std::optional<double> spot;
  std::optional<double> implied_move_pct;  // the event's move the VRP used (see move_basis)
  std::string move_basis;                  // event_straddle or term_structure ("" when none)
  std::optional<double> vrp_ratio;
  std::string recommendation;      // the VRP's: excellent, good, marginal, skip ("" when none)
  std::string strategy;            // the best trade's kind ("" when none)
  std::string legs;                // e.g. "+175P -180P -225C +230C"
  std::optional<double> credit;    // net entry cash of one unit, $ (negative: a debit)
  std::optional<double> max_loss;  // of one unit, $
  std::optional<double> pop_model_pct;
  std::optional<double> score;
  std::int64_t contracts = 0;
  bool trade = false;     // the ranking's verdict (scoring/verdict.hpp) on the best candidate
  std::string status;     // "ok", "no_trade" or why there is no trade
  std::string reason;     // "" when ok
  bool analysed = false;  // analyze_ticker ran (what --db stores)
  std::size_t rank = 0;   // 1-based among the rows with a trade; 0 for the others
};

// Legs by strike (puts before calls at one strike), "+" bought, "-" sold: "+11P -14P -14C +17C".
std::string describe_legs(const Strategy& s) {
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

struct ScanContext {
  const io::EarningsDataset& data;
  const StrategyScorer<AnyScoringPolicy>& scorer;
  const TickerAnalysisOptions& options;
  const EventChainModel& model;
  const MarketChains* market = nullptr;  // --chains only
  std::size_t history_window = default_history_window;
};

void fill_from_analysis(Row& row, const TickerAnalysis& a, std::size_t history_size) {
  row.analysed = true;
  row.status = std::string(to_string(a.status));
  row.reason = a.message;
  // The event's move the VRP read: the event expiration's straddle, or beyond the horizon the
  // term structure's event move (never the straddle of a far expiration).
  row.implied_move_pct.reset();
  if (const auto m = a.event_move()) {
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
    row.legs = describe_legs(c.strategy);
    row.credit = c.strategy.net_entry_cash().dollars();
    row.max_loss = c.max_loss.dollars();
    row.pop_model_pct = c.pop.model * 100.0;
    row.score = best->breakdown.total();
    row.contracts = c.contracts;
    row.trade = a.ranking.verdict.is_trade();
    if (!row.trade) {  // shown with its candidate, ranked after the trades
      const TradeVerdict& v = a.ranking.verdict;
      row.status = "no_trade";
      row.reason = no_trade_reason_text(&c, v);
    }
  }
}

Row analyse_item(const ScanItem& item, const ScanContext& ctx) {
  Row row{.symbol = item.symbol, .event = item.event, .chain = std::string(modeled_label)};
  if (item.chain != nullptr) {
    // market:<file>@<quote date>: a file may hold several chains of one ticker.
    row.chain = fmt::format(
        "{}:{}@{}", market_label,
        ctx.market->files[static_cast<std::size_t>(item.chain - ctx.market->chains.data())],
        detail::iso_date(new_york_date(item.chain->as_of())));
    row.spot = item.chain->spot().dollars();
  }
  if (const ImpliedMoveObservation* o = item.observation) {
    if (o->stock_price) row.spot = o->stock_price->dollars();
    if (o->implied_move) row.implied_move_pct = o->implied_move->pct();
    if (!o->stock_price || !o->implied_move) {
      row.status = "no_observed_spot";
      row.reason = fmt::format("the observation of {} gives no {} to model a chain from",
                               detail::iso_date(o->earnings_date),
                               o->stock_price ? "implied move" : "spot price");
      return row;
    }
  }
  if (!item.event) {
    row.status = "no_event";
    row.reason = fmt::format("the calendar lists no {} announcement after the chain's quote date",
                             item.symbol);
    return row;
  }
  const auto history = ctx.data.history_before(item.symbol, item.event->date, ctx.history_window);
  try {
    if (item.chain != nullptr) {
      const TickerAnalysis a =
          analyze_ticker({.chain = *item.chain, .event = *item.event, .history = history},
                         ctx.scorer, ctx.options);
      fill_from_analysis(row, a, history.size());
      if (a.status == AnalysisStatus::no_expiration_after_event) {
        // Often a calendar that does not reach back to the quotes: say which event was used.
        row.reason +=
            fmt::format(" (the calendar's first {} announcement after the {} quotes)", item.symbol,
                        detail::iso_date(new_york_date(item.chain->as_of())));
      }
      return row;
    }
    std::optional<EventChainSetup> setup;
    try {
      setup = model_event_chain({.event = *item.event,
                                 .as_of = item.as_of,
                                 .spot = *item.observation->stock_price,
                                 .implied_move = *item.observation->implied_move},
                                ctx.model);
    } catch (const InvalidInput& e) {
      row.status = "model_failed";
      row.reason = e.what();
      return row;
    }
    const TickerAnalysis a =
        analyze_ticker({.chain = setup->chain.chain, .event = *item.event, .history = history},
                       ctx.scorer, ctx.options);
    fill_from_analysis(row, a, history.size());
  } catch (const std::exception& e) {  // one ticker's failure must not end the scan
    row.status = "error";
    row.reason = e.what();
  }
  return row;
}

// Tickers with a trade first, best score first; then those whose best candidate is no trade, by
// score; then the others; ties by ticker and date.
void rank_rows(std::vector<Row>& rows) {
  const auto key_date = [](const Row& r) { return r.event ? sys_days{r.event->date} : sys_days{}; };
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    if (a.trade != b.trade) return a.trade;
    if (a.score.has_value() != b.score.has_value()) return a.score.has_value();
    if (a.score && *a.score != *b.score) return *a.score > *b.score;
    if (a.symbol != b.symbol) return a.symbol < b.symbol;
    return key_date(a) < key_date(b);
  });
  std::size_t rank = 0;
  for (Row& r : rows) r.rank = r.trade ? ++rank : 0;
}

// ---------------------------------------------------------------------------------------------
// Outputs: the table (stdout), CSV, JSON. Fixed decimals, so 1 or N threads print the same bytes.

std::string opt(const std::optional<double>& v, int decimals) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string();
}

std::string event_text(const Row& r) {
  return r.event ? fmt::format("{} {}", detail::iso_date(r.event->date), r.event->timing) : "-";
}

void print_table(const std::vector<Row>& rows, std::size_t top) {
  using Cells = std::vector<std::string>;
  std::vector<Cells> table{{"#", "ticker", "event", "chain", "implied", "VRP", "rec", "strategy",
                            "legs", "credit", "max loss", "POP", "score", "status"}};
  const auto dash = [](std::string s) { return s.empty() ? std::string("-") : s; };
  const auto money = [](const std::optional<double>& v) {
    return v ? fmt::format("{}${:.2f}", *v < 0 ? "-" : "", *v < 0 ? -*v : *v) : std::string("-");
  };
  std::size_t shown = 0;
  for (const Row& r : rows) {
    if (top > 0 && shown == top) break;
    ++shown;
    table.push_back(
        {r.rank ? std::to_string(r.rank) : "-", std::string(r.symbol.view()), event_text(r),
         r.chain,
         r.implied_move_pct
             ? opt(r.implied_move_pct, 2) + "%" +
                   (r.move_basis == to_string(EventMoveBasis::term_structure) ? " (term)" : "")
             : "-",
         dash(opt(r.vrp_ratio, 2)), dash(r.recommendation), dash(r.strategy), dash(r.legs),
         money(r.credit), money(r.max_loss), r.pop_model_pct ? opt(r.pop_model_pct, 1) + "%" : "-",
         dash(opt(r.score, 1)), r.status});
  }
  std::vector<std::size_t> width(table.front().size(), 0);
  for (const Cells& row : table) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  // Text columns left-aligned, numbers right-aligned.
  constexpr bool left[] = {false, true, true,  true,  false, false, true,
                           true,  true, false, false, false, false, true};
  for (const Cells& row : table) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      line += left[i] ? fmt::format("{:<{}}", row[i], width[i])
                      : fmt::format("{:>{}}", row[i], width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  }
  if (shown < rows.size()) {
    fmt::print("... {} more rows not shown (--top {}); the CSV and JSON outputs have them all\n",
               rows.size() - shown, top);
  }
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

constexpr std::string_view csv_header =
    "rank,ticker,event_date,timing,chain,spot,implied_move_pct,move_basis,vrp_ratio,recommendation,"
    "strategy,legs,credit,max_loss,pop_model_pct,score,contracts,status,reason\n";

std::string to_csv(const std::vector<Row>& rows) {
  std::string out(csv_header);
  for (const Row& r : rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       r.rank ? std::to_string(r.rank) : "", r.symbol.view(),
                       r.event ? detail::iso_date(r.event->date) : "",
                       r.event ? std::string(to_string(r.event->timing)) : "", csv_field(r.chain),
                       opt(r.spot, 2), opt(r.implied_move_pct, 4), r.move_basis,
                       opt(r.vrp_ratio, 4), r.recommendation, r.strategy, csv_field(r.legs),
                       opt(r.credit, 2), opt(r.max_loss, 2), opt(r.pop_model_pct, 2),
                       opt(r.score, 4), r.strategy.empty() ? "" : std::to_string(r.contracts),
                       r.status, csv_field(r.reason));
  }
  return out;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + '"';
}

std::string json_number(const std::optional<double>& v, int decimals) {
  return v ? opt(v, decimals) : "null";
}

std::string json_text_or_null(std::string_view s) { return s.empty() ? "null" : json_string(s); }

struct ScanSummary {
  std::size_t universe = 0;
  std::size_t scanned = 0;
  bool interrupted = false;
  std::string policy;
  std::string source;  // "modeled" or "market"
};

std::string to_json(const std::vector<Row>& rows, const ScanSummary& s) {
  std::string out = fmt::format(
      "{{\"scan\":{{\"chains\":{},\"policy\":{},\"tickers\":{},\"scanned\":{},"
      "\"not_scanned\":{},\"interrupted\":{}}},\n\"rows\":[",
      json_string(s.source), json_string(s.policy), s.universe, s.scanned, s.universe - s.scanned,
      s.interrupted ? "true" : "false");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    out += i == 0 ? "\n" : ",\n";
    out += fmt::format(
        "{{\"rank\":{},\"ticker\":{},\"event_date\":{},\"timing\":{},\"chain\":{},\"spot\":{},"
        "\"implied_move_pct\":{},\"move_basis\":{},\"vrp_ratio\":{},\"recommendation\":{},"
        "\"strategy\":{},"
        "\"legs\":{},\"credit\":{},\"max_loss\":{},\"pop_model_pct\":{},\"score\":{},"
        "\"contracts\":{},\"status\":{},\"reason\":{}}}",
        r.rank ? std::to_string(r.rank) : "null", json_string(r.symbol.view()),
        r.event ? json_string(detail::iso_date(r.event->date)) : "null",
        r.event ? json_string(to_string(r.event->timing)) : "null", json_string(r.chain),
        json_number(r.spot, 2), json_number(r.implied_move_pct, 4), json_text_or_null(r.move_basis),
        json_number(r.vrp_ratio, 4), json_text_or_null(r.recommendation),
        json_text_or_null(r.strategy), json_text_or_null(r.legs), json_number(r.credit, 2),
        json_number(r.max_loss, 2), json_number(r.pop_model_pct, 2), json_number(r.score, 4),
        r.strategy.empty() ? "null" : std::to_string(r.contracts), json_string(r.status),
        json_text_or_null(r.reason));
  }
  out += "\n]}\n";
  return out;
}

// Writes one output file; on failure says so and returns false (the other outputs still go out).
bool write_file(const std::string& path, std::string_view content) {
  try {
    examples::write_text_file(path, content);
    return true;
  } catch (const examples::DataError& e) {
    fmt::print(stderr, "scan: {}\n", e.message);
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Metrics, and a minimal HTTP endpoint for them: GET /metrics on 127.0.0.1, one request per
// connection, answered by one thread that polls its stop token every 100 ms.

namespace metric {
constexpr std::string_view tickers = "ivcrush_scan_tickers_total";
constexpr std::string_view seconds = "ivcrush_scan_ticker_seconds";
constexpr std::string_view in_flight = "ivcrush_scan_in_flight";
constexpr std::string_view universe = "ivcrush_scan_universe_tickers";
}  // namespace metric

void describe_metrics(MetricsRegistry& m) {
  m.describe(metric::tickers, "Tickers scanned, by status (ok or why no trade was found)");
  m.describe(metric::seconds, "Wall time of one ticker's analysis (model, greeks, trades, scores)");
  m.describe(metric::in_flight, "Analyses running now");
  m.describe(metric::universe, "Tickers the scan was asked to analyse");
  m.define_histogram(metric::seconds, {.bucket_bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                         0.1, 0.25, 0.5, 1.0, 2.5, 5.0}});
  m.set_gauge(metric::in_flight, 0.0);
}

class MetricsServer {
 public:
  // Listens on 127.0.0.1:port (0: a free port); throws std::system_error when it cannot.
  MetricsServer(const MetricsRegistry& metrics, int port) : metrics_(&metrics) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
    const int yes = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      const int err = errno;
      ::close(fd_);
      throw std::system_error(err, std::generic_category(),
                              fmt::format("cannot listen on 127.0.0.1:{}", port));
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::jthread([this](std::stop_token stop) { serve(stop); });
  }
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;
  ~MetricsServer() {
    thread_.request_stop();
    thread_.join();
    ::close(fd_);
  }
  [[nodiscard]] int port() const noexcept { return port_; }

 private:
  void serve(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      answer(client);
      ::close(client);
    }
  }

  // Reads the request head (up to 8 KiB, 2 s at most), answers 200 for GET /metrics, else 404.
  void answer(int client) const {
    const timeval timeout{2, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string request;
    char buffer[1024];
    while (request.size() < 8192 && request.find("\r\n\r\n") == std::string::npos &&
           request.find("\n\n") == std::string::npos) {
      const auto got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      request.append(buffer, static_cast<std::size_t>(got));
    }
    const std::string_view line =
        std::string_view(request).substr(0, request.find_first_of("\r\n"));
    const bool ok = line.starts_with("GET /metrics ") || line == "GET /metrics";
    const std::string body = ok ? to_prometheus_text(metrics_->snapshot()) : "not found\n";
    const std::string response = fmt::format(
        "HTTP/1.0 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
        "Connection: close\r\n\r\n{}",
        ok ? "200 OK" : "404 Not Found",
        ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8", body.size(),
        body);
    std::size_t sent = 0;
    while (sent < response.size()) {
      const auto n = ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // the client went away: nothing to do
      sent += static_cast<std::size_t>(n);
    }
  }

  const MetricsRegistry* metrics_;
  int fd_ = -1;
  int port_ = 0;
  std::jthread thread_;
};

// ---------------------------------------------------------------------------------------------
// The scan itself.

struct Progress {
  bool enabled = true;
  bool terminal = false;
  std::size_t total = 0;
  std::size_t done = 0;
  std::mutex mutex;

  void report(const Row& row) {
    const std::lock_guard lock(mutex);
    ++done;
    if (!enabled) return;
    const int w = static_cast<int>(std::to_string(total).size());
    const std::string text =
        fmt::format("[{:>{}}/{}] {} {}", done, w, total, row.symbol.view(), row.status);
    if (terminal) {
      fmt::print(stderr, "\r{:<60}", text);  // padded over the previous, longer line
      if (done == total) fmt::print(stderr, "\n");
    } else {
      fmt::print(stderr, "{}\n", text);
    }
    std::fflush(stderr);
  }

  // Ends an unfinished terminal line (an interrupted scan's last "\r[ 7/25] ..." line).
  void finish() {
    const std::lock_guard lock(mutex);
    if (enabled && terminal && done > 0 && done < total) fmt::print(stderr, "\n");
  }

  void note(std::string_view text) {
    const std::lock_guard lock(mutex);
    if (!enabled) return;
    fmt::print(stderr, "{}scan: {}\n", terminal ? "\n" : "", text);
    std::fflush(stderr);
  }
};

#if IVCRUSH_SCAN_WITH_SQLITE
void store_analyses(const std::string& path, const std::vector<Row>& rows, bool quiet) {
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  ConnectionPool pool(path, {.size = 1, .max_overflow = 0});
  {
    auto db = pool.checkout();
    const std::size_t applied = migrate(*db, schema_migrations(), now);
    if (applied > 0 && !quiet) fmt::print(stderr, "scan: {}: schema migrated\n", path);
  }
  SqliteStorage store(pool);
  std::size_t stored = 0;
  for (const Row& r : rows) {
    if (!r.analysed) continue;
    store.append_analysis(
        AnalysisRecord{.symbol = r.symbol,
                       .as_of = now,
                       .earnings_date = r.event->date,
                       .implied_move = Percentage::from_pct(r.implied_move_pct.value_or(0.0)),
                       .vrp_ratio = r.vrp_ratio.value_or(0.0),
                       .recommendation = r.recommendation.empty() ? "skip" : r.recommendation,
                       .regime = "",
                       .strategy_type = r.strategy,
                       .strategy_description = r.legs,
                       .score = r.score.value_or(0.0),
                       .contracts = r.contracts});
    ++stored;
  }
  if (!quiet) fmt::print(stderr, "scan: stored {} analyses in {}\n", stored, path);
}
#endif

int run(const Options& o) {
  // The coordinator first: the signal watcher refers to it and must be destroyed before it.
  ShutdownCoordinator shutdown;
  SignalWatcher signals(shutdown);

  io::EarningsDataset data = io::load_earnings_dataset(o.data);
  if (!data.rejects.empty()) {
    for (const io::Reject& r : data.rejects) {
      fmt::print(stderr, "scan: {}:{}: {} ({}): {}\n", r.file, r.line, r.column, r.code, r.reason);
    }
    fmt::print(stderr, "scan: {} malformed rows in {}; fix them first\n", data.rejects.size(),
               o.data);
    return exit_error;
  }
  MarketChains market;
  std::vector<ScanItem> items;
  if (o.chains.empty()) {
    items = modeled_universe(data);
  } else {
    market = read_market_chains(o.chains, o.quiet);
    items = market_universe(data, market);
  }

  const AnyScoringPolicy policy = make_scoring_policy(o.policy);
  const StrategyScorer<AnyScoringPolicy> scorer(policy, {.top_n = 1, .explain = false});
  TickerAnalysisOptions options;
  // Only the best trade is reported: analyse only the candidates that can be it (the same
  // ranking as the exhaustive one, tests/analysis/pruning_test.cpp).
  options.prune_candidates = true;
  if (o.chains.empty()) {
    // A modeled chain has no open interest: its liquidity is unknown, judged on the spreads.
    options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
    options.modeled_chain = true;
  } else {
    options.generator.analysis.liquidity_policy =
        parse_liquidity_policy(o.unknown_oi, "--unknown-oi");
  }
  const EventChainModel model;
  const ScanContext ctx{data,     scorer, options, model, o.chains.empty() ? nullptr : &market,
                        o.history};

  MetricsRegistry metrics;
  describe_metrics(metrics);
  metrics.set_gauge(metric::universe, static_cast<double>(items.size()));
  std::optional<MetricsServer> server;
  if (o.metrics_port) {
    server.emplace(metrics, *o.metrics_port);
    if (!o.quiet) {
      fmt::print(stderr, "scan: metrics at http://127.0.0.1:{}/metrics\n", server->port());
    }
  }

  const unsigned hardware = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t n_threads = std::max<std::size_t>(
      1, std::min<std::size_t>(o.threads == 0 ? hardware : o.threads, items.size()));
  std::vector<std::optional<Row>> results(items.size());
  std::atomic<std::size_t> next{0};
  std::mutex in_flight_mutex;
  int in_flight = 0;
  const auto change_in_flight = [&](int delta) {
    const std::lock_guard lock(in_flight_mutex);
    in_flight += delta;
    metrics.set_gauge(metric::in_flight, in_flight);
  };
  Progress progress{
      .enabled = !o.quiet, .terminal = ::isatty(STDERR_FILENO) == 1, .total = items.size()};

  const auto worker = [&] {
    while (!shutdown.stop_requested()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= items.size()) return;
      change_in_flight(+1);
      const auto start = std::chrono::steady_clock::now();
      if (o.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(o.delay_ms));
      Row row = analyse_item(items[i], ctx);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      metrics.observe(metric::seconds, took.count());
      metrics.increment(metric::tickers, 1.0, {{"status", row.status}});
      change_in_flight(-1);
      progress.report(row);
      results[i] = std::move(row);  // each slot written by one worker only
    }
  };
  {
    // Said once, when the first signal arrives (on the signal watcher's thread).
    const std::stop_callback on_signal(shutdown.stop_token(), [&] {
      progress.note("signal received: finishing the running analyses, taking no new tickers");
    });
    std::vector<std::jthread> pool;
    pool.reserve(n_threads);
    for (std::size_t t = 0; t < n_threads; ++t) pool.emplace_back(worker);
  }  // joined here
  const bool interrupted = shutdown.stop_requested();
  progress.finish();

  std::vector<Row> rows;
  rows.reserve(items.size());
  for (std::optional<Row>& r : results) {
    if (r) rows.push_back(std::move(*r));
  }
  rank_rows(rows);
  const ScanSummary summary{.universe = items.size(),
                            .scanned = rows.size(),
                            .interrupted = interrupted,
                            .policy = std::string(policy.name()),
                            .source = std::string(o.chains.empty() ? modeled_label : market_label)};

  if (o.chains.empty()) {
    fmt::print(
        "ivcrush scan: {} tickers with an implied-move observation in {}/implied_moves.csv\n",
        items.size(), o.data);
    fmt::print(
        "chains: MODELED, each calibrated to the ticker's latest observed implied move "
        "(not market quotes)\n");
    fmt::print("open interest: unknown (modeled); liquidity judged on spreads and bids\n");
  } else {
    fmt::print("ivcrush scan: {} market chains from {} ({} rejected rows)\n", items.size(),
               o.chains, market.rejects);
    fmt::print("open interest: where the data has none, --unknown-oi {}: {}\n",
               to_string(options.generator.analysis.liquidity_policy),
               options.generator.analysis.liquidity_policy == LiquidityPolicy::unknown_is_acceptable
                   ? "liquidity unknown, judged on spreads and bids"
                   : "counted as 0, so illiquid");
  }
  fmt::print(
      "policy: {}; history: newest {} real reactions before each announcement (--history {})\n\n",
      summary.policy, o.history, o.history);
  print_table(rows, o.top);

  bool reasons_header = false;
  for (const Row& r : rows) {
    if (r.status == "ok") continue;
    if (!reasons_header) fmt::print("\nWithout a trade (status: reason):\n");
    reasons_header = true;
    fmt::print("  {:<6} {}: {}\n", r.symbol.view(), r.status, r.reason);
  }
  std::vector<std::pair<std::string, std::size_t>> by_status;
  for (const Row& r : rows) {
    auto it = std::find_if(by_status.begin(), by_status.end(),
                           [&](const auto& p) { return p.first == r.status; });
    if (it == by_status.end()) {
      by_status.emplace_back(r.status, 1);
    } else {
      ++it->second;
    }
  }
  std::sort(by_status.begin(), by_status.end());
  std::string counts;
  for (const auto& [status, n] : by_status) {
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n, status);
  }
  fmt::print("\n{} of {} scanned: {}\n", rows.size(), items.size(), counts.empty() ? "-" : counts);
  if (o.chains.empty()) {
    fmt::print(
        "Trades are priced on MODELED chains: the credit, max loss, POP and score show "
        "what the\nobserved implied move would pay under the model, not quotes you can "
        "trade.\n");
  }
  if (interrupted) {
    fmt::print("scan interrupted by a signal: {} of {} tickers not scanned\n",
               items.size() - rows.size(), items.size());
  }

  bool ok = true;
  if (!o.csv.empty()) ok = write_file(o.csv, to_csv(rows)) && ok;
  if (!o.json.empty()) ok = write_file(o.json, to_json(rows, summary)) && ok;
  if (!o.metrics_prom.empty()) {
    ok = write_file(o.metrics_prom, to_prometheus_text(metrics.snapshot())) && ok;
  }
  if (!o.metrics_json.empty()) {
    ok = write_file(o.metrics_json, to_json(metrics.snapshot()) + "\n") && ok;
  }
#if IVCRUSH_SCAN_WITH_SQLITE
  if (!o.db.empty()) store_analyses(o.db, rows, o.quiet);
#endif
  std::fflush(stdout);
  if (!ok) return exit_error;
  return interrupted ? exit_interrupted : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "scan: every ticker with an upcoming earnings announcement, ranked by its best "
      "trade",
      "scan"};
  Options o;
  app.add_option("--data", o.data, "directory of the earnings CSV files")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  app.add_option("--chains", o.chains,
                 "directory of market option-chain CSV files (default: chains MODELED from "
                 "implied_moves.csv)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--threads", o.threads, "worker threads (default: the hardware's)")
      ->check(CLI::Range(1U, 1024U));
  app.add_option("--policy", o.policy,
                 "scoring policy: iv_crush_default, iv_crush_model, iv_crush_empirical, "
                 "expected_value, conservative, aggressive")
      ->capture_default_str();
  app.add_option("--unknown-oi", o.unknown_oi,
                 "what an open interest missing from a --chains file means: acceptable "
                 "(liquidity unknown, judged on spreads and bids) or zero (illiquid); a modeled "
                 "chain's is always unknown")
      ->capture_default_str();
  app.add_option("--top", o.top, "show only the first N rows of the table (files get all)")
      ->check(CLI::Range(std::size_t{1}, std::numeric_limits<std::size_t>::max()));
  app.add_option("--csv", o.csv, "write the rows as CSV");
  app.add_option("--json", o.json, "write the rows as JSON");
  app.add_option("--metrics-prom", o.metrics_prom, "write the metrics as Prometheus text");
  app.add_option("--metrics-json", o.metrics_json, "write the metrics as JSON");
  app.add_option("--metrics-port", o.metrics_port,
                 "serve GET /metrics on 127.0.0.1:PORT during the scan (0: any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--db", o.db, "append each analysis to this SQLite database");
  examples::add_history_option(app, o.history);
  app.add_flag("--quiet", o.quiet, "no progress or notices on stderr");
  // For tests only: sleep this long in each analysis, so a signal can arrive mid-scan.
  app.add_option("--delay-ms", o.delay_ms, "testing: sleep per ticker")->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    fmt::print(stderr, "scan: {}\n\n{}", e.what(), app.help());
    return exit_usage;
  }
  try {
    (void)make_scoring_policy(o.policy);
    (void)parse_liquidity_policy(o.unknown_oi, "--unknown-oi");
  } catch (const InvalidInput& e) {
    fmt::print(stderr, "scan: {}\n\n{}", e.what(), app.help());
    return exit_usage;
  }
#if !IVCRUSH_SCAN_WITH_SQLITE
  if (!o.db.empty()) {
    fmt::print(stderr,
               "scan: --db: this build has no SQLite support (ivcrush::sqlite was not "
               "built; install libsqlite3-dev and reconfigure)\n");
    return exit_usage;
  }
#endif
  try {
    return run(o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "scan: {}\n", e.what());
    return exit_error;
  }
}
