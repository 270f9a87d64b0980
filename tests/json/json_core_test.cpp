// JSON codecs of the core value types: wire forms pinned by hand, exact round trips (including
// 200,000 random doubles through text), and every rejection with its path and message.
#include <doctest/doctest.h>

#include <bit>
#include <chrono>
#include <cstdint>
#include <ivcrush/io/json.hpp>
#include <limits>
#include <random>
#include <type_traits>

#include "json/json_support.hpp"

using namespace ivcrush;
using namespace std::chrono;

namespace {

std::string wire(const auto& value) { return ivcrush::json::dump(ivcrush::json::to_value(value)); }

template <class T>
T read(std::string_view text) {
  return ivcrush::json::from_value<T>(ivcrush::json::parse_text(text));
}

}  // namespace

// No implicit conversion either way: the codecs are invisible to nlohmann's adl_serializer.
static_assert(!std::is_constructible_v<nlohmann::json, Money>);
static_assert(!std::is_convertible_v<Money, nlohmann::json>);
static_assert(!std::is_constructible_v<nlohmann::json, Strike>);
static_assert(!std::is_convertible_v<nlohmann::json, Money>);
static_assert(!std::is_convertible_v<nlohmann::json, Percentage>);

TEST_CASE("core wire forms are the documented ones") {
  CHECK(wire(Money::dollars(-1.25)) == "-1.25");
  CHECK(wire(Money::cents(65)) == "0.65");
  CHECK(wire(Price::dollars(182.47)) == "182.47");
  CHECK(wire(Price::dollars(100.0)) == "100.0");
  CHECK(wire(Strike::parse("182.5")) == "\"182.5\"");
  CHECK(wire(Strike::parse("100")) == "\"100\"");
  CHECK(wire(Strike::parse("0.125")) == "\"0.125\"");
  CHECK(wire(Strike::from_ticks(Strike::max_ticks)) == "\"1000000000000\"");  // $10^12
  CHECK(wire(Percentage::from_pct(12.5)) == "0.125");
  CHECK(wire(Volatility::from_points(32.5)) == "0.325");
  CHECK(wire(YearFraction::from_years(0.5)) == "0.5");
  CHECK(wire(Symbol::parse("BRK.B")) == "\"BRK.B\"");
  CHECK(wire(EarningsTiming::after_close) == "\"AMC\"");
  CHECK(wire(EarningsTiming::unknown) == "\"UNKNOWN\"");
  CHECK(wire(DayCount::trading_252) == "\"trading/252\"");
  CHECK(wire(2024y / May / 7) == "\"2024-05-07\"");
  // 2024-05-01 20:00:00 UTC: 19,844 days after 1970-01-01 (54 years with 13 leap days:
  // 54 * 365 + 13 = 19,723 to 2024-01-01, plus 31 + 29 + 31 + 30 = 121) and 20 hours.
  const sys_seconds t{seconds{(19'723 + 121) * 86'400 + 20 * 3'600}};
  CHECK(wire(t) == "\"2024-05-01T20:00:00Z\"");
  CHECK(read<sys_seconds>("\"2024-05-01T20:00:00Z\"") == t);
  CHECK(wire(sys_seconds{seconds{86'399}}) == "\"1970-01-01T23:59:59Z\"");
}

TEST_CASE("core values round-trip exactly, edge values included") {
  using test::json_round_trip;
  for (const double d : {0.0, -0.0, 0.1, 0.1 + 0.2, -1.25, 1e-300, 5e-324, 1e300,
                         std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
                         std::numeric_limits<double>::min(), 123456789.123456789}) {
    CAPTURE(d);
    CHECK(std::bit_cast<std::uint64_t>(json_round_trip(Money::dollars(d)).dollars()) ==
          std::bit_cast<std::uint64_t>(d));
    CHECK(std::bit_cast<std::uint64_t>(json_round_trip(Percentage::from_fraction(d)).fraction()) ==
          std::bit_cast<std::uint64_t>(d));
    if (d >= 0.0) {
      CHECK(json_round_trip(Price::dollars(d)) == Price::dollars(d));
      CHECK(json_round_trip(Volatility::from_fraction(d)) == Volatility::from_fraction(d));
      CHECK(json_round_trip(YearFraction::from_years(d)) == YearFraction::from_years(d));
    }
  }
  for (const auto* text : {"0.001", "182.5", "1", "99999.999", "1000000000000"}) {
    CHECK(json_round_trip(Strike::parse(text)) == Strike::parse(text));
  }
  CHECK(json_round_trip(Symbol::parse("BF-B")) == Symbol::parse("BF-B"));
  for (const auto t : {EarningsTiming::before_open, EarningsTiming::after_close,
                       EarningsTiming::during_market, EarningsTiming::unknown}) {
    CHECK(json_round_trip(t) == t);
  }
  CHECK(json_round_trip(DayCount::act_365) == DayCount::act_365);
  CHECK(json_round_trip(2024y / February / 29) == 2024y / February / 29);
  const sys_seconds t = sys_days{2031y / December / 31} + 23h + 59min + 58s;
  CHECK(json_round_trip(t) == t);
}

TEST_CASE("random doubles survive JSON text bit for bit") {
  // nlohmann writes the shortest text that reads back as the same double; check it over random
  // bit patterns (every finite exponent) and over cent amounts, the values Money mostly holds.
  std::mt19937_64 rng(20240501);
  int checked = 0;
  for (int i = 0; i < 100'000; ++i) {
    const double d = std::bit_cast<double>(rng());
    if (!std::isfinite(d)) continue;
    const auto back = read<Money>(wire(Money::dollars(d)));
    REQUIRE(std::bit_cast<std::uint64_t>(back.dollars()) == std::bit_cast<std::uint64_t>(d));
    ++checked;
  }
  CHECK(checked > 99'000);
  std::uniform_int_distribution<std::int64_t> cents(-100'000'000'000, 100'000'000'000);
  for (int i = 0; i < 100'000; ++i) {
    const auto m = Money::cents(cents(rng));
    REQUIRE(read<Money>(wire(m)) == m);
  }
}

TEST_CASE("core decoding rejects wrong types and bad values, naming the path") {
  using ivcrush::json::from_value;
  using ivcrush::json::JsonError;
  using ivcrush::json::Path;
  const auto bid = Path::root("bid");
  CHECK_THROWS_WITH_AS((void)from_value<Money>(nlohmann::json("abc"), bid),
                       "bid = \"abc\": expected a number", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<Money>(nlohmann::json(nullptr), bid),
                       "bid = null: expected a number", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<Money>(nlohmann::json::array(), bid),
                       "bid = [...]: expected a number", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<Money>(nlohmann::json(true)),
                       "(root) = true: expected a number", JsonError);
  // Integers are read as doubles only while every integer is exact (|n| <= 2^53).
  CHECK(read<Money>("9007199254740992") == Money::dollars(9007199254740992.0));
  CHECK_THROWS_WITH_AS((void)read<Money>("9007199254740993"),
                       "(root) = 9007199254740993: is an integer too large to be exact as a double",
                       JsonError);
  CHECK_THROWS_WITH_AS(
      (void)read<Money>("-9007199254740993"),
      "(root) = -9007199254740993: is an integer too large to be exact as a double", JsonError);
  // A JSON value built in code can hold NaN (JSON text cannot).
  CHECK_THROWS_WITH_AS(
      (void)from_value<Money>(nlohmann::json(std::numeric_limits<double>::quiet_NaN())),
      "(root) = nan: must be finite", JsonError);
  CHECK_THROWS_AS((void)ivcrush::json::to_value(Money::from_validated(1.0) * 1e308 * 10.0),
                  InvalidInput);

  // Domain factories keep their code and message, behind the path.
  try {
    (void)from_value<Price>(nlohmann::json(-1.0), Path::root("spot"));
    FAIL("no throw");
  } catch (const JsonError& e) {
    CHECK(std::string(e.what()) == "spot: price = -1: must not be negative");
    CHECK(e.code() == ErrorCode::negative);
    CHECK(e.path() == "spot");
  }
  CHECK_THROWS_WITH_AS((void)from_value<Strike>(nlohmann::json("33.3333"), Path::root("strike")),
                       "strike: strike = '33.3333': has more than 3 decimals", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<Strike>(nlohmann::json(182.5), Path::root("strike")),
                       "strike = 182.5: expected a decimal string such as \"182.5\"", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<Strike>(nlohmann::json("-5"), Path::root("strike")),
                       "strike: strike = '-5': is not a plain decimal number", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<Volatility>(nlohmann::json(-0.1)),
                       "(root): volatility = -0.1: must not be negative", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<Symbol>(nlohmann::json("aapl"), Path::root("symbol")),
                       "symbol: symbol = 'aapl': must start with an upper-case letter A-Z",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<EarningsTiming>(nlohmann::json("amc")),
                       "(root) = \"amc\": must be one of BMO, AMC, DMH, UNKNOWN", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<std::chrono::year_month_day>(nlohmann::json("2023-02-29")),
                       "(root): date = '2023-02-29': is not a valid calendar date", JsonError);
  CHECK_THROWS_WITH_AS((void)from_value<std::chrono::year_month_day>(nlohmann::json("2023-2-28")),
                       "(root): date = '2023-2-28': is not YYYY-MM-DD", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)read<sys_seconds>("\"2024-05-01 20:00:00\""),
      "(root) = \"2024-05-01 20:00:00\": is not a UTC instant YYYY-MM-DDTHH:MM:SSZ", JsonError);
  CHECK_THROWS_WITH_AS((void)read<sys_seconds>("\"2024-05-01T24:00:00Z\""),
                       "(root) = \"2024-05-01T24:00:00Z\": has a time of day outside "
                       "00:00:00-23:59:59",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)read<sys_seconds>("\"2024-05-01T20:00:00+01:00\""),
                       "(root) = \"2024-05-01T20:00:00+01:00\": is not a UTC instant "
                       "YYYY-MM-DDTHH:MM:SSZ",
                       JsonError);
}

TEST_CASE("integers are exact and range-checked") {
  using ivcrush::json::JsonError;
  CHECK(read<std::int64_t>("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
  CHECK(read<std::int64_t>("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  CHECK_THROWS_WITH_AS((void)read<std::int64_t>("9223372036854775808"),
                       "(root) = 9223372036854775808: is outside [-9223372036854775808, "
                       "9223372036854775807]",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)read<std::int32_t>("2147483648"),
                       "(root) = 2147483648: is outside [-2147483648, 2147483647]", JsonError);
  CHECK_THROWS_WITH_AS((void)read<std::size_t>("-1"),
                       "(root) = -1: is outside [0, 18446744073709551615]", JsonError);
  CHECK_THROWS_WITH_AS((void)read<std::int64_t>("1.0"), "(root) = 1.0: expected an integer",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)read<std::int64_t>("1e30"), "(root) = 1e+30: expected an integer",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)read<bool>("1"), "(root) = 1: expected true or false", JsonError);
  CHECK_THROWS_WITH_AS((void)read<std::optional<std::int64_t>>("\"5\""),
                       "(root) = \"5\": expected an integer", JsonError);
  CHECK(read<std::optional<std::int64_t>>("null") == std::nullopt);
}
