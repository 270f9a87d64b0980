// ivcrush/chain/chain_greeks.hpp: our implied volatilities and greeks for every quote of a
// chain, in one pass, kept beside the chain (never mixed with the vendor's values).
//
//   const ChainGreeks g = compute_chain_greeks(chain, {.rate = 0.05, .dividend_yield = 0.01});
//   const ChainGreeks m(chain, market, {.bid_ask_ivs = false});   // mid IV + greeks only (1/3)
//   const QuoteAnalytics& a = g[i];                 // parallel to chain.quotes()
//   a.mid_iv->status == IvStatus::ok; a.iv();       // σ from the mid (std::optional<Volatility>)
//   a.iv_spread_points();                           // ask IV - bid IV, in vol points
//   a.greeks->delta; a.greeks->vega_per_vol_point; a.greeks->theta_per_day;
//   strike_nearest_delta(g, expiration, OptionRight::put, 0.25);   // the 25-delta put
//   analyze_skew(g, expiration);                    // analytics read ComputedIvs{g} by default
//
// What: for each quote, the implied volatility of its bid, mid and ask (each an IvResult with
// its status: below_intrinsic, above_upper_bound, no_time_value are values, not exceptions) and,
// at the mid IV, delta (per $1 of spot), gamma (per $1²), vega per vol point and theta per
// calendar day, all per share. The time to expiry runs from the chain's as-of instant to each
// expiration's expiry instant (Expiration::time_to_expiry, ACT/365 to the second); an expiration
// whose instant is at or before as-of gets T = 0, so every premium above intrinsic reports
// above_upper_bound and no greeks. A one-sided quote (no bid) has no bid IV and no mid IV (its mid
// is not a price), only an ask IV. The rate and dividend yield are continuously compounded annual
// fractions, the same for every expiration (a flat curve; pass the rate of the expiries you look
// at).
//
// Model (QuotePricingModel, a policy): EuropeanBsm (Black-Scholes-Merton with a continuous
// dividend yield, pricing/implied_vol.hpp and pricing/greeks.hpp). US equity options are
// American. A European IV read from an American quote is biased upward wherever early exercise
// has value: in-the-money puts (worth exercising early to earn interest on the strike, more so
// as rates rise) and calls on dividend payers before an ex-date (exercise to capture the
// dividend). The bias is nil for calls without dividends, small for near-dated out-of-the-money
// options (which is what the earnings analytics read: ATM straddles and ±15 % skew wings of the
// first expirations), and grows with depth in the money and time to expiry; a deep ITM put can
// even sit below its European lower bound and report below_intrinsic. For skew and term
// structure prefer OTM quotes. An American model (a binomial tree or a Barone-Adesi-Whaley
// approximation) plugs in later as another QuotePricingModel without changing callers.
//
// Bid and ask IVs (ChainGreeksOptions::bid_ask_ivs, default true) cost two of the three solves
// per quote and only iv_spread_points() reads them; with bid_ask_ivs = false a quote gets its
// mid IV and greeks only (bid_iv and ask_iv nullopt), bit-identical to the full pass, for a third
// of the cost. options() says which was computed. ChainGreeksOptions::only_expiration solves one
// expiration's quotes and leaves the others unsolved (no IV, no greeks).
//
// Vendor values stay in OptionQuote::vendor_iv and vendor_greeks; analytics choose their IV
// source explicitly with an IvProvider: ComputedIvs{greeks} (ours, the mid IV), VendorIvs{} or
// NoIvs{}.
//
// Complexity: O(n) model calls for n quotes (three IV solves, or one without bid/ask IVs, and one
// greeks pass each); the only allocation is the one result vector of compute_chain_greeks (the
// span overload allocates nothing). strike_nearest_delta is O(K) on the expiration's K strikes,
// no allocation. Errors: InvalidInput for a rate or dividend yield outside [-1, 1] or not finite
// (named), and for a target |delta| outside (0, 1). A ChainGreeks refers to its chain: the chain
// must outlive it (binding a temporary chain does not compile).
#pragma once

#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/config.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/greeks.hpp"
#include "ivcrush/pricing/implied_vol.hpp"

namespace ivcrush::inline v0 {

// The market every quote of the chain shares besides the spot (which the chain holds).
struct ChainMarket {
  double rate = 0.0;            // continuously compounded annual fraction (0.05 = 5 %/yr)
  double dividend_yield = 0.0;  // continuously compounded annual fraction
};

// A pricing model for quotes: an implied volatility from a premium and the greeks at a
// volatility, on the BSM inputs (right, spot, strike, time, rate, dividend yield). Must not
// allocate. EuropeanBsm is the model; an American one can be added without changing callers.
template <class M>
concept QuotePricingModel = requires(const M& m, const BsmIvInputs& iv_in, const BsmInputs& in) {
  { m.implied_volatility(iv_in) } -> std::same_as<IvResult>;
  { m.greeks(in) } -> std::same_as<Greeks>;
};

// Black-Scholes-Merton, European exercise (see the synopsis for the bias on American quotes).
struct EuropeanBsm {
  [[nodiscard]] IvResult implied_volatility(const BsmIvInputs& in) const {
    return ::ivcrush::implied_volatility(in);
  }
  [[nodiscard]] Greeks greeks(const BsmInputs& in) const { return ::ivcrush::bsm_greeks(in); }
};

static_assert(QuotePricingModel<EuropeanBsm>);

// Greeks of one quote at its mid IV, per share.
struct QuoteGreeks {
  double delta = 0.0;               // ∂V/∂S per $1 of spot; calls > 0, puts < 0
  double gamma = 0.0;               // ∂²V/∂S² per $1²
  double vega_per_vol_point = 0.0;  // $ per 1 vol point (0.01 of σ)
  double theta_per_day = 0.0;       // $ per calendar day passing (negative for a long option)
};

// What ChainGreeks solves for each quote.
struct ChainGreeksOptions {
  // Also solve the bid and ask IVs (two more solves per quote), for iv_spread_points(). Nothing
  // else in the library reads them; false leaves the mid IV and greeks unchanged.
  bool bid_ask_ivs = true;
  // Solve only this expiration's quotes (nullopt: every quote). The others get their time to
  // expiry and no IV and no greeks, exactly as a quote that was not solved: a caller that reads
  // one expiration (analyze_ticker reads the first after the event) skips the other solves.
  std::optional<Expiration> only_expiration;
};

// Our numbers for one quote (the vendor's stay in the OptionQuote).
struct QuoteAnalytics {
  YearFraction time;                  // as-of to expiry, ACT/365 (0 when expired)
  std::optional<IvResult> bid_iv;     // nullopt: one-sided quote (no bid), or not solved
  std::optional<IvResult> mid_iv;     // nullopt: one-sided quote (its mid is not a price), or
                                      // another expiration than ChainGreeksOptions::only_expiration
  std::optional<IvResult> ask_iv;     // nullopt: not solved (ChainGreeksOptions::bid_ask_ivs false)
  std::optional<QuoteGreeks> greeks;  // at the mid IV; set exactly when mid_iv is ok

  // σ from the mid, when the solve succeeded.
  [[nodiscard]] std::optional<Volatility> iv() const noexcept {
    if (!mid_iv || mid_iv->status != IvStatus::ok) return std::nullopt;
    return mid_iv->volatility;
  }
  // Ask IV - bid IV in vol points (>= 0, since a premium's IV rises with the premium), when both
  // were solved and succeeded.
  [[nodiscard]] std::optional<double> iv_spread_points() const noexcept {
    if (!bid_iv || bid_iv->status != IvStatus::ok || !ask_iv || ask_iv->status != IvStatus::ok) {
      return std::nullopt;
    }
    return ask_iv->volatility->points() - bid_iv->volatility->points();
  }
};

namespace detail {

inline void validate(const ChainMarket& m) {
  require_rate("rate", m.rate);
  require_rate("dividend yield", m.dividend_yield);
}

// Time from as-of to the expiration's expiry instant; 0 when it is already past.
[[nodiscard]] inline YearFraction time_to_expiry_or_zero(Expiration e,
                                                         std::chrono::sys_seconds as_of) {
  return e.expiry_time() <= as_of ? YearFraction{} : e.time_to_expiry(as_of);
}

template <QuotePricingModel Model>
[[nodiscard]] QuoteAnalytics analyze_quote(const OptionQuote& q, const ContractKey& key, Price spot,
                                           YearFraction time, const ChainMarket& market,
                                           const Model& model, const ChainGreeksOptions& options) {
  QuoteAnalytics out;
  out.time = time;
  BsmIvInputs in{.right = key.right,
                 .premium = q.ask,
                 .spot = spot,
                 .strike = key.strike,
                 .time = time,
                 .rate = market.rate,
                 .dividend_yield = market.dividend_yield};
  if (options.bid_ask_ivs) out.ask_iv = model.implied_volatility(in);
  if (q.one_sided) return out;
  if (options.bid_ask_ivs) {
    in.premium = q.bid;
    out.bid_iv = model.implied_volatility(in);
  }
  in.premium = mid(q);
  out.mid_iv = model.implied_volatility(in);
  if (out.mid_iv->status == IvStatus::ok &&
      out.mid_iv->volatility->fraction() <= max_pricing_volatility) {
    const Greeks g = model.greeks(BsmInputs{.right = key.right,
                                            .spot = spot,
                                            .strike = key.strike,
                                            .time = time,
                                            .volatility = *out.mid_iv->volatility,
                                            .rate = market.rate,
                                            .dividend_yield = market.dividend_yield});
    out.greeks = QuoteGreeks{.delta = g.delta,
                             .gamma = g.gamma,
                             .vega_per_vol_point = g.vega_per_vol_point(),
                             .theta_per_day = g.theta_per_calendar_day()};
  }
  return out;
}

}  // namespace detail

// Fills out[i] for chain.quotes()[i], in one pass; allocates nothing. out.size() must equal
// chain.size() (asserted).
template <QuotePricingModel Model = EuropeanBsm>
void compute_quote_analytics(const OptionChain& chain, const ChainMarket& market,
                             const ChainGreeksOptions& options, std::span<QuoteAnalytics> out,
                             const Model& model = {}) {
  IVCRUSH_ASSERT(out.size() == chain.size(), "one result per quote");
  detail::validate(market);
  const auto quotes = chain.quotes();
  const auto contracts = chain.contracts();
  std::optional<Expiration> current;
  YearFraction time;
  for (std::size_t i = 0; i < quotes.size() && i < out.size(); ++i) {
    // Quotes are ordered by expiration: one time per expiration.
    if (!current || *current != contracts[i].expiration) {
      current = contracts[i].expiration;
      time = detail::time_to_expiry_or_zero(*current, chain.as_of());
    }
    if (options.only_expiration && *options.only_expiration != *current) {
      out[i] = QuoteAnalytics{};
      out[i].time = time;
      continue;
    }
    out[i] =
        detail::analyze_quote(quotes[i], contracts[i], chain.spot(), time, market, model, options);
  }
}
// All three IVs (ChainGreeksOptions{}).
template <QuotePricingModel Model = EuropeanBsm>
void compute_quote_analytics(const OptionChain& chain, const ChainMarket& market,
                             std::span<QuoteAnalytics> out, const Model& model = {}) {
  compute_quote_analytics(chain, market, ChainGreeksOptions{}, out, model);
}

// The results for one chain, parallel to chain.quotes(); refers to the chain.
class ChainGreeks {
 public:
  template <QuotePricingModel Model = EuropeanBsm>
  ChainGreeks(const OptionChain& chain, const ChainMarket& market, const Model& model = {})
      : ChainGreeks(chain, market, ChainGreeksOptions{}, model) {}
  template <QuotePricingModel Model = EuropeanBsm>
  ChainGreeks(const OptionChain& chain, const ChainMarket& market,
              const ChainGreeksOptions& options, const Model& model = {})
      : chain_(&chain), market_(market), options_(options), results_(chain.size()) {
    compute_quote_analytics(chain, market, options, std::span<QuoteAnalytics>(results_), model);
  }
  template <QuotePricingModel Model = EuropeanBsm>
  ChainGreeks(const OptionChain&& chain, const ChainMarket& market,
              const Model& model = {}) = delete;
  template <QuotePricingModel Model = EuropeanBsm>
  ChainGreeks(const OptionChain&& chain, const ChainMarket& market,
              const ChainGreeksOptions& options, const Model& model = {}) = delete;

  [[nodiscard]] const OptionChain& chain() const noexcept { return *chain_; }
  [[nodiscard]] const ChainMarket& market() const noexcept { return market_; }
  [[nodiscard]] const ChainGreeksOptions& options() const noexcept { return options_; }
  [[nodiscard]] std::size_t size() const noexcept { return results_.size(); }
  [[nodiscard]] std::span<const QuoteAnalytics> results() const noexcept { return results_; }
  [[nodiscard]] const QuoteAnalytics& operator[](std::size_t i) const noexcept {
    IVCRUSH_ASSERT(i < results_.size(), "quote index out of range");
    return results_[i];
  }
  // The results of one contract, or nullptr when the chain has no such quote.
  [[nodiscard]] const QuoteAnalytics* find(Expiration e, Strike strike,
                                           OptionRight right) const noexcept {
    const auto i = chain_->quote_index(e, strike, right);
    return i ? &results_[*i] : nullptr;
  }

 private:
  const OptionChain* chain_;
  ChainMarket market_;
  ChainGreeksOptions options_;
  std::vector<QuoteAnalytics> results_;
};

// IVs and greeks for every quote of `chain` (one allocation: the result vector).
template <QuotePricingModel Model = EuropeanBsm>
[[nodiscard]] ChainGreeks compute_chain_greeks(const OptionChain& chain, const ChainMarket& market,
                                               const Model& model = {}) {
  return ChainGreeks(chain, market, model);
}
template <QuotePricingModel Model = EuropeanBsm>
ChainGreeks compute_chain_greeks(const OptionChain&& chain, const ChainMarket& market,
                                 const Model& model = {}) = delete;
template <QuotePricingModel Model = EuropeanBsm>
[[nodiscard]] ChainGreeks compute_chain_greeks(const OptionChain& chain, const ChainMarket& market,
                                               const ChainGreeksOptions& options,
                                               const Model& model = {}) {
  return ChainGreeks(chain, market, options, model);
}
template <QuotePricingModel Model = EuropeanBsm>
ChainGreeks compute_chain_greeks(const OptionChain&& chain, const ChainMarket& market,
                                 const ChainGreeksOptions& options,
                                 const Model& model = {}) = delete;

// ---------------------------------------------------------------------------------------------
// Where an analytic reads a quote's IV from. An IvProvider answers iv(chain, quote index).

template <class P>
concept IvProvider = requires(const P& p, const OptionChain& chain, std::size_t index) {
  { p.iv(chain, index) } -> std::same_as<std::optional<Volatility>>;
};

// Ours: the mid IV of compute_chain_greeks, for the chain those greeks were computed on.
class ComputedIvs {
 public:
  explicit ComputedIvs(const ChainGreeks& greeks) noexcept : greeks_(&greeks) {}
  [[nodiscard]] std::optional<Volatility> iv(const OptionChain& chain,
                                             std::size_t index) const noexcept {
    IVCRUSH_ASSERT(&chain == &greeks_->chain(), "ComputedIvs used with another chain");
    static_cast<void>(chain);
    return (*greeks_)[index].iv();
  }

 private:
  const ChainGreeks* greeks_;
};

// Ours, for a ChainGreeks that solved only some expirations (ChainGreeksOptions::only_expiration):
// a solved quote's mid IV as ComputedIvs gives it, an unsolved one's solved on demand with the
// same inputs and model (so the same bits as a whole-chain pass). For analytics that read a few
// quotes of every expiration (the term structure's ATM IVs) without solving the whole chain.
template <QuotePricingModel Model = EuropeanBsm>
class SolvedOnDemandIvs {
 public:
  explicit SolvedOnDemandIvs(const ChainGreeks& greeks, const Model& model = {}) noexcept
      : greeks_(&greeks), model_(model) {}
  [[nodiscard]] std::optional<Volatility> iv(const OptionChain& chain, std::size_t index) const {
    IVCRUSH_ASSERT(&chain == &greeks_->chain(), "SolvedOnDemandIvs used with another chain");
    const QuoteAnalytics& a = (*greeks_)[index];
    if (a.mid_iv) return a.iv();
    const OptionQuote& q = chain.quotes()[index];
    if (q.one_sided) return std::nullopt;
    const ContractKey& key = chain.contracts()[index];
    const IvResult r =
        model_.implied_volatility(BsmIvInputs{.right = key.right,
                                              .premium = mid(q),
                                              .spot = chain.spot(),
                                              .strike = key.strike,
                                              .time = a.time,
                                              .rate = greeks_->market().rate,
                                              .dividend_yield = greeks_->market().dividend_yield});
    if (r.status != IvStatus::ok) return std::nullopt;
    return r.volatility;
  }

 private:
  const ChainGreeks* greeks_;
  Model model_;
};

// The data vendor's IV as it came with the quote (only when the caller asks for it).
struct VendorIvs {
  [[nodiscard]] std::optional<Volatility> iv(const OptionChain& chain,
                                             std::size_t index) const noexcept {
    return chain.quotes()[index].vendor_iv;
  }
};

// No IVs (analytics that only report IVs on the side then report none).
struct NoIvs {
  [[nodiscard]] std::optional<Volatility> iv(const OptionChain&, std::size_t) const noexcept {
    return std::nullopt;
  }
};

static_assert(IvProvider<ComputedIvs> && IvProvider<VendorIvs> && IvProvider<NoIvs>);

// ---------------------------------------------------------------------------------------------
// The strike whose delta is nearest a target |delta|.

enum class QuoteFilter {
  any,     // every quote with greeks
  liquid,  // only quotes that pass is_liquid (option_quote.hpp)
};

struct DeltaMatch {
  Strike strike;
  std::size_t quote_index = 0;  // into chain.quotes() and the ChainGreeks
  double delta = 0.0;           // signed (puts < 0)
};

// Among the quotes of `right` at expiration `e` that have greeks (and pass `filter`), the one
// minimising ||delta| - target|; on a tie the lower strike wins (the original's ascending scan
// keeps the first minimum). nullopt when none qualifies or the expiration is not in the chain.
[[nodiscard]] inline std::optional<DeltaMatch> strike_nearest_delta(
    const ChainGreeks& greeks, Expiration e, OptionRight right, double target_abs_delta,
    QuoteFilter filter = QuoteFilter::any) {
  detail::require_finite("target |delta|", target_abs_delta);
  if (!(target_abs_delta > 0.0 && target_abs_delta < 1.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "target |delta|", target_abs_delta,
                          "must be in (0, 1)");
  }
  const auto view = greeks.chain().expiration(e);
  if (!view) return std::nullopt;
  std::optional<DeltaMatch> best;
  double best_distance = 0.0;
  for (const Strike k : view->strikes()) {
    const auto index = view->quote_index(k, right);
    if (!index) continue;
    const QuoteAnalytics& a = greeks[*index];
    if (!a.greeks) continue;
    if (filter == QuoteFilter::liquid && !is_liquid(greeks.chain().quotes()[*index])) continue;
    const double distance = std::fabs(std::fabs(a.greeks->delta) - target_abs_delta);
    if (!best || distance < best_distance) {
      best = DeltaMatch{k, *index, a.greeks->delta};
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace ivcrush::inline v0
