// ivcrush/strategy/strategy.hpp: a position of one or more legs on one underlying.
//
//   auto condor = Strategy::make(Symbol::parse("AAPL"), {long_put, short_put, short_call,
//                                                        long_call});
//   condor.net_entry_cash();   // +$129.50: a credit (negative for a debit)
//   condor.option_contracts(); // 4
//
// The underlying belongs to the strategy, not to the legs, so legs of two underlyings cannot be
// mixed by construction. Legs keep the order given. A strategy is validated once by make(): at
// least one leg, at most max_legs. Legs may expire on different dates (a calendar); the
// payoff-at-expiration analytics require one common expiration and say so when it is not.
#pragma once

#include <boost/container/small_vector.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/strategy/leg.hpp"

namespace ivcrush::inline v0 {

class Strategy {
 public:
  static constexpr std::size_t max_legs = 16;
  // Four legs (a condor or a butterfly) are stored inline, without a heap allocation.
  using Legs = boost::container::small_vector<Leg, 4>;

  [[nodiscard]] static Strategy make(Symbol underlying, std::span<const Leg> legs) {
    if (legs.empty()) throw InvalidInput(ErrorCode::empty, "legs = []: a strategy needs a leg");
    if (legs.size() > max_legs) {
      detail::throw_invalid(ErrorCode::out_of_range, "legs", legs.size(),
                            fmt::format("more than {} legs", max_legs));
    }
    Strategy s;
    s.underlying_ = underlying;
    s.legs_.assign(legs.begin(), legs.end());
    return s;
  }
  [[nodiscard]] static Strategy make(Symbol underlying, std::initializer_list<Leg> legs) {
    return make(underlying, std::span<const Leg>(legs.begin(), legs.size()));
  }

  [[nodiscard]] Symbol underlying() const noexcept { return underlying_; }
  [[nodiscard]] std::span<const Leg> legs() const noexcept { return {legs_.data(), legs_.size()}; }

  // Cash at entry before fees: positive for a net credit, negative for a net debit.
  [[nodiscard]] Money net_entry_cash() const noexcept {
    Money total;
    for (const auto& leg : legs_) total += leg.entry_cash();
    return total;
  }

  // Option contracts over all legs (shares legs do not count).
  [[nodiscard]] std::int64_t option_contracts() const noexcept {
    std::int64_t n = 0;
    for (const auto& leg : legs_) {
      if (leg.is_option()) n += leg.quantity();
    }
    return n;
  }

  // The one expiration shared by every option leg; nullopt when there is no option leg or
  // the legs expire on different dates.
  [[nodiscard]] std::optional<std::chrono::year_month_day> common_expiration() const noexcept {
    std::optional<std::chrono::year_month_day> common;
    for (const auto& leg : legs_) {
      if (!leg.is_option()) continue;
      if (!common) {
        common = leg.expiration();
      } else if (*common != leg.expiration()) {
        return std::nullopt;
      }
    }
    return common;
  }

 private:
  Strategy() = default;
  Symbol underlying_;
  Legs legs_;
};

}  // namespace ivcrush::inline v0
