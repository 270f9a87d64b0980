// The earnings readers: each reader's rejects with their messages on small texts, and the
// bundled real files in data/ (row and reject counts pinned, values recomputed from the bars).
#include "ivcrush/io/earnings_csv.hpp"

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "support/check_close.hpp"

using namespace ivcrush;
using namespace std::chrono;

namespace {

struct ExpectedReject {
  std::size_t line;
  std::string column;
  std::string reason;
};

void check_rejects(const std::vector<io::Reject>& got, std::string_view file,
                   const std::vector<ExpectedReject>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].file == file);
    CHECK(got[i].line == want[i].line);
    CHECK(got[i].column == want[i].column);
    CHECK(got[i].reason == want[i].reason);
  }
}

const std::string data_dir = IVCRUSH_DATA_DIR;

}  // namespace

TEST_CASE("earnings calendar: events, the confirmed flag, and rejects") {
  const auto r =
      io::read_earnings_calendar(io::CsvReader("cal.csv",
                                               "ticker,earnings_date,timing,confirmed\r\n"
                                               "JPM,2024-04-12,BMO,1\r\n"
                                               "jpm,2024-04-12,BMO,1\r\n"
                                               "JPM,2024-13-12,BMO,1\r\n"
                                               "JPM,2024-04-12,PRE,1\r\n"
                                               "JPM,2024-04-12,AMC,yes\r\n"
                                               "NVDA,2024-05-22,AMC,0\r\n"
                                               "XYZ,2024-05-22,UNKNOWN,0\r\n"));
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0] ==
        io::CalendarEntry{{Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open},
                          true});
  CHECK(r.rows[1] ==
        io::CalendarEntry{{Symbol::parse("NVDA"), 2024y / May / 22, EarningsTiming::after_close},
                          false});
  CHECK(r.rows[2].event.timing == EarningsTiming::unknown);
  check_rejects(r.rejects, "cal.csv",
                {{3, "ticker", "symbol = 'jpm': must start with an upper-case letter A-Z"},
                 {4, "earnings_date", "date = '2024-13-12': is not a valid calendar date"},
                 {5, "timing", "earnings timing = 'PRE': must be one of BMO, AMC, DMH, UNKNOWN"},
                 {6, "confirmed", "confirmed = 'yes': must be 1 or 0"}});
}

TEST_CASE("earnings moves: the announcement-date bar, optional volumes, and rejects") {
  const std::string header =
      "ticker,earnings_date,timing,prev_close,earnings_open,earnings_high,earnings_low,"
      "earnings_close,gap_move_pct,close_move_pct,intraday_move_pct,volume_before,"
      "volume_earnings\r\n";
  const auto r = io::read_earnings_moves(io::CsvReader(
      "moves.csv", header + "NVDA,2024-05-22,AMC,95.342667,95.415632,95.976374,93.206637,94.90686,"
                            "0.076529,0.457095,2.905034,328946000,548648000\r\n"  // 2 ok
                            "X,2024-05-22,BMO,10,10,11,9,10.5,,,,,\r\n"    // 3 ok, no volumes
                            "X,2024-05-23,BMO,10,8,11,9,10.5,,,,,\r\n"     // 4 open < low
                            "X,2024-05-24,BMO,0,10,11,9,10.5,,,,,\r\n"     // 5
                            "X,2024-05-25,BMO,-1,10,11,9,10.5,,,,,\r\n"    // 6
                            "X,2024-05-26,BMO,nan,10,11,9,10.5,,,,,\r\n"   // 7
                            "X,2024-05-27,BMO,10,10,11,9,10.5,,,,-5,\r\n"  // 8
                            "X,2024-05-28,BMO,10,10,11,9,10.5,,,,,-5\r\n"  // 9
                            "X,2024-05-29,BMO,10,10,9,11,10.5,,,,,\r\n"    // 10 low > high
                            "X,2024-05-30,BMO,10,10,11,9,,,,,,\r\n"));     // 11
  REQUIRE(r.rows.size() == 2);
  const AnnouncementBars& nvda = r.rows[0];
  CHECK(nvda.event ==
        EarningsEvent{Symbol::parse("NVDA"), 2024y / May / 22, EarningsTiming::after_close});
  CHECK(nvda.previous_close == Price::dollars(95.342667));
  CHECK(nvda.previous_volume == 328946000);
  CHECK(nvda.announcement_day.date() == 2024y / May / 22);
  CHECK(nvda.announcement_day.open() == Price::dollars(95.415632));
  CHECK(nvda.announcement_day.high() == Price::dollars(95.976374));
  CHECK(nvda.announcement_day.low() == Price::dollars(93.206637));
  CHECK(nvda.announcement_day.close() == Price::dollars(94.90686));
  CHECK(nvda.announcement_day.volume() == 548648000);
  CHECK_FALSE(nvda.next_day.has_value());  // an AMC row is the session before the news
  // The file's close_move_pct 0.457095 is |close/prev - 1| x 100 of these bars.
  CHECK_CLOSE(std::fabs(94.90686 / 95.342667 - 1) * 100, 0.457095, 1e-6, 0.0);
  CHECK_FALSE(r.rows[1].previous_volume.has_value());
  CHECK_FALSE(r.rows[1].announcement_day.volume().has_value());
  check_rejects(
      r.rejects, "moves.csv",
      {{4, "earnings_open..earnings_close", "open = 8: is outside the bar's range [9, 11]"},
       {5, "prev_close", "prev_close = 0: must be positive"},
       {6, "prev_close", "prev_close = -1: must be positive"},
       {7, "prev_close", "prev_close = nan: must be finite"},
       {8, "volume_before", "volume_before = -5: must not be negative"},
       {9, "earnings_open..earnings_close", "volume = -5: must not be negative"},
       {10, "earnings_open..earnings_close", "low = 11: is above high 9"},
       {11, "earnings_close", "earnings_close = '': is empty"}});
}

TEST_CASE("earnings reactions: quoted source, reaction-date rules, rejects") {
  const std::string header =
      "ticker,earnings_date,timing,reference_close,reaction_date,reaction_open,reaction_high,"
      "reaction_low,reaction_close,gap_move_pct,close_move_pct,intraday_range_pct,source\r\n";
  const auto r = io::read_earnings_reactions(io::CsvReader(
      "reactions.csv",
      header +
          "JPM,2024-04-12,BMO,189.164871,2024-04-12,182.282832,182.873262,176.688114,"
          "176.930099,-3.638,-6.467782,3.26,\"db: BMO, reaction = announcement day\"\r\n"
          "JPM,2024-04-12,BMO,189,2024-04-11,182,183,176,177,,,,src\r\n"
          "NVDA,2024-05-22,AMC,94.9,2024-05-22,95,96,93,95,,,,src\r\n"
          "NVDA,2024-05-22,AMC,94.9,2024-05-23,102,106,101,104,,,,\"src, with \"\"quotes\"\"\"\r\n"
          "JPM,2024-04-12,BMO,189,2024-04-12,182,183,176,177,,,,\"unterminated\r\n"));
  REQUIRE(r.rows.size() == 2);
  const EarningsReaction& jpm = r.rows[0];
  CHECK(jpm.event ==
        EarningsEvent{Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open});
  CHECK(jpm.reference_close == Price::dollars(189.164871));
  CHECK(jpm.reaction.date() == 2024y / April / 12);
  CHECK(jpm.reaction.close() == Price::dollars(176.930099));
  CHECK(r.rows[1].reaction.date() == 2024y / May / 23);  // AMC: the next session
  check_rejects(
      r.rejects, "reactions.csv",
      {{3, "reaction_date",
        "reaction_date = 2024-04-11: must be on or after the BMO announcement on 2024-04-12"},
       {4, "reaction_date",
        "reaction_date = 2024-05-22: must be after the AMC announcement on 2024-05-22"},
       {6, "source", "field 13 = 'unterminated': has an unterminated quoted field"}});
}

TEST_CASE("implied moves: optional cells, quoted source, rejects") {
  const std::string header =
      "ticker,earnings_date,expiration,scan_date,stock_price,atm_strike,call_mid,put_mid,"
      "straddle_cost,implied_move_pct,source\r\n";
  const auto r = io::read_implied_moves(io::CsvReader(
      "im.csv", header + "ADBE,2025-12-10,2025-12-12,2025-12-06,346.26,347.5,13.35,14.75,28.1,"
                         "8.115289,iv_log\r\n"
                         "CRWD,2025-12-02,,2025-11-27,,,,,,8.15,\"log, 2 dp\"\r\n"
                         "X,2025-12-02,,,,,-1,,,,\r\n"
                         "X,2025-12-02,,,,50.0001,,,,,\r\n"
                         "X,2025-12-02,,,0,,,,,,\r\n"
                         ",2025-12-02,,,,,,,,,\r\n"
                         "X,,,,,,,,,,\r\n"));
  REQUIRE(r.rows.size() == 2);
  const ImpliedMoveObservation& adbe = r.rows[0];
  CHECK(adbe.symbol == Symbol::parse("ADBE"));
  CHECK(adbe.earnings_date == 2025y / December / 10);
  CHECK(adbe.expiration == 2025y / December / 12);
  CHECK(adbe.scan_date == 2025y / December / 6);
  CHECK(adbe.stock_price == Price::dollars(346.26));
  CHECK(adbe.atm_strike == Strike::parse("347.5"));
  CHECK(adbe.call_mid == Money::dollars(13.35));
  CHECK(adbe.put_mid == Money::dollars(14.75));
  CHECK(adbe.straddle_cost == Money::dollars(28.1));
  CHECK(adbe.implied_move == Percentage::from_pct(8.115289));
  CHECK(adbe.source == "iv_log");
  const ImpliedMoveObservation& crwd = r.rows[1];
  CHECK_FALSE(crwd.expiration.has_value());
  CHECK_FALSE(crwd.stock_price.has_value());
  CHECK_FALSE(crwd.atm_strike.has_value());
  CHECK_FALSE(crwd.call_mid.has_value());
  CHECK_FALSE(crwd.straddle_cost.has_value());
  CHECK(crwd.implied_move == Percentage::from_pct(8.15));
  CHECK(crwd.source == "log, 2 dp");
  check_rejects(r.rejects, "im.csv",
                {{4, "call_mid", "call_mid = -1: must not be negative"},
                 {5, "atm_strike", "strike = '50.0001': has more than 3 decimals"},
                 {6, "stock_price", "stock_price = 0: must be positive"},
                 {7, "ticker", "ticker = '': is empty"},
                 {8, "earnings_date", "earnings_date = '': is empty"}});
  // A file without the source column (implied_moves_2025-12.csv) reads with empty sources.
  const auto no_source = io::read_implied_moves(
      io::CsvReader("im.csv",
                    "ticker,earnings_date,expiration,scan_date,stock_price,atm_strike,call_mid,"
                    "put_mid,straddle_cost,implied_move_pct\nASO,2025-12-09,,,,,,,,9.1\n"));
  REQUIRE(no_source.rows.size() == 1);
  CHECK(no_source.rows[0].source.empty());
}

TEST_CASE("bundled data/earnings_calendar.csv: 4,244 rows, no rejects") {
  const auto r = io::read_earnings_calendar(data_dir + "/earnings_calendar.csv");
  CHECK(r.rows.size() == 4244);
  CHECK(r.rejects.empty());
  std::array<int, 4> by_timing{};
  int confirmed = 0;
  for (const auto& e : r.rows) {
    ++by_timing[static_cast<std::size_t>(e.event.timing)];
    confirmed += e.confirmed ? 1 : 0;
  }
  // Counted independently with Python's csv module.
  CHECK(by_timing[static_cast<std::size_t>(EarningsTiming::before_open)] == 1998);
  CHECK(by_timing[static_cast<std::size_t>(EarningsTiming::after_close)] == 2162);
  CHECK(by_timing[static_cast<std::size_t>(EarningsTiming::during_market)] == 18);
  CHECK(by_timing[static_cast<std::size_t>(EarningsTiming::unknown)] == 66);
  CHECK(confirmed == 4189);
  CHECK(r.rows.front().event ==
        EarningsEvent{Symbol::parse("A"), 2022y / November / 21, EarningsTiming::after_close});
  CHECK(r.rows.back().event ==
        EarningsEvent{Symbol::parse("ZTS"), 2025y / November / 4, EarningsTiming::before_open});
}

namespace {

// The file's derived *_pct columns, read separately to cross-check the bars.
struct DerivedMoves {
  double gap_pct;
  double close_pct;
};

std::vector<DerivedMoves> derived_moves() {
  auto reader = io::CsvReader::from_file(data_dir + "/earnings_moves.csv");
  static constexpr std::array<io::ColumnSpec, 2> spec{{{"gap_move_pct"}, {"close_move_pct"}}};
  auto r = io::read_rows<DerivedMoves>(reader, spec, [](io::RowCursor<2>& row) {
    return DerivedMoves{row.number(0), row.number(1)};
  });
  REQUIRE(r.rejects.empty());
  return r.rows;
}

}  // namespace

TEST_CASE("bundled data/earnings_moves.csv: 4,064 rows - the bars reproduce the file's moves") {
  const auto r = io::read_earnings_moves(data_dir + "/earnings_moves.csv");
  CHECK(r.rows.size() == 4064);
  CHECK(r.rejects.empty());
  const auto derived = derived_moves();
  REQUIRE(derived.size() == r.rows.size());
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const auto& bars = r.rows[i];
    const double prev = bars.previous_close.dollars();
    const double close = bars.announcement_day.close().dollars();
    const double open = bars.announcement_day.open().dollars();
    // Prices and percentages are rounded to 6 decimals in the file: allow that rounding's
    // effect (half a unit of 1e-6 in each price, relative to prev) plus the pct's own rounding.
    const double allowance = 0.5e-6 + 100.0 * 0.5e-6 * (1.0 + std::max(close, open) / prev) / prev;
    CAPTURE(i);
    CHECK_CLOSE(std::fabs(close / prev - 1.0) * 100.0, derived[i].close_pct, allowance, 0.0);
    CHECK_CLOSE(std::fabs(open / prev - 1.0) * 100.0, derived[i].gap_pct, allowance, 0.0);
  }
  // JPM 2024-04-12 BMO (SOURCES.md: 6.47 %), NVDA 2024-05-22 AMC (+0.46 %: the pre-news day).
  const auto find = [&](std::string_view t, year_month_day d) -> const AnnouncementBars& {
    for (const auto& b : r.rows) {
      if (b.event.symbol == Symbol::parse(t) && b.event.date == d) return b;
    }
    FAIL("not found");
    return r.rows.front();
  };
  const auto& nvda = find("NVDA", 2024y / May / 22);
  CHECK(nvda.event.timing == EarningsTiming::after_close);
  // The file's *_pct columns are unsigned: the close fell 0.457 % that day.
  CHECK_CLOSE((nvda.announcement_day.close() / nvda.previous_close - 1) * 100, -0.457095, 1e-6,
              0.0);
  const auto& jpm = find("JPM", 2024y / April / 12);
  CHECK_CLOSE((jpm.announcement_day.close() / jpm.previous_close - 1) * 100, -6.47, 0.005, 0.0);
}

TEST_CASE("bundled data/earnings_reactions.csv: 1,997 BMO reactions - JPM, UNH, WMT spot checks") {
  const auto r = io::read_earnings_reactions(data_dir + "/earnings_reactions.csv");
  CHECK(r.rows.size() == 1997);
  CHECK(r.rejects.empty());
  for (const auto& x : r.rows) {
    CHECK(x.event.timing == EarningsTiming::before_open);
    CHECK(x.reaction.date() == x.event.date);  // BMO: the announcement day is the reaction
  }
  const auto close_move = [&](std::string_view t, year_month_day d) {
    for (const auto& x : r.rows) {
      if (x.event.symbol == Symbol::parse(t) && x.event.date == d) {
        return (x.reaction.close() / x.reference_close - 1.0) * 100.0;
      }
    }
    FAIL("not found");
    return 0.0;
  };
  // Recomputed from the bars; SOURCES.md states -6.47 %, +5.22 %, +6.99 %. Hand check for JPM:
  // 176.930099 / 189.164871 - 1 = -0.0646778...
  CHECK_CLOSE(close_move("JPM", 2024y / April / 12), 176.930099 / 189.164871 * 100 - 100, 1e-12,
              0.0);
  CHECK_CLOSE(close_move("JPM", 2024y / April / 12), -6.47, 0.005, 0.0);
  CHECK_CLOSE(close_move("UNH", 2024y / April / 16), 5.22, 0.005, 0.0);
  CHECK_CLOSE(close_move("WMT", 2024y / May / 16), 6.99, 0.005, 0.0);
}

TEST_CASE("bundled implied-move files: 26 and 15 observations - the stated identities hold") {
  const auto all = io::read_implied_moves(data_dir + "/implied_moves.csv");
  CHECK(all.rows.size() == 26);
  CHECK(all.rejects.empty());
  const auto dec = io::read_implied_moves(data_dir + "/implied_moves_2025-12.csv");
  CHECK(dec.rows.size() == 15);
  CHECK(dec.rejects.empty());
  int with_price = 0;
  int with_legs = 0;
  for (const auto& o : all.rows) {
    CHECK(o.implied_move.has_value());  // every row gives the implied move
    CHECK_FALSE(o.source.empty());
    if (o.call_mid && o.put_mid && o.straddle_cost) {
      ++with_legs;
      CHECK_CLOSE(o.straddle_cost->dollars(), (*o.call_mid + *o.put_mid).dollars(), 1e-9, 0.0);
    }
    if (o.straddle_cost && o.stock_price) {
      ++with_price;
      // The NVDA row is printed to 2 dp (15.55 / 193.80 = 8.0237 %, stated 8.02).
      CHECK_CLOSE(o.straddle_cost->dollars() / o.stock_price->dollars() * 100.0,
                  o.implied_move->pct(), 0.005, 0.0);
    }
  }
  CHECK(with_legs == 15);
  CHECK(with_price == 16);
  // implied_moves.csv row 1: NVDA 2025-11-19, the source text has commas inside its quotes.
  CHECK(all.rows[0].symbol == Symbol::parse("NVDA"));
  CHECK(all.rows[0].source ==
        "trading-desk-public 2.0/TESTING_SUMMARY.md@1898105 (live test; scan_date not stated, "
        "doc committed 2025-11-12; values as printed, 2 dp)");
  CHECK_FALSE(all.rows[0].scan_date.has_value());
  CHECK(all.rows[0].atm_strike == Strike::parse("192.5"));
  for (const auto& o : dec.rows) {
    CHECK_CLOSE(o.straddle_cost->dollars() / o.stock_price->dollars() * 100.0,
                o.implied_move->pct(), 1e-6, 0.0);
  }
  CHECK(dec.rows[0].symbol == Symbol::parse("ADBE"));
  CHECK(dec.rows[0].atm_strike == Strike::parse("347.5"));
}
