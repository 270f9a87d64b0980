// ivcrush/earnings/implied_move_observation.hpp: a recorded pre-earnings implied move.
//
//   ImpliedMoveObservation o{.symbol = Symbol::parse("ADBE"), .earnings_date = 2025y/December/10,
//                            .stock_price = Price::dollars(346.26), ...};
//   if (o.straddle_cost && o.stock_price) o.straddle_cost->dollars() / o.stock_price->dollars();
//
// What someone observed before an announcement: the spot, the ATM strike, the call and put mids
// (per share), the straddle cost (call mid + put mid) and the implied move (straddle / spot, in
// percent), with the scan date and the first expiration after the announcement. Public sources
// often give only some of these (an implied move rounded to 2 dp, no legs), so everything but
// the symbol and the announcement date is optional: an empty optional means the source did not
// say, never zero. Values are kept as recorded; checking the identities between them is the
// caller's choice (they hold to the source's rounding). The layout of data/implied_moves.csv.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"

namespace ivcrush::inline v0 {

struct ImpliedMoveObservation {
  Symbol symbol;
  std::chrono::year_month_day earnings_date{};            // the announcement's New York date
  std::optional<std::chrono::year_month_day> expiration;  // first expiry after the announcement
  std::optional<std::chrono::year_month_day> scan_date;   // when the quotes were observed
  std::optional<Price> stock_price;
  std::optional<Strike> atm_strike;
  std::optional<Money> call_mid;       // per share
  std::optional<Money> put_mid;        // per share
  std::optional<Money> straddle_cost;  // per share
  std::optional<Percentage> implied_move;
  std::string source;  // provenance text, empty when the file has none

  friend bool operator==(const ImpliedMoveObservation&, const ImpliedMoveObservation&) = default;
};

}  // namespace ivcrush::inline v0
