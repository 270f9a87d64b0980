// ivcrush/chain/chain_builder.hpp: the one validated way into an OptionChain.
//
//   ChainBuilder b(Symbol::parse("AAPL"), as_of, Price::dollars(189.5),
//                  {.one_sided = OneSidedQuotes::reject});
//   b.add({.expiration = 2024y / May / 17, .strike = 190.0, .right = OptionRight::call,
//          .bid = 2.50, .ask = 2.60, .open_interest = 500, .source_line = 12});
//   auto result = std::move(b).build();   // ChainBuildResult{chain, rejects}
//   for (const RejectedQuote& r : result.rejects) fmt::print("{}\n", r.message);
//
// Every quote is validated once, at add(); build() sorts the accepted ones into flat storage,
// rejects duplicate contracts and returns the chain plus the reject list. Nothing is lost (each
// input is either in the chain or in the rejects, with its QuoteInput and source_line) and
// nothing is fixed silently. A quote with several problems is rejected for the first one found,
// in this order (each a QuoteRejectReason with a message "<field> = <value>: <reason>"):
//   invalid_expiration, expired (expiration date before the as-of New York date; a contract
//   expiring on the as-of date is valid), strike not_finite / strike_not_positive /
//   strike_off_grid (not a multiple of $0.001) / strike_too_large, one_sided (no bid, only under
//   OneSidedQuotes::reject), bid not_finite / negative_price, ask not_finite / negative_price /
//   zero_ask, crossed (bid > ask; a locked market bid == ask is valid), last not_finite /
//   negative_price, bad_size (a negative bid_size, ask_size, volume or open_interest), vendor
//   values not_finite / bad_vendor_value (a negative IV); then, at build(), duplicate.
// Options (ChainBuildOptions):
// - one_sided: a quote without a bid. Default keep_with_zero_bid: kept with bid = $0 and
//   OptionQuote::one_sided = true (its ask is real information; spread_pct is 100 % and
//   is_liquid false for it, as in the original). reject: rejected as one_sided. A bid of
//   exactly $0 is a two-sided quote and always kept.
// - duplicates: several quotes for one (expiration, strike, right). Default reject_all: every
//   copy is rejected (choosing one would be a silent fix). keep_first: the first added is kept,
//   the later ones are rejected.
// Empty result: if no quote survives, build() returns an empty chain (chain.empty()); it does
// not throw. The constructor throws InvalidInput for a spot that is not positive, and for an
// as-of instant before 1987 (see new_york_time.hpp).
// Complexity: add() O(1) amortized; build() O(n log n); the result owns a few flat vectors.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

// One quote as it arrives from a feed or file, before validation. Prices in dollars per share.
struct QuoteInput {
  std::chrono::year_month_day expiration{};
  double strike = 0.0;  // dollars; must be a positive multiple of $0.001
  OptionRight right = OptionRight::call;
  std::optional<double> bid;  // nullopt: the source had no bid (a one-sided quote)
  double ask = 0.0;
  std::optional<double> last;
  std::optional<std::int64_t> bid_size;
  std::optional<std::int64_t> ask_size;
  std::optional<std::int64_t> volume;
  std::optional<std::int64_t> open_interest;
  std::optional<double> vendor_iv;  // annualized, as a fraction (0.35 = 35 %)
  std::optional<double> vendor_delta;
  std::optional<double> vendor_gamma;
  std::optional<double> vendor_theta_per_day;
  std::optional<double> vendor_vega_per_vol_point;
  std::size_t source_line = 0;  // the caller's identity of this quote (a file line); 0 if none
};

enum class QuoteRejectReason {
  invalid_expiration,
  expired,
  strike_not_positive,
  strike_off_grid,
  strike_too_large,
  one_sided,
  not_finite,
  negative_price,
  zero_ask,
  crossed,
  bad_size,
  bad_vendor_value,
  duplicate,
};

[[nodiscard]] constexpr std::string_view to_string(QuoteRejectReason r) noexcept {
  switch (r) {
    case QuoteRejectReason::invalid_expiration: return "invalid_expiration";
    case QuoteRejectReason::expired: return "expired";
    case QuoteRejectReason::strike_not_positive: return "strike_not_positive";
    case QuoteRejectReason::strike_off_grid: return "strike_off_grid";
    case QuoteRejectReason::strike_too_large: return "strike_too_large";
    case QuoteRejectReason::one_sided: return "one_sided";
    case QuoteRejectReason::not_finite: return "not_finite";
    case QuoteRejectReason::negative_price: return "negative_price";
    case QuoteRejectReason::zero_ask: return "zero_ask";
    case QuoteRejectReason::crossed: return "crossed";
    case QuoteRejectReason::bad_size: return "bad_size";
    case QuoteRejectReason::bad_vendor_value: return "bad_vendor_value";
    case QuoteRejectReason::duplicate: return "duplicate";
  }
  return "unknown";
}

// The ErrorCode family of each reason (for callers that branch on codes, like the readers).
[[nodiscard]] constexpr ErrorCode error_code(QuoteRejectReason r) noexcept {
  switch (r) {
    case QuoteRejectReason::strike_off_grid: return ErrorCode::not_on_grid;
    case QuoteRejectReason::one_sided: return ErrorCode::missing;
    case QuoteRejectReason::not_finite: return ErrorCode::not_finite;
    case QuoteRejectReason::negative_price:
    case QuoteRejectReason::bad_size:
    case QuoteRejectReason::bad_vendor_value: return ErrorCode::negative;
    case QuoteRejectReason::crossed:
    case QuoteRejectReason::duplicate: return ErrorCode::inconsistent;
    case QuoteRejectReason::invalid_expiration:
    case QuoteRejectReason::expired:
    case QuoteRejectReason::strike_not_positive:
    case QuoteRejectReason::strike_too_large:
    case QuoteRejectReason::zero_ask: return ErrorCode::out_of_range;
  }
  return ErrorCode::malformed;
}

struct RejectedQuote {
  QuoteInput input;          // the quote as given
  std::size_t sequence = 0;  // its position among the add() calls (0-based)
  QuoteRejectReason reason = QuoteRejectReason::not_finite;
  std::string_view field;  // the offending field ("bid", "strike", ...)
  std::string message;     // "<field> = <value>: <reason>"
};

enum class OneSidedQuotes { keep_with_zero_bid, reject };
enum class DuplicateQuotes { reject_all, keep_first };

struct ChainBuildOptions {
  OneSidedQuotes one_sided = OneSidedQuotes::keep_with_zero_bid;
  DuplicateQuotes duplicates = DuplicateQuotes::reject_all;
};

struct ChainBuildResult {
  OptionChain chain;
  std::vector<RejectedQuote> rejects;  // in add() order
};

class ChainBuilder {
 public:
  ChainBuilder(Symbol underlying, std::chrono::sys_seconds as_of, Price spot,
               ChainBuildOptions options = {})
      : options_(options), as_of_date_(new_york_date(as_of)) {
    if (!(spot.dollars() > 0.0)) {
      detail::throw_invalid(ErrorCode::out_of_range, "spot", spot.dollars(), "must be positive");
    }
    chain_.underlying_ = underlying;
    chain_.as_of_ = as_of;
    chain_.spot_ = spot;
  }

  void reserve(std::size_t n) { accepted_.reserve(n); }

  // Validates `q` and keeps it for build(), or records why it is rejected.
  void add(const QuoteInput& q) {
    const std::size_t sequence = next_sequence_++;
    if (auto accepted = validate(q, sequence)) accepted_.push_back(std::move(*accepted));
  }

  // The chain and every rejected quote. The builder is consumed.
  [[nodiscard]] ChainBuildResult build() && {
    std::stable_sort(accepted_.begin(), accepted_.end(),
                     [](const Accepted& a, const Accepted& b) { return a.key < b.key; });
    reject_duplicates();
    fill_chain();
    std::sort(rejects_.begin(), rejects_.end(), [](const RejectedQuote& a, const RejectedQuote& b) {
      return a.sequence < b.sequence;
    });
    return ChainBuildResult{std::move(chain_), std::move(rejects_)};
  }

 private:
  struct Accepted {
    ContractKey key;
    OptionQuote quote;
    QuoteInput input;
    std::size_t sequence;
    bool rejected = false;
  };

  template <class Value>
  void reject(const QuoteInput& q, std::size_t sequence, QuoteRejectReason reason,
              std::string_view field, const Value& value, std::string_view why) {
    rejects_.push_back(
        RejectedQuote{q, sequence, reason, field, fmt::format("{} = {}: {}", field, value, why)});
  }

  // Returns the validated quote with its key, or records the reject and returns nullopt.
  std::optional<Accepted> validate(const QuoteInput& q, std::size_t seq) {
    using std::chrono::sys_days;
    if (!q.expiration.ok()) {
      reject(q, seq, QuoteRejectReason::invalid_expiration, "expiration",
             detail::iso_date(q.expiration), "is not a valid calendar date");
      return std::nullopt;
    }
    if (sys_days{q.expiration} < sys_days{as_of_date_}) {
      reject(q, seq, QuoteRejectReason::expired, "expiration", detail::iso_date(q.expiration),
             fmt::format("is before the as-of date {}", detail::iso_date(as_of_date_)));
      return std::nullopt;
    }
    if (!detail::is_finite(q.strike)) {
      reject(q, seq, QuoteRejectReason::not_finite, "strike", q.strike, "must be finite");
      return std::nullopt;
    }
    if (!(q.strike > 0.0)) {
      reject(q, seq, QuoteRejectReason::strike_not_positive, "strike", q.strike,
             "must be positive");
      return std::nullopt;
    }
    if (q.strike * static_cast<double>(Strike::ticks_per_dollar) >
        static_cast<double>(Strike::max_ticks)) {
      reject(q, seq, QuoteRejectReason::strike_too_large, "strike", q.strike,
             "is above the largest strike (10^12 dollars)");
      return std::nullopt;
    }
    Strike strike;
    try {
      strike = Strike::from_dollars(q.strike);
    } catch (const InvalidInput&) {
      reject(q, seq, QuoteRejectReason::strike_off_grid, "strike", q.strike,
             "is not a multiple of the $0.001 tick");
      return std::nullopt;
    }

    OptionQuote out;
    if (!q.bid) {
      if (options_.one_sided == OneSidedQuotes::reject) {
        reject(q, seq, QuoteRejectReason::one_sided, "bid", "(none)",
               "one-sided quote (no bid), rejected by OneSidedQuotes::reject");
        return std::nullopt;
      }
      out.one_sided = true;
    } else if (!price_ok(q, seq, "bid", *q.bid)) {
      return std::nullopt;
    }
    if (!price_ok(q, seq, "ask", q.ask)) return std::nullopt;
    if (q.ask == 0.0) {
      reject(q, seq, QuoteRejectReason::zero_ask, "ask", q.ask,
             "must be positive (nobody offers the contract)");
      return std::nullopt;
    }
    if (q.bid && *q.bid > q.ask) {
      reject(q, seq, QuoteRejectReason::crossed, "bid", *q.bid,
             fmt::format("is above ask {} (crossed market)", q.ask));
      return std::nullopt;
    }
    if (q.last && !price_ok(q, seq, "last", *q.last)) return std::nullopt;
    const std::pair<std::string_view, const std::optional<std::int64_t>*> sizes[] = {
        {"bid_size", &q.bid_size},
        {"ask_size", &q.ask_size},
        {"volume", &q.volume},
        {"open_interest", &q.open_interest}};
    for (const auto& [field, value] : sizes) {
      if (*value && **value < 0) {
        reject(q, seq, QuoteRejectReason::bad_size, field, **value, "must not be negative");
        return std::nullopt;
      }
    }
    const std::pair<std::string_view, const std::optional<double>*> vendor[] = {
        {"vendor_iv", &q.vendor_iv},
        {"vendor_delta", &q.vendor_delta},
        {"vendor_gamma", &q.vendor_gamma},
        {"vendor_theta_per_day", &q.vendor_theta_per_day},
        {"vendor_vega_per_vol_point", &q.vendor_vega_per_vol_point}};
    for (const auto& [field, value] : vendor) {
      if (*value && !detail::is_finite(**value)) {
        reject(q, seq, QuoteRejectReason::not_finite, field, **value, "must be finite");
        return std::nullopt;
      }
    }
    if (q.vendor_iv && *q.vendor_iv < 0.0) {
      reject(q, seq, QuoteRejectReason::bad_vendor_value, "vendor_iv", *q.vendor_iv,
             "must not be negative");
      return std::nullopt;
    }

    out.bid = q.bid ? Money::dollars(*q.bid) : Money::zero();
    out.ask = Money::dollars(q.ask);
    if (q.last) out.last = Money::dollars(*q.last);
    out.bid_size = q.bid_size;
    out.ask_size = q.ask_size;
    out.volume = q.volume;
    out.open_interest = q.open_interest;
    if (q.vendor_iv) out.vendor_iv = Volatility::from_fraction(*q.vendor_iv);
    out.vendor_greeks = VendorGreeks{q.vendor_delta, q.vendor_gamma, q.vendor_theta_per_day,
                                     q.vendor_vega_per_vol_point};
    return Accepted{ContractKey{Expiration::from_date(q.expiration), strike, q.right}, out, q, seq};
  }

  bool price_ok(const QuoteInput& q, std::size_t seq, std::string_view field, double value) {
    if (!detail::is_finite(value)) {
      reject(q, seq, QuoteRejectReason::not_finite, field, value, "must be finite");
      return false;
    }
    if (value < 0.0) {
      reject(q, seq, QuoteRejectReason::negative_price, field, value, "must not be negative");
      return false;
    }
    return true;
  }

  // accepted_ is sorted by key; runs of equal keys are duplicates.
  void reject_duplicates() {
    for (std::size_t i = 0; i < accepted_.size();) {
      std::size_t j = i + 1;
      while (j < accepted_.size() && accepted_[j].key == accepted_[i].key) ++j;
      if (j - i > 1) {
        const std::size_t first_kept = options_.duplicates == DuplicateQuotes::keep_first ? i : j;
        std::string lines;
        for (std::size_t k = i; k < j; ++k) {
          lines += fmt::format("{}{}", k == i ? "" : ", ", accepted_[k].input.source_line);
        }
        const auto& key = accepted_[i].key;
        const auto contract = fmt::format("{} {} {}", detail::iso_date(key.expiration.date()),
                                          format_strike(key.strike), to_string(key.right));
        for (std::size_t k = i; k < j; ++k) {
          if (k == first_kept) continue;
          accepted_[k].rejected = true;
          rejects_.push_back(RejectedQuote{
              accepted_[k].input, accepted_[k].sequence, QuoteRejectReason::duplicate, "contract",
              fmt::format("contract = {}: appears {} times (source lines {})", contract, j - i,
                          lines)});
        }
      }
      i = j;
    }
    std::erase_if(accepted_, [](const Accepted& a) { return a.rejected; });
  }

  static std::string format_strike(Strike k) {
    // Shortest decimal text of the exact tick count ("182.5", "100").
    return fmt::format("{}", k.dollars());
  }

  void fill_chain() {
    auto& c = chain_;
    c.quotes_.reserve(accepted_.size());
    c.contracts_.reserve(accepted_.size());
    for (const auto& a : accepted_) {
      const auto index = static_cast<std::uint32_t>(c.quotes_.size());
      c.quotes_.push_back(a.quote);
      c.contracts_.push_back(a.key);
      if (c.expirations_.empty() || c.expirations_.back() != a.key.expiration) {
        c.expirations_.push_back(a.key.expiration);
        c.strike_begin_.push_back(static_cast<std::uint32_t>(c.strikes_.size()));
      }
      const bool new_strike =
          c.strikes_.size() == c.strike_begin_.back() || c.strikes_.back() != a.key.strike;
      if (new_strike) {
        c.strikes_.push_back(a.key.strike);
        c.call_index_.push_back(OptionChain::no_quote);
        c.put_index_.push_back(OptionChain::no_quote);
      }
      (a.key.right == OptionRight::call ? c.call_index_ : c.put_index_).back() = index;
    }
    c.strike_begin_.push_back(static_cast<std::uint32_t>(c.strikes_.size()));
    accepted_.clear();
  }

  ChainBuildOptions options_;
  std::chrono::year_month_day as_of_date_;
  OptionChain chain_;
  std::vector<Accepted> accepted_;
  std::vector<RejectedQuote> rejects_;
  std::size_t next_sequence_ = 0;
};

}  // namespace ivcrush::inline v0
