// OptionChain queries on synthetic chains built in the test: ATM (domain-spec §1.5 and §8),
// nearest strike checked against brute force, ranges, lookups, straddles, expirations after an
// earnings event, and the empty chain.
#include "ivcrush/chain/option_chain.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "chain/chain_fixtures.hpp"
#include "ivcrush/chain/chain_builder.hpp"
#include "support/check_close.hpp"

using namespace ivcrush;
using namespace std::chrono;
using ivcrush::test::input;
using ivcrush::test::two_sided_chain;

namespace {

std::vector<double> dollars(std::span<const Strike> ks) {
  std::vector<double> out;
  for (const Strike k : ks) out.push_back(k.dollars());
  return out;
}

constexpr auto may17 = 2024y / May / 17;

}  // namespace

TEST_CASE("§8 chain with strikes {100, 105} and S = 102.5: ATM 105 (exact tie goes up)") {
  const auto [chain, rejects] = two_sided_chain(102.5, {may17}, {100, 105});
  REQUIRE(rejects.empty());
  const auto view = chain.expiration(may17);
  REQUIRE(view.has_value());
  CHECK(view->atm_strike() == Strike::parse("105"));
  // §8: strikes_near_atm(3) and strikes_near_atm(5) both give {100, 105}.
  CHECK(dollars(view->strikes_near_atm(Percentage::from_pct(3))) == std::vector<double>{100, 105});
  CHECK(dollars(view->strikes_near_atm(Percentage::from_pct(5))) == std::vector<double>{100, 105});
  // 2 % is [100.45, 104.55]: neither strike.
  CHECK(view->strikes_near_atm(Percentage::from_pct(2)).empty());
}

TEST_CASE("ATM: below every strike -> lowest, above -> highest, one strike -> that strike") {
  const auto low = two_sided_chain(50.0, {may17}, {100, 105, 110}).chain;
  CHECK(low.expiration(may17)->atm_strike() == Strike::parse("100"));
  const auto high = two_sided_chain(500.0, {may17}, {100, 105, 110}).chain;
  CHECK(high.expiration(may17)->atm_strike() == Strike::parse("110"));
  const auto single = two_sided_chain(7.0, {may17}, {100}).chain;
  CHECK(single.expiration(may17)->atm_strike() == Strike::parse("100"));
  CHECK(single.straddle(Expiration::from_date(may17), Strike::parse("100")).has_value());
}

TEST_CASE("nearest_strike matches a brute-force search in integer cents, ties to the upper") {
  const std::vector<double> strikes{95, 97.5, 100, 102.5, 105, 110, 112.125};
  const auto chain = two_sided_chain(100.0, {may17}, strikes).chain;
  const auto view = *chain.expiration(may17);
  int ties = 0;
  for (std::int64_t cents = 9000; cents <= 12000; ++cents) {
    // Brute force in exact integers (units of $0.0005, so 112.125 and half-cents are exact).
    const std::int64_t s = cents * 20;
    std::int64_t best = -1;
    std::int64_t best_distance = 0;
    for (const double k : strikes) {
      const auto kk = static_cast<std::int64_t>(k * 2000.0 + 0.5);
      const std::int64_t d = std::llabs(kk - s);
      if (best < 0 || d < best_distance || (d == best_distance && kk > best)) {
        if (best >= 0 && d == best_distance) ++ties;
        best = kk;
        best_distance = d;
      }
    }
    const double spot = static_cast<double>(cents) / 100.0;
    const auto got = view.nearest_strike(Price::dollars(spot));
    REQUIRE(got.has_value());
    INFO("spot = " << spot);
    CHECK(got->ticks() * 2 == best);
  }
  CHECK(ties == 5);  // 96.25, 98.75, 101.25, 103.75, 107.5 (111.0625 is not a whole cent)
}

TEST_CASE("strikes_between is inclusive at both ends - an inverted range is empty") {
  const auto chain = two_sided_chain(100.0, {may17}, {90, 95, 100, 105, 110}).chain;
  const auto view = *chain.expiration(may17);
  CHECK(dollars(view.strikes_between(Price::dollars(95), Price::dollars(105))) ==
        std::vector<double>{95, 100, 105});
  CHECK(dollars(view.strikes_between(Price::dollars(95.01), Price::dollars(104.99))) ==
        std::vector<double>{100});
  CHECK(dollars(view.strikes_between(Price::dollars(0), Price::dollars(1000))).size() == 5);
  CHECK(view.strikes_between(Price::dollars(105), Price::dollars(95)).empty());
  CHECK(view.strikes_between(Price::dollars(111), Price::dollars(120)).empty());
  CHECK(view.strikes_near_atm(Percentage::from_pct(-1)).empty());
  CHECK(view.strikes_near_atm(Percentage::from_pct(150)).size() == 5);  // lower bound < 0
  CHECK(dollars(view.strikes_near_atm(Percentage::from_pct(0))) == std::vector<double>{100});
}

TEST_CASE("quotes are stored by (expiration, strike, call before put), whatever the input order") {
  ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100));
  b.add(input(2024y / June / 21, 105, OptionRight::put, 1.0, 1.2));
  b.add(input(may17, 105, OptionRight::call, 1.5, 1.6));
  b.add(input(may17, 100, OptionRight::put, 0.5, 0.6));
  b.add(input(2024y / June / 21, 95, OptionRight::call, 6.0, 6.5));
  b.add(input(may17, 105, OptionRight::put, 4.0, 4.2));
  const auto [chain, rejects] = std::move(b).build();
  REQUIRE(rejects.empty());
  REQUIRE(chain.size() == 5);
  CHECK(chain.underlying() == Symbol::parse("TEST"));
  CHECK(chain.spot() == Price::dollars(100));
  CHECK(chain.as_of() == test::synthetic_as_of());
  REQUIRE(chain.expirations().size() == 2);
  CHECK(chain.expirations()[0].date() == may17);
  CHECK(chain.expirations()[1].date() == 2024y / June / 21);
  const std::vector<ContractKey> expected{
      {Expiration::from_date(may17), Strike::parse("100"), OptionRight::put},
      {Expiration::from_date(may17), Strike::parse("105"), OptionRight::call},
      {Expiration::from_date(may17), Strike::parse("105"), OptionRight::put},
      {Expiration::from_date(2024y / June / 21), Strike::parse("95"), OptionRight::call},
      {Expiration::from_date(2024y / June / 21), Strike::parse("105"), OptionRight::put}};
  CHECK(std::equal(chain.contracts().begin(), chain.contracts().end(), expected.begin(),
                   expected.end()));
  CHECK(chain.quotes()[1].bid == Money::dollars(1.5));
  // Per expiration, the strikes are the union of both sides.
  CHECK(dollars(chain.expiration(may17)->strikes()) == std::vector<double>{100, 105});
  CHECK(dollars(chain.expiration(2024y / June / 21)->strikes()) == std::vector<double>{95, 105});
  // quote_index points into quotes(), parallel to contracts().
  const auto i = chain.quote_index(Expiration::from_date(2024y / June / 21), Strike::parse("95"),
                                   OptionRight::call);
  REQUIRE(i.has_value());
  CHECK(*i == 3);
  CHECK(chain.contracts()[*i].strike == Strike::parse("95"));
}

TEST_CASE("quote lookup: present, missing strike, missing side, unknown expiration") {
  ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100));
  b.add(input(may17, 100, OptionRight::call, 2.5, 2.6));
  b.add(input(may17, 100, OptionRight::put, 2.4, 2.5));
  b.add(input(may17, 105, OptionRight::call, 0.9, 1.0));  // no put at 105
  const auto chain = std::move(b).build().chain;
  const auto e = Expiration::from_date(may17);
  const OptionQuote* c = chain.quote(e, Strike::parse("100"), OptionRight::call);
  REQUIRE(c != nullptr);
  CHECK(c->ask == Money::dollars(2.6));
  CHECK(chain.quote(e, Strike::parse("105"), OptionRight::put) == nullptr);
  CHECK(chain.quote(e, Strike::parse("101"), OptionRight::call) == nullptr);
  CHECK(chain.quote(Expiration::from_date(2024y / May / 24), Strike::parse("100"),
                    OptionRight::call) == nullptr);
  CHECK_FALSE(chain.expiration(2024y / May / 24).has_value());
  CHECK_FALSE(chain.expiration(2024y / February / 30).has_value());
  const auto view = *chain.expiration(e);
  CHECK(view.call(Strike::parse("105")) != nullptr);
  CHECK(view.put(Strike::parse("105")) == nullptr);

  // The straddle at 100: mids 2.55 + 2.45 = 5.00 (hand computed).
  const auto s = chain.straddle(e, Strike::parse("100"));
  REQUIRE(s.has_value());
  CHECK(s->strike == Strike::parse("100"));
  CHECK(s->expiration == e);
  CHECK_CLOSE(mid(*s).dollars(), 5.00, 1e-12, 0.0);
  // One side missing -> no straddle; the ATM strike may be such a strike (spot 104).
  CHECK_FALSE(chain.straddle(e, Strike::parse("105")).has_value());
  CHECK_FALSE(chain.straddle(e, Strike::parse("95")).has_value());
}

TEST_CASE("first expiration after an earnings event respects its timing") {
  // Expirations: Wed 15 May, Fri 17 May, Fri 24 May.
  const auto chain =
      two_sided_chain(100.0, {2024y / May / 15, may17, 2024y / May / 24}, {100}).chain;
  const auto on = [&](year_month_day d, EarningsTiming t) {
    const auto e = chain.first_expiration_after(d, t);
    return e ? e->date() : year_month_day{};
  };
  // Before the open on the 17th: the 17th's contracts already hold the reaction.
  CHECK(on(may17, EarningsTiming::before_open) == may17);
  CHECK(on(may17, EarningsTiming::during_market) == may17);
  // After the close on the 17th: the 17th's contracts expired before the news.
  CHECK(on(may17, EarningsTiming::after_close) == 2024y / May / 24);
  CHECK(on(may17, EarningsTiming::unknown) == 2024y / May / 24);
  // Between expirations both timings agree.
  CHECK(on(2024y / May / 16, EarningsTiming::before_open) == may17);
  CHECK(on(2024y / May / 16, EarningsTiming::after_close) == may17);
  CHECK(on(2024y / May / 13, EarningsTiming::after_close) == 2024y / May / 15);
  // Nothing after the last expiration.
  CHECK_FALSE(chain.first_expiration_after(2024y / May / 24, EarningsTiming::after_close));
  CHECK(on(2024y / May / 24, EarningsTiming::before_open) == 2024y / May / 24);

  const EarningsEvent event{Symbol::parse("TEST"), may17, EarningsTiming::after_close};
  CHECK(chain.first_expiration_after(event)->date() == 2024y / May / 24);
  const EarningsEvent other{Symbol::parse("MSFT"), may17, EarningsTiming::after_close};
  CHECK_THROWS_WITH_AS((void)chain.first_expiration_after(other),
                       "event symbol = MSFT: is not the chain's underlying TEST", InvalidInput);
}

TEST_CASE("an empty chain answers every query with nothing") {
  ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100));
  b.add(input(may17, 100, OptionRight::call, 2.0, 1.0));  // crossed: rejected
  const auto [chain, rejects] = std::move(b).build();
  CHECK(rejects.size() == 1);
  CHECK(chain.empty());
  CHECK(chain.size() == 0);
  CHECK(chain.expirations().empty());
  CHECK(chain.quotes().empty());
  CHECK_FALSE(chain.expiration(may17).has_value());
  CHECK_FALSE(chain.first_expiration_after(may17, EarningsTiming::before_open).has_value());
  CHECK(chain.quote(Expiration::from_date(may17), Strike::parse("100"), OptionRight::call) ==
        nullptr);
  CHECK_FALSE(chain.straddle(Expiration::from_date(may17), Strike::parse("100")).has_value());
  const OptionChain default_constructed;
  CHECK(default_constructed.empty());
  CHECK_FALSE(default_constructed.expiration(may17).has_value());
}
