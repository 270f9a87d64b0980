// ivcrush/strategy/commissions.hpp: what a broker and the exchanges charge to trade a position.
//
//   CommissionSchedule fees{.per_contract = Money::dollars(0.65), .per_share = Money::zero(),
//                           .charge_exit = true};
//   fees.for_position(strategy);   // $5.20 for a 4-contract condor, entry and exit
//
// per_contract is charged per option contract of every leg, per_share per share of a shares leg
// (regulatory and exchange fees can be folded into both). charge_exit charges the same again
// to close: an IV-crush trade is usually closed the session after the announcement, not left to
// expire. All amounts must be finite and >= 0 (validated by validate(), which the analytics call).
#pragma once

#include <cstdint>

#include "ivcrush/core/money.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0 {

struct CommissionSchedule {
  Money per_contract;
  Money per_share;
  bool charge_exit = true;

  void validate() const {
    detail::require_non_negative("per_contract commission", per_contract.dollars());
    detail::require_non_negative("per_share commission", per_share.dollars());
  }

  // Total fees for the position (entry, and exit when charge_exit), as a positive amount.
  [[nodiscard]] Money for_position(const Strategy& strategy) const noexcept {
    Money once;
    for (const auto& leg : strategy.legs()) {
      once += leg.is_option() ? per_contract * static_cast<double>(leg.quantity())
                              : per_share * static_cast<double>(leg.quantity());
    }
    return charge_exit ? once * 2.0 : once;
  }
};

}  // namespace ivcrush::inline v0
