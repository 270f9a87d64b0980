// ivcrush/backtest/chain_source.hpp: where a backtest's option chains come from (the port), a
// source over stored market snapshots and a modeled source for data without chains.
//
//   const ChainRequest r{event, reaction, news_at, entry_at, exit_at};
//   FetchedChain in = source.entry_chain(r);   // before the news, with the spot then
//   if (!in.ok()) skip(in.reason);             // a missing chain is a reason, not an exception
//   in.chain->origin;                           // ChainOrigin::market or ChainOrigin::modeled
//   FetchedChain out = source.exit_chain(r);    // after the news, with the spot then
//   static_assert(ChainSource<ModeledChainSource>);
//   static_assert(ChainSource<StoredChainSource<MemoryStorage>>);
//
// The port (ADR 0008): a ChainSource answers, per replayed event, an entry chain (at
// ChainRequest::entry_at, before the news) and an exit chain (at exit_at, after it). Each comes
// tagged with its origin and a short provenance note, and every trade the backtester books
// records both, so a result priced on a model is never mistaken for one priced on quotes.
// Sources are pure functions of the request (no state carried from entry to exit), so events
// may be replayed in any order and twice with identical results.
//
// StoredChainSource<S>: real snapshots from any ChainSnapshotStore (ports/storage.hpp): the
// latest snapshot at or before the instant, if it is at most `max_staleness` older; an exit
// snapshot must also be taken after the news. Origin: market.
//
// ModeledChainSource: for the bundled data, which has real reactions but no chains.
//   entry: model_event_chain (analysis/event_chain_model.hpp) at entry_at with spot = the
//          reaction's reference close (the real last close before the news), calibrated so the
//          ATM straddle of the first expiration after the event prices an implied move that is
//          (1) the real observation of that event when the data has one
//              (ImpliedMoveObservation; the latest scan), otherwise
//          (2) the ImpliedMoveModel: premium (1.0) x the root-mean-square of ALL the ticker's
//              earlier real close-to-close reaction moves, from at least min_history (4) of
//              them (else: no chain, with the reason).
//   exit:  crushed_event_chain at exit_at with spot = the real reaction close (the event
//          variance gone, the same model otherwise); expirations settled by then are dropped.
// Why the RMS: an ATM straddle costs about 0.8 sigma of the move it covers, and a straddle
// priced as "the implied move" is read against the mean absolute move; pricing the straddle at
// the reaction's standard deviation (the RMS: no mean is subtracted, the sign of a reaction is
// a coin flip) is the neutral assumption, and the premium scales it (1.2: the options are 20 %
// rich). The analysis measures its VRP against the recent window (the last 12 reactions) while
// the model prices the full history, so the VRP varies across events and tickers, unlike the
// Python original's constant 1.4 (domain-spec §5). Results under this model measure the
// strategy under a pricing assumption, never market prices: every trade says `modeled`.
// A model chain lists no open interest: the backtester judges its liquidity on spreads only.
//
// Cost: the modeled entry is a calibration (~60 Black-Scholes pairs) plus one chain build; the
// exit recomputes the calibration (cheap) and builds the crushed chain. Thread safety: both
// sources are immutable; StoredChainSource is as thread-safe as its store.
// Errors: none for missing data (reasons); InvalidInput only from the model's own checks on
// invalid parameters (e.g. a negative premium, EventChainModel::validate).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ivcrush/analysis/event_chain_model.hpp"
#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/modeled_chain.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/implied_move_observation.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
#include "ivcrush/ports/storage.hpp"

namespace ivcrush::inline v0 {

enum class ChainOrigin {
  market,   // quotes as they were (a stored snapshot)
  modeled,  // a documented model (chain/modeled_chain.hpp): never market data
};

[[nodiscard]] constexpr std::string_view to_string(ChainOrigin o) noexcept {
  return o == ChainOrigin::market ? "market" : "modeled";
}

// One replayed event, as the backtester asks a source for its chains.
struct ChainRequest {
  EarningsEvent event;                // timing resolved (the reaction's)
  HistoricalMove reaction;            // the real reaction being replayed
  std::chrono::sys_seconds news_at;   // when the news reaches the market
  std::chrono::sys_seconds entry_at;  // < news_at
  std::chrono::sys_seconds exit_at;   // > news_at
};

struct SourcedChain {
  OptionChain chain;
  ChainOrigin origin = ChainOrigin::market;
  std::string provenance;  // short: "snapshot 2024-05-16 16:00 New York", "modeled: ..."
};

// A chain, or why there is none.
struct FetchedChain {
  std::optional<SourcedChain> chain;
  std::string reason;  // set exactly when there is no chain

  [[nodiscard]] bool ok() const noexcept { return chain.has_value(); }
  [[nodiscard]] static FetchedChain missing(std::string why) {
    return FetchedChain{std::nullopt, std::move(why)};
  }
};

template <class S>
concept ChainSource = requires(const S& source, const ChainRequest& request) {
  { source.entry_chain(request) } -> std::same_as<FetchedChain>;
  { source.exit_chain(request) } -> std::same_as<FetchedChain>;
};

namespace detail {

// "2024-05-16 16:00 New York" (minutes; for messages).
[[nodiscard]] inline std::string new_york_stamp(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  const local_seconds local = new_york_local_time(t);
  const local_days day = floor<days>(local);
  const hh_mm_ss<seconds> hms{local - day};
  return fmt::format("{} {:02}:{:02} New York",
                     iso_date(year_month_day{sys_days{day.time_since_epoch()}}),
                     hms.hours().count(), hms.minutes().count());
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Real snapshots.

struct StoredChainOptions {
  // How much older than the requested instant a snapshot may be (end-of-day snapshots stamped
  // at the 16:00 close match a 16:00 request exactly).
  std::chrono::seconds max_staleness = std::chrono::hours{1};
};

template <ChainSnapshotStore S>
class StoredChainSource {
 public:
  explicit StoredChainSource(S& store, StoredChainOptions options = {})
      : store_(&store), options_(options) {
    if (options_.max_staleness.count() < 0) {
      detail::throw_invalid(ErrorCode::negative, "max_staleness seconds",
                            options_.max_staleness.count(), "must not be negative");
    }
  }

  [[nodiscard]] FetchedChain entry_chain(const ChainRequest& r) const {
    return fetch(r.event.symbol, r.entry_at, "entry", std::nullopt);
  }
  [[nodiscard]] FetchedChain exit_chain(const ChainRequest& r) const {
    return fetch(r.event.symbol, r.exit_at, "exit", r.news_at);
  }

 private:
  [[nodiscard]] FetchedChain fetch(Symbol symbol, std::chrono::sys_seconds at,
                                   std::string_view which,
                                   std::optional<std::chrono::sys_seconds> after) const {
    std::optional<OptionChain> chain = store_->load_chain(symbol, at);
    if (!chain) {
      return FetchedChain::missing(fmt::format("no {} snapshot of {} at or before {}", which,
                                               symbol.view(), detail::new_york_stamp(at)));
    }
    const auto age = at - chain->as_of();
    if (age > options_.max_staleness) {
      return FetchedChain::missing(fmt::format(
          "the latest {} snapshot of {} ({}) is {} s older than {} (max staleness {} s)", which,
          symbol.view(), detail::new_york_stamp(chain->as_of()), age.count(),
          detail::new_york_stamp(at), options_.max_staleness.count()));
    }
    if (after && chain->as_of() <= *after) {
      return FetchedChain::missing(fmt::format(
          "the latest {} snapshot of {} ({}) is not after the news ({})", which, symbol.view(),
          detail::new_york_stamp(chain->as_of()), detail::new_york_stamp(*after)));
    }
    std::string provenance = "snapshot " + detail::new_york_stamp(chain->as_of());
    return FetchedChain{SourcedChain{std::move(*chain), ChainOrigin::market, std::move(provenance)},
                        {}};
  }

  S* store_;
  StoredChainOptions options_;
};

// ---------------------------------------------------------------------------------------------
// The modeled source.

// The implied move assumed when no observation exists (see the synopsis).
struct ImpliedMoveModel {
  double premium = 1.0;         // x the RMS of the earlier reactions (> 0)
  std::size_t min_history = 4;  // earlier real reactions required (>= 1)

  void validate() const {
    detail::require_finite("implied move premium", premium);
    if (!(premium > 0.0)) {
      detail::throw_invalid(ErrorCode::out_of_range, "implied move premium", premium,
                            "must be positive");
    }
    if (min_history == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "min_history", min_history,
                            "must be at least 1");
    }
  }
};

enum class ImpliedMoveBasis {
  observed,     // a real ImpliedMoveObservation of this event
  rms_history,  // ImpliedMoveModel over the earlier reactions
};

[[nodiscard]] constexpr std::string_view to_string(ImpliedMoveBasis b) noexcept {
  return b == ImpliedMoveBasis::observed ? "observed" : "rms_history";
}

struct ImpliedMoveEstimate {
  std::optional<Percentage> move;  // empty: none (see reason)
  ImpliedMoveBasis basis = ImpliedMoveBasis::rms_history;
  std::size_t sample = 0;  // earlier reactions used (rms_history)
  std::string note;        // where it came from, or why there is none

  [[nodiscard]] bool ok() const noexcept { return move.has_value(); }
};

// The observed implied move of `event` in `observations` (sorted as EarningsDataset keeps
// them): the latest scan of that announcement with an implied move, or, without one, its
// straddle cost / spot.
[[nodiscard]] inline std::optional<std::pair<Percentage, const ImpliedMoveObservation*>>
observed_implied_move(const io::EarningsDataset& data, const EarningsEvent& event) {
  const ImpliedMoveObservation* found = nullptr;
  std::optional<Percentage> move;
  // Sorted by (ticker, date, scan date): the event's rows are one run; the last usable wins.
  const auto [lo, hi] =
      std::equal_range(data.observations.begin(), data.observations.end(), event.symbol,
                       [](const auto& a, const auto& b) {
                         const auto symbol = [](const auto& x) {
                           if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Symbol>) {
                             return x;
                           } else {
                             return x.symbol;
                           }
                         };
                         return symbol(a) < symbol(b);
                       });
  for (const ImpliedMoveObservation& o : std::span(lo, hi)) {
    if (o.earnings_date != event.date) continue;
    if (o.implied_move) {
      found = &o;
      move = *o.implied_move;
    } else if (o.straddle_cost && o.stock_price && o.stock_price->dollars() > 0.0) {
      found = &o;
      move = Percentage::from_fraction(o.straddle_cost->dollars() / o.stock_price->dollars());
    }
  }
  if (!found) return std::nullopt;
  return std::pair{*move, found};
}

// premium x sqrt(mean(close_move^2)) over every reaction of `symbol` before `date`.
[[nodiscard]] inline ImpliedMoveEstimate rms_implied_move(const io::EarningsDataset& data,
                                                          Symbol symbol,
                                                          std::chrono::year_month_day date,
                                                          const ImpliedMoveModel& model) {
  model.validate();
  const ReactionHistory history = data.history_before(symbol, date);  // all: order-free sum
  ImpliedMoveEstimate e;
  e.basis = ImpliedMoveBasis::rms_history;
  e.sample = history.size();
  if (history.size() < model.min_history) {
    e.note = fmt::format("{} earlier reaction{} of {}, the RMS model needs {}", history.size(),
                         history.size() == 1 ? "" : "s", symbol.view(), model.min_history);
    return e;
  }
  double sum_sq = 0.0;
  for (const HistoricalMove& m : history) {
    const double x = m.close_move.fraction();
    sum_sq += x * x;
  }
  const double rms = std::sqrt(sum_sq / static_cast<double>(history.size()));
  e.move = Percentage::from_fraction(model.premium * rms);
  e.note = fmt::format("RMS of {} earlier close moves {:.4f} % x premium {:.2f}", history.size(),
                       rms * 100.0, model.premium);
  return e;
}

struct ModeledChainOptions {
  EventChainModel model;          // the chain model (ADR 0006 defaults)
  ImpliedMoveModel implied_move;  // when the event has no observation
  bool use_observations = true;   // calibrate to a real observation when the data has one
};

class ModeledChainSource {
 public:
  // `data` must outlive the source (its reactions and observations are read, never copied).
  explicit ModeledChainSource(const io::EarningsDataset& data, ModeledChainOptions options = {})
      : data_(&data), options_(std::move(options)) {
    options_.model.validate();
    options_.implied_move.validate();
  }

  [[nodiscard]] const ModeledChainOptions& options() const noexcept { return options_; }

  // The implied move the entry chain of `event` is calibrated to.
  [[nodiscard]] ImpliedMoveEstimate implied_move(const EarningsEvent& event) const {
    if (options_.use_observations) {
      if (const auto obs = observed_implied_move(*data_, event)) {
        ImpliedMoveEstimate e;
        e.move = obs->first;
        e.basis = ImpliedMoveBasis::observed;
        e.note = fmt::format("observed implied move {:.2f} %{}", obs->first.pct(),
                             obs->second->source.empty() ? "" : " (" + obs->second->source + ")");
        return e;
      }
    }
    return rms_implied_move(*data_, event.symbol, event.date, options_.implied_move);
  }

  [[nodiscard]] FetchedChain entry_chain(const ChainRequest& r) const {
    Setup s = setup(r);
    if (!s.reason.empty()) return FetchedChain::missing(std::move(s.reason));
    ModeledChain built = build_modeled_chain(s.spec);
    return FetchedChain{SourcedChain{std::move(built.chain), ChainOrigin::modeled,
                                     fmt::format("modeled at {} spot {:.2f}: {}",
                                                 detail::new_york_stamp(r.entry_at),
                                                 r.reaction.reference_close.dollars(), s.note)},
                        {}};
  }

  [[nodiscard]] FetchedChain exit_chain(const ChainRequest& r) const {
    Setup s = setup(r);
    if (!s.reason.empty()) return FetchedChain::missing(std::move(s.reason));
    const Price spot = r.reaction.reaction.close();
    // The entry's strikes stay listed besides the grid around the new spot (crushed_event_spec).
    const std::optional<ModeledChainSpec> after = crushed_event_spec(s.spec, r.exit_at, spot);
    if (!after) {
      return FetchedChain::missing(fmt::format("every modeled expiration of {} has settled by {}",
                                               r.event.symbol.view(),
                                               detail::new_york_stamp(r.exit_at)));
    }
    return FetchedChain{
        SourcedChain{build_modeled_chain(*after).chain, ChainOrigin::modeled,
                     fmt::format("modeled after the news at {} spot {:.2f} "
                                 "(event variance removed)",
                                 detail::new_york_stamp(r.exit_at), spot.dollars())},
        {}};
  }

 private:
  struct Setup {
    ModeledChainSpec spec;
    EventCalibration calibration;
    std::string note;
    std::string reason;  // non-empty: no chain
  };

  // The calibrated model of the request's entry (recomputed for the exit: no state is kept).
  [[nodiscard]] Setup setup(const ChainRequest& r) const {
    Setup s;
    const ImpliedMoveEstimate im = implied_move(r.event);
    if (!im.ok()) {
      s.reason = "no implied move to calibrate the modeled chain to: " + im.note;
      return s;
    }
    // An after-close report's entry is the close itself, the instant the model dates the news.
    if (r.entry_at > detail::event_instant(r.event)) {
      s.reason = "the entry is not before the announcement";
      return s;
    }
    const EventChainInput in{.event = r.event,
                             .as_of = r.entry_at,
                             .spot = r.reaction.reference_close,
                             .implied_move = *im.move};
    s.spec = event_chain_spec(in, options_.model);
    s.calibration = calibrate_event_move(s.spec, r.event, *im.move);
    switch (s.calibration.status) {
      case CalibrationStatus::ok: break;
      case CalibrationStatus::no_expiration_after_event:
        s.reason = fmt::format("the modeled weeklies list no expiration after {}",
                               detail::iso_date(r.event.date));
        return s;
      case CalibrationStatus::below_diffusive_straddle:
        s.reason = fmt::format(
            "implied move {:.2f} % is below the straddle the base volatility {:.0f} % alone "
            "prices (negative event variance)",
            im.move->pct(), options_.model.base_volatility.fraction() * 100.0);
        return s;
    }
    s.spec.event = ModeledEvent{r.event, *s.calibration.event_move};
    s.note = fmt::format("calibrated to implied move {:.2f} % ({}: {})", im.move->pct(),
                         to_string(im.basis), im.note);
    return s;
  }

  const io::EarningsDataset* data_;
  ModeledChainOptions options_;
};

static_assert(ChainSource<ModeledChainSource>);

}  // namespace ivcrush::inline v0
