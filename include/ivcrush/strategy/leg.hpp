// ivcrush/strategy/leg.hpp: one leg of a position: an option (call or put) or shares.
//
//   auto short_put = Leg::option({.right = OptionRight::put, .strike = Strike::parse("95"),
//                                 .expiration = 2024y / June / 21, .side = Side::sell,
//                                 .quantity = 2, .premium = Money::dollars(1.15)});
//   auto stock = Leg::shares({.side = Side::buy, .quantity = 100, .price = Price::dollars(98)});
//
// premium is per share (the quote's price), quantity counts contracts (or shares), and an option
// contract covers `multiplier` shares (100 by default; adjusted contracts differ). A leg's signed
// size is +quantity × multiplier for a bought leg and −quantity × multiplier for a sold one, in
// shares. Factories validate: quantity and multiplier positive, premium finite and >= 0, a valid
// expiration date; errors throw InvalidInput naming the field and the value.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

enum class Side { buy, sell };

[[nodiscard]] constexpr std::string_view to_string(Side s) noexcept {
  return s == Side::buy ? "buy" : "sell";
}

// +1 for a bought leg, −1 for a sold one.
[[nodiscard]] constexpr int sign(Side s) noexcept { return s == Side::buy ? 1 : -1; }

enum class Instrument { call, put, shares };

[[nodiscard]] constexpr std::string_view to_string(Instrument i) noexcept {
  switch (i) {
    case Instrument::call: return "call";
    case Instrument::put: return "put";
    case Instrument::shares: return "shares";
  }
  return "shares";
}

struct OptionLegSpec {
  OptionRight right = OptionRight::call;
  Strike strike;
  std::chrono::year_month_day expiration;
  Side side = Side::buy;
  std::int32_t quantity = 1;      // contracts
  Money premium;                  // per share, the price paid or received
  std::int32_t multiplier = 100;  // shares per contract
};

struct SharesLegSpec {
  Side side = Side::buy;
  std::int32_t quantity = 100;  // shares
  Price price;                  // entry price per share
};

class Leg {
 public:
  [[nodiscard]] static Leg option(const OptionLegSpec& spec) {
    require_positive("quantity", spec.quantity);
    require_positive("multiplier", spec.multiplier);
    detail::require_valid_date("expiration", spec.expiration);
    if (spec.strike.ticks() <= 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "strike", spec.strike.dollars(),
                            "must be positive");
    }
    detail::require_non_negative("premium", spec.premium.dollars());
    return Leg(spec.right == OptionRight::call ? Instrument::call : Instrument::put, spec.strike,
               spec.expiration, spec.side, spec.quantity, spec.premium, spec.multiplier);
  }

  [[nodiscard]] static Leg shares(const SharesLegSpec& spec) {
    require_positive("quantity", spec.quantity);
    detail::require_non_negative("price", spec.price.dollars());
    return Leg(Instrument::shares, Strike{}, std::chrono::year_month_day{}, spec.side,
               spec.quantity, Money::from_validated(spec.price.dollars()), 1);
  }

  [[nodiscard]] Instrument instrument() const noexcept { return instrument_; }
  [[nodiscard]] bool is_option() const noexcept { return instrument_ != Instrument::shares; }
  // Meaningful for options only.
  [[nodiscard]] Strike strike() const noexcept { return strike_; }
  [[nodiscard]] std::chrono::year_month_day expiration() const noexcept { return expiration_; }
  [[nodiscard]] Side side() const noexcept { return side_; }
  [[nodiscard]] std::int32_t quantity() const noexcept { return quantity_; }
  [[nodiscard]] std::int32_t multiplier() const noexcept { return multiplier_; }
  // Per share: the option premium, or the entry price of shares.
  [[nodiscard]] Money price_per_share() const noexcept { return price_; }
  // Signed shares of exposure: +quantity × multiplier bought, −quantity × multiplier sold.
  [[nodiscard]] double signed_units() const noexcept {
    return static_cast<double>(sign(side_)) * static_cast<double>(quantity_) *
           static_cast<double>(multiplier_);
  }
  // Cash at entry: negative for a debit (bought), positive for a credit (sold).
  [[nodiscard]] Money entry_cash() const noexcept { return price_ * -signed_units(); }
  // Value per share at expiration for an underlying price s (intrinsic value, or s for shares).
  [[nodiscard]] double value_per_share_at(double s) const noexcept {
    switch (instrument_) {
      case Instrument::call: return s > strike_.dollars() ? s - strike_.dollars() : 0.0;
      case Instrument::put: return s < strike_.dollars() ? strike_.dollars() - s : 0.0;
      case Instrument::shares: return s;
    }
    return 0.0;
  }

  friend bool operator==(const Leg&, const Leg&) = default;

 private:
  Leg(Instrument instrument, Strike strike, std::chrono::year_month_day expiration, Side side,
      std::int32_t quantity, Money price, std::int32_t multiplier) noexcept
      : instrument_(instrument),
        strike_(strike),
        expiration_(expiration),
        side_(side),
        quantity_(quantity),
        multiplier_(multiplier),
        price_(price) {}

  static void require_positive(std::string_view field, std::int32_t v) {
    if (v <= 0) detail::throw_invalid(ErrorCode::out_of_range, field, v, "must be positive");
  }

  Instrument instrument_ = Instrument::shares;
  Strike strike_;
  std::chrono::year_month_day expiration_{};
  Side side_ = Side::buy;
  std::int32_t quantity_ = 0;
  std::int32_t multiplier_ = 1;
  Money price_;
};

}  // namespace ivcrush::inline v0
