// JSON codecs of quotes and chains: an exact round trip of a chain with every kind of quote, a
// document written by hand read into the expected chain, and every rejection (the builder's,
// with the quote's path) pinned.
#include <doctest/doctest.h>

#include <chrono>
#include <ivcrush/io/json.hpp>
#include <string>

#include "json/json_support.hpp"

using namespace ivcrush;
using namespace std::chrono;
using ivcrush::json::JsonError;

namespace {

sys_seconds as_of() { return sys_days{2024y / May / 10} + 20h; }  // 16:00 New York (EDT)

// Two expirations; calls and puts at uneven strikes; a one-sided quote, vendor values, sizes.
OptionChain sample_chain() {
  ChainBuilder b(Symbol::parse("AAPL"), as_of(), Price::dollars(182.47));
  QuoteInput q;
  q.expiration = 2024y / May / 17;
  q.strike = 180.0;
  q.right = OptionRight::call;
  q.bid = 3.1;
  q.ask = 3.25;
  q.last = 3.2;
  q.bid_size = 12;
  q.ask_size = 30;
  q.volume = 1500;
  q.open_interest = 20'000;
  q.vendor_iv = 0.3125;
  q.vendor_delta = 0.61;
  q.vendor_gamma = 0.05;
  q.vendor_theta_per_day = -0.21;
  q.vendor_vega_per_vol_point = 0.11;
  b.add(q);
  QuoteInput p;  // a put with nothing but a two-sided quote
  p.expiration = 2024y / May / 17;
  p.strike = 182.5;
  p.right = OptionRight::put;
  p.bid = 0.0;  // a real zero bid: two-sided
  p.ask = 0.05;
  b.add(p);
  QuoteInput one_sided = p;  // no bid at all
  one_sided.strike = 177.5;
  one_sided.bid = std::nullopt;
  b.add(one_sided);
  QuoteInput far = q;
  far.expiration = 2024y / June / 21;
  far.strike = 182.125;
  far.bid = 0.1 + 0.2;  // not a short decimal: must still be exact
  far.ask = 7.0;
  b.add(far);
  auto result = std::move(b).build();
  REQUIRE(result.rejects.empty());
  return std::move(result.chain);
}

void check_same_chain(const OptionChain& a, const OptionChain& b) {
  CHECK(a.underlying() == b.underlying());
  CHECK(a.as_of() == b.as_of());
  CHECK(a.spot() == b.spot());
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a.contracts()[i] == b.contracts()[i]);
    CHECK(a.quotes()[i] == b.quotes()[i]);
  }
  REQUIRE(a.expirations().size() == b.expirations().size());
  for (std::size_t i = 0; i < a.expirations().size(); ++i) {
    CHECK(a.expirations()[i] == b.expirations()[i]);
  }
}

// A one-expiration chain document with `quote` (text of the call object) at 180.
std::string chain_doc(const std::string& call) {
  return R"({"schema":"ivcrush","version":1,"type":"option_chain","data":{"underlying":"AAPL",)"
         R"("as_of":"2024-05-10T20:00:00Z","spot":182.47,"expirations":[{"expiration":)"
         R"("2024-05-17","calls":[)" +
         call + R"(],"puts":[]}]}})";
}

std::string quote(const std::string& bid = "3.1", const std::string& ask = "3.25",
                  const std::string& extra = "") {
  return R"({"strike":"180","bid":)" + bid + R"(,"ask":)" + ask +
         R"(,"last":null,"bid_size":null,"ask_size":null,"volume":null,"open_interest":500,)"
         R"("vendor_iv":null,"vendor_greeks":{"delta":null,"gamma":null,"theta_per_day":null,)"
         R"("vega_per_vol_point":null},"one_sided":false)" +
         extra + "}";
}

}  // namespace

TEST_CASE("a chain round-trips exactly through a document") {
  const OptionChain chain = sample_chain();
  const OptionChain back = test::json_round_trip(chain);
  check_same_chain(chain, back);
  // The one-sided quote stays one-sided with bid $0; the exact zero bid stays two-sided.
  const auto e = Expiration::from_date(2024y / May / 17);
  CHECK(back.quote(e, Strike::parse("177.5"), OptionRight::put)->one_sided);
  CHECK_FALSE(back.quote(e, Strike::parse("182.5"), OptionRight::put)->one_sided);
  CHECK(back.quote(Expiration::from_date(2024y / June / 21), Strike::parse("182.125"),
                   OptionRight::call)
            ->bid.dollars() == 0.1 + 0.2);
  // An empty chain is a valid chain and a valid document.
  auto empty = ChainBuilder(Symbol::parse("X"), as_of(), Price::dollars(1.0)).build().chain;
  CHECK(test::json_round_trip(empty).empty());
}

TEST_CASE("a chain document written by hand reads into the chain it describes") {
  const auto chain = ivcrush::json::from_text<OptionChain>(chain_doc(quote()));
  CHECK(chain.underlying() == Symbol::parse("AAPL"));
  CHECK(chain.as_of() == as_of());
  CHECK(chain.spot() == Price::dollars(182.47));
  REQUIRE(chain.size() == 1);
  const OptionQuote* q =
      chain.quote(Expiration::from_date(2024y / May / 17), Strike::parse("180"), OptionRight::call);
  REQUIRE(q != nullptr);
  CHECK(q->bid == Money::dollars(3.1));
  CHECK(q->ask == Money::dollars(3.25));
  CHECK(q->open_interest == 500);
  CHECK(q->last == std::nullopt);
  // The chain's own text is that document, members in name order.
  CHECK(ivcrush::json::to_text(chain) ==
        R"({"data":{"as_of":"2024-05-10T20:00:00Z","expirations":[{"calls":[{"ask":3.25,)"
        R"("ask_size":null,"bid":3.1,"bid_size":null,"last":null,"one_sided":false,)"
        R"("open_interest":500,"strike":"180","vendor_greeks":{"delta":null,"gamma":null,)"
        R"("theta_per_day":null,"vega_per_vol_point":null},"vendor_iv":null,"volume":null}],)"
        R"("expiration":"2024-05-17","puts":[]}],"spot":182.47,"underlying":"AAPL"},)"
        R"("schema":"ivcrush","type":"option_chain","version":1})");
}

TEST_CASE("quotes, contract keys and rights round-trip") {
  const OptionChain chain = sample_chain();
  for (std::size_t i = 0; i < chain.size(); ++i) {
    CHECK(test::json_round_trip(chain.quotes()[i]) == chain.quotes()[i]);
    CHECK(test::json_round_trip(chain.contracts()[i]) == chain.contracts()[i]);
  }
  CHECK(test::json_round_trip(OptionRight::put) == OptionRight::put);
  CHECK(test::json_round_trip(Expiration::from_date(2014y / July / 19)) ==
        Expiration::from_date(2014y / July / 19));
}

TEST_CASE("a chain document is validated like fresh quotes, errors at the quote's path") {
  using ivcrush::json::from_text;
  const auto rejects = [](const std::string& call) {
    return from_text<OptionChain>(chain_doc(call));
  };
  CHECK_THROWS_WITH_AS((void)rejects(quote("\"abc\"")),
                       "data.expirations[0].calls[0].bid = \"abc\": expected a number", JsonError);
  CHECK_THROWS_WITH_AS((void)rejects(quote("3.3")),
                       "data.expirations[0].calls[0].bid = 3.3: is above ask 3.25 (crossed market)",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)rejects(quote("-0.1")),
                       "data.expirations[0].calls[0].bid = -0.1: must not be negative", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)rejects(quote("0", "0")),
      "data.expirations[0].calls[0].ask = 0: must be positive (nobody offers the contract)",
      JsonError);
  CHECK_THROWS_WITH_AS((void)rejects(quote("3.1", "3.25", R"(,"delta":0.5)")),
                       "data.expirations[0].calls[0].delta = 0.5: unknown field", JsonError);
  CHECK_THROWS_WITH_AS((void)rejects(R"({"strike":"180","bid":3.1})"),
                       "data.expirations[0].calls[0].ask: is missing (every field is required)",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)rejects(quote() + "," + quote()),
                       "data.expirations[0].calls[0].contract = 2024-05-17 180 call: appears 2 "
                       "times (source lines 1, 2)",
                       JsonError);
  // A one-sided quote has bid 0 by definition.
  std::string one_sided = quote("0.5");
  one_sided.replace(one_sided.find("\"one_sided\":false"), 17, "\"one_sided\":true");
  CHECK_THROWS_WITH_AS((void)rejects(one_sided),
                       "data.expirations[0].calls[0].bid = 0.5: must be 0 for a one-sided quote",
                       JsonError);

  std::string doc = chain_doc(quote());
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string d = doc;
    REQUIRE(d.find(from) != std::string::npos);
    d.replace(d.find(from), from.size(), to);
    return d;
  };
  CHECK_THROWS_WITH_AS((void)from_text<OptionChain>(with("\"spot\":182.47", "\"spot\":0")),
                       "data.spot = 0.0: must be positive", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<OptionChain>(with("2024-05-10T20", "1980-05-10T20")),
      "data.as_of: year = 1980: US daylight-saving rules before 1987 are not modelled", JsonError);
  CHECK_THROWS_WITH_AS((void)from_text<OptionChain>(with("\"2024-05-17\"", "\"2024-05-09\"")),
                       "data.expirations[0].calls[0].expiration = 2024-05-09: is before the as-of "
                       "date 2024-05-10",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)from_text<OptionChain>(with("\"calls\":[", "\"calls\":[],\"x\":[")),
                       "data.expirations[0].x = [...]: unknown field", JsonError);
  CHECK_THROWS_WITH_AS((void)from_text<OptionChain>(with(quote(), "")),
                       "data.expirations[0] = {...}: has no quotes (a chain holds only "
                       "expirations with quotes)",
                       JsonError);
  const std::string exp = R"({"expiration":"2024-05-17","calls":[)" + quote() + R"(],"puts":[]})";
  CHECK_THROWS_WITH_AS((void)from_text<OptionChain>(with(exp, exp + "," + exp)),
                       "data.expirations[1].expiration = \"2024-05-17\": is listed twice",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)from_text<OptionChain>(with("\"strike\":\"180\"", "\"strike\":180")),
                       "data.expirations[0].calls[0].strike = 180: expected a decimal string such "
                       "as \"182.5\"",
                       JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<OptionChain>(with("\"strike\":\"180\"", "\"strike\":\"180.0001\"")),
      "data.expirations[0].calls[0].strike: strike = '180.0001': has more than 3 "
      "decimals",
      JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<OptionChain>(with("\"open_interest\":500", "\"open_interest\":-1")),
      "data.expirations[0].calls[0].open_interest = -1: must not be negative", JsonError);
}

TEST_CASE("a standalone quote is validated by the builder's rules") {
  using ivcrush::json::from_value;
  using ivcrush::json::parse_text;
  const std::string body =
      R"({"bid":2.7,"ask":2.6,"last":null,"bid_size":null,"ask_size":null,"volume":null,)"
      R"("open_interest":null,"vendor_iv":-0.2,"vendor_greeks":{"delta":null,"gamma":null,)"
      R"("theta_per_day":null,"vega_per_vol_point":null},"one_sided":false})";
  CHECK_THROWS_WITH_AS(
      (void)from_value<OptionQuote>(parse_text(body), ivcrush::json::Path::root("q")),
      "q.bid = 2.7: is above ask 2.6 (crossed market)", JsonError);
  std::string iv = body;
  iv.replace(iv.find("2.7"), 3, "2.5");
  CHECK_THROWS_WITH_AS(
      (void)from_value<OptionQuote>(parse_text(iv), ivcrush::json::Path::root("q")),
      "q.vendor_iv = -0.2: must not be negative", JsonError);
}
