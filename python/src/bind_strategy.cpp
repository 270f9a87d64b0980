// python/src/bind_strategy.cpp: strategies and their analysis: Leg, Strategy, CommissionSchedule,
// PayoffProfile, model / empirical outcomes, Candidate, CandidateList (an opaque
// std::vector<Candidate>, see bindings.hpp), generate_candidates and build_selected_strategies.
//
// Money crosses as float dollars: per share for premiums and credits, per unit (one contract per
// leg) for max profit / loss and expected P/L, as in candidate.hpp. Probabilities are fractions
// (pop_model = 0.82). CandidateList.to_columns() is the tabular view (one row per candidate:
// legs, credit, max profit/loss, breakevens, POPs, greeks, liquidity, contracts), built in one
// C++ pass; to_frame() wraps it in a DataFrame.
#include <pybind11/stl_bind.h>

#include <cmath>
#include <limits>

#include "bindings.hpp"
#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/pricing/lognormal.hpp"
#include "ivcrush/strategy/builders.hpp"
#include "ivcrush/strategy/candidate.hpp"
#include "ivcrush/strategy/commissions.hpp"
#include "ivcrush/strategy/generator.hpp"
#include "ivcrush/strategy/leg.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/probability.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::python {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::optional<double> dollars_or_none(const std::optional<Money>& m) {
  if (!m) return std::nullopt;
  return m->dollars();
}

OptionRight right_arg(const py::handle& h) {
  if (py::isinstance<OptionRight>(h)) return h.cast<OptionRight>();
  return parse_option_right(h.cast<std::string>());
}

Side side_arg(const py::handle& h) {
  if (py::isinstance<Side>(h)) return h.cast<Side>();
  const auto text = h.cast<std::string>();
  if (text == "buy") return Side::buy;
  if (text == "sell") return Side::sell;
  detail::throw_invalid(ErrorCode::malformed, "side", fmt::format("'{}'", text),
                        "must be one of buy, sell");
}

// "sell 93P / buy 88P" (strikes shortest, P/C, quantities above 1 in front).
std::string legs_text(const Strategy& s) {
  std::string out;
  for (const Leg& l : s.legs()) {
    if (!out.empty()) out += " / ";
    out += to_string(l.side());
    out += ' ';
    if (l.quantity() != 1) out += fmt::format("{}x", l.quantity());
    if (l.is_option()) {
      out += fmt::format("{}{}", l.strike(), l.instrument() == Instrument::call ? 'C' : 'P');
    } else {
      out += "shares";
    }
  }
  return out;
}

std::vector<Percentage> percentages(const std::optional<std::vector<double>>& pct) {
  std::vector<Percentage> out;
  if (!pct) return out;
  out.reserve(pct->size());
  for (const double p : *pct) out.push_back(Percentage::from_pct(p));
  return out;
}

py::dict extremum_dict(const PayoffExtremum& e) {
  py::dict d;
  d["unbounded"] = e.unbounded;
  d["amount"] = e.unbounded ? py::object(py::none()) : py::object(py::float_(e.amount.dollars()));
  d["at"] = e.at ? py::object(py::float_(e.at->dollars())) : py::object(py::none());
  return d;
}

py::dict candidate_columns(const std::vector<Candidate>& cs) {
  const std::size_t n = cs.size();
  py::list kind(n), legs(n), liquidity(n);
  std::vector<std::chrono::year_month_day> expiration(n);
  std::vector<double> short_put(n), long_put(n), short_call(n), long_call(n), credit(n),
      max_profit(n), max_loss(n), rr(n), be_low(n), be_high(n), pop_model(n), pop_emp(n),
      pop_legacy(n), ev_model(n), ev_emp(n), delta(n), gamma(n), vega(n), theta(n), min_oi(n),
      max_spread(n), contracts(n), samples(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Candidate& c = cs[i];
    kind[i] = py::str(std::string(to_string(c.kind)));
    legs[i] = py::str(legs_text(c.strategy));
    liquidity[i] = py::str(std::string(to_string(c.liquidity)));
    const auto e = c.strategy.common_expiration();
    expiration[i] = e ? *e : std::chrono::year_month_day{};
    short_put[i] = long_put[i] = short_call[i] = long_call[i] = nan;
    for (const Leg& l : c.strategy.legs()) {
      if (!l.is_option()) continue;
      const bool put = l.instrument() == Instrument::put;
      const bool sell = l.side() == Side::sell;
      double& slot =
          put ? (sell ? short_put[i] : long_put[i]) : (sell ? short_call[i] : long_call[i]);
      if (std::isnan(slot)) slot = l.strike().dollars();
    }
    credit[i] = c.net_credit_per_share.dollars();
    max_profit[i] = c.max_profit.dollars();
    max_loss[i] = c.max_loss.dollars();
    rr[i] = c.reward_risk_ratio;
    const auto be = c.payoff.breakevens();
    be_low[i] = be.empty() ? nan : be.front();
    be_high[i] = be.size() < 2 ? nan : be.back();
    pop_model[i] = c.pop.model;
    pop_emp[i] = c.pop.empirical ? *c.pop.empirical : nan;
    pop_legacy[i] = c.pop.legacy;
    ev_model[i] = c.expected_pnl_model.dollars();
    ev_emp[i] = c.expected_pnl_empirical ? c.expected_pnl_empirical->dollars() : nan;
    samples[i] = static_cast<double>(c.empirical_sample_size);
    delta[i] = c.greeks ? c.greeks->delta_shares : nan;
    gamma[i] = c.greeks ? c.greeks->gamma_shares_per_dollar : nan;
    vega[i] = c.greeks ? c.greeks->vega_per_vol_point.dollars() : nan;
    theta[i] = c.greeks ? c.greeks->theta_per_calendar_day.dollars() : nan;
    min_oi[i] = c.min_open_interest ? static_cast<double>(*c.min_open_interest) : nan;
    max_spread[i] = c.max_spread.pct();
    contracts[i] = static_cast<double>(c.contracts);
  }
  const auto ints = [](const std::vector<double>& v) {
    return py::array(to_array(v)).attr("astype")("int64");
  };
  py::dict d;
  d["kind"] = kind;
  d["legs"] = legs;
  d["expiration"] = dates_to_array(expiration);
  d["short_put"] = to_array(short_put);
  d["long_put"] = to_array(long_put);
  d["short_call"] = to_array(short_call);
  d["long_call"] = to_array(long_call);
  d["credit"] = to_array(credit);
  d["max_profit"] = to_array(max_profit);
  d["max_loss"] = to_array(max_loss);
  d["reward_risk"] = to_array(rr);
  d["breakeven_low"] = to_array(be_low);
  d["breakeven_high"] = to_array(be_high);
  d["pop_model"] = to_array(pop_model);
  d["pop_empirical"] = to_array(pop_emp);
  d["pop_legacy"] = to_array(pop_legacy);
  d["expected_pnl_model"] = to_array(ev_model);
  d["expected_pnl_empirical"] = to_array(ev_emp);
  d["empirical_sample_size"] = ints(samples);
  d["delta_shares"] = to_array(delta);
  d["gamma_shares_per_dollar"] = to_array(gamma);
  d["vega_per_vol_point"] = to_array(vega);
  d["theta_per_day"] = to_array(theta);
  d["liquidity"] = liquidity;
  d["min_open_interest"] = ints(min_oi);
  d["max_spread_pct"] = to_array(max_spread);
  d["contracts"] = ints(contracts);
  return d;
}

void bind_legs(py::module_& m) {
  wire_names(py::enum_<Side>(m, "Side").value("buy", Side::buy).value("sell", Side::sell));
  wire_names(py::enum_<Instrument>(m, "Instrument")
                 .value("call", Instrument::call)
                 .value("put", Instrument::put)
                 .value("shares", Instrument::shares));

  py::class_<Leg>(m, "Leg", "One leg of a strategy: an option or shares, bought or sold.")
      .def_static(
          "option",
          [](const py::object& right, double strike, std::chrono::year_month_day expiration,
             const py::object& side, std::int32_t quantity, double premium,
             std::int32_t multiplier) {
            return Leg::option({.right = right_arg(right),
                                .strike = Strike::from_dollars(strike),
                                .expiration = expiration,
                                .side = side_arg(side),
                                .quantity = quantity,
                                .premium = Money::dollars(premium),
                                .multiplier = multiplier});
          },
          py::arg("right"), py::arg("strike"), py::arg("expiration"), py::arg("side"),
          py::arg("quantity") = 1, py::arg("premium") = 0.0, py::arg("multiplier") = 100,
          "An option leg; premium in dollars per share.")
      .def_static(
          "shares",
          [](const py::object& side, std::int32_t quantity, double price) {
            return Leg::shares(
                {.side = side_arg(side), .quantity = quantity, .price = Price::dollars(price)});
          },
          py::arg("side"), py::arg("quantity"), py::arg("price"))
      .def_property_readonly("instrument", &Leg::instrument)
      .def_property_readonly("is_option", &Leg::is_option)
      .def_property_readonly("strike", [](const Leg& l) { return l.strike().dollars(); })
      .def_property_readonly("expiration", &Leg::expiration)
      .def_property_readonly("side", &Leg::side)
      .def_property_readonly("quantity", &Leg::quantity)
      .def_property_readonly("multiplier", &Leg::multiplier)
      .def_property_readonly("price_per_share",
                             [](const Leg& l) { return l.price_per_share().dollars(); })
      .def_property_readonly("entry_cash", [](const Leg& l) { return l.entry_cash().dollars(); })
      .def_property_readonly("signed_units", &Leg::signed_units)
      .def("value_per_share_at", &Leg::value_per_share_at, py::arg("spot"))
      .def("__eq__", [](const Leg& a, const Leg& b) { return a == b; })
      .def("__repr__", [](const Leg& l) {
        return l.is_option()
                   ? fmt::format("Leg.option('{}', {}, {}, '{}', quantity={}, premium={})",
                                 to_string(l.instrument()), l.strike(),
                                 detail::iso_date(l.expiration()), to_string(l.side()),
                                 l.quantity(), l.price_per_share().dollars())
                   : fmt::format("Leg.shares('{}', {}, {})", to_string(l.side()), l.quantity(),
                                 l.price_per_share().dollars());
      });

  py::class_<Strategy>(m, "Strategy", "Legs on one underlying (at most 16).")
      .def_static(
          "make",
          [](const std::string& underlying, const std::vector<Leg>& legs) {
            return Strategy::make(Symbol::parse(underlying), legs);
          },
          py::arg("underlying"), py::arg("legs"))
      .def_property_readonly("underlying",
                             [](const Strategy& s) { return std::string(s.underlying().view()); })
      .def_property_readonly(
          "legs",
          [](const Strategy& s) { return std::vector<Leg>(s.legs().begin(), s.legs().end()); })
      .def_property_readonly("net_entry_cash",
                             [](const Strategy& s) { return s.net_entry_cash().dollars(); })
      .def_property_readonly("option_contracts", &Strategy::option_contracts)
      .def_property_readonly("common_expiration", &Strategy::common_expiration)
      .def("legs_text", &legs_text, "'sell 93P / buy 88P'.");

  py::class_<CommissionSchedule>(m, "CommissionSchedule", "Broker fees, entry and exit.")
      .def(py::init([](double per_contract, double per_share, bool charge_exit) {
             const CommissionSchedule c{.per_contract = Money::dollars(per_contract),
                                        .per_share = Money::dollars(per_share),
                                        .charge_exit = charge_exit};
             c.validate();
             return c;
           }),
           py::arg("per_contract") = 0.0, py::arg("per_share") = 0.0, py::arg("charge_exit") = true)
      .def_property_readonly("per_contract",
                             [](const CommissionSchedule& c) { return c.per_contract.dollars(); })
      .def_property_readonly("per_share",
                             [](const CommissionSchedule& c) { return c.per_share.dollars(); })
      .def_readonly("charge_exit", &CommissionSchedule::charge_exit)
      .def(
          "for_position",
          [](const CommissionSchedule& c, const Strategy& s) {
            return c.for_position(s).dollars();
          },
          py::arg("strategy"));

  py::class_<PayoffProfile>(m, "PayoffProfile",
                            "Exact P/L at expiration of one strategy, fees included (dollars).")
      .def_static(
          "at_expiration",
          [](const Strategy& s, std::optional<CommissionSchedule> fees, double min_profit,
             std::optional<double> price_grid) {
            PayoffOptions o;
            if (fees) o.fees = *fees;
            o.min_profit = Money::dollars(min_profit);
            if (price_grid) o.price_grid = Money::dollars(*price_grid);
            return PayoffProfile::at_expiration(s, o);
          },
          py::arg("strategy"), py::arg("fees") = py::none(), py::arg("min_profit") = 0.01,
          py::arg("price_grid") = py::none())
      .def(
          "pnl_at",
          [](const PayoffProfile& p, double spot) {
            return p.pnl_at(Price::dollars(spot)).dollars();
          },
          py::arg("spot"))
      .def_property_readonly("max_profit",
                             [](const PayoffProfile& p) { return extremum_dict(p.max_profit()); })
      .def_property_readonly("max_loss",
                             [](const PayoffProfile& p) { return extremum_dict(p.max_loss()); })
      .def_property_readonly("breakevens",
                             [](const PayoffProfile& p) {
                               return std::vector<double>(p.breakevens().begin(),
                                                          p.breakevens().end());
                             })
      .def_property_readonly(
          "profit_intervals",
          [](const PayoffProfile& p) {
            py::list out;
            for (const PriceInterval& i : p.profit_intervals()) {
              out.append(py::make_tuple(
                  i.lower.dollars(),
                  i.upper ? py::object(py::float_(i.upper->dollars())) : py::object(py::none())));
            }
            return out;
          })
      .def_property_readonly("fees", [](const PayoffProfile& p) { return p.fees().dollars(); })
      .def_property_readonly("knot_prices",
                             [](const PayoffProfile& p) { return to_array(p.knot_prices()); })
      .def_property_readonly("knot_pnls",
                             [](const PayoffProfile& p) { return to_array(p.knot_pnls()); });

  py::class_<OutcomeProbabilities>(m, "OutcomeProbabilities",
                                   "POP and expected P/L of a position held to expiration.")
      .def_readonly("probability_of_profit", &OutcomeProbabilities::probability_of_profit)
      .def_property_readonly("expected_pnl",
                             [](const OutcomeProbabilities& o) { return o.expected_pnl.dollars(); })
      .def_readonly("probability_of_max_loss", &OutcomeProbabilities::probability_of_max_loss)
      .def_readonly("probability_of_max_profit", &OutcomeProbabilities::probability_of_max_profit)
      .def_readonly("sample_size", &OutcomeProbabilities::sample_size);

  m.def(
      "model_outcome",
      [](const PayoffProfile& p, double spot, double years, double volatility, double drift) {
        return model_outcome(p, LognormalModel{.spot = Price::dollars(spot),
                                               .time = YearFraction::from_years(years),
                                               .volatility = Volatility::from_fraction(volatility),
                                               .drift = drift});
      },
      py::arg("payoff"), py::arg("spot"), py::arg("years"), py::arg("volatility"),
      py::arg("drift") = 0.0,
      "Lognormal POP and exact E[P/L] (volatility and drift annual fractions).");
  m.def(
      "empirical_outcome",
      [](const PayoffProfile& p, double spot, const std::vector<double>& moves_pct) {
        const auto moves = percentages(moves_pct);
        return empirical_outcome(p, Price::dollars(spot), moves);
      },
      py::arg("payoff"), py::arg("spot"), py::arg("moves_pct"),
      "The share of the ticker's signed earnings moves (percent) ending in profit, and the mean "
      "P/L over them.");
}

void bind_candidates(py::module_& m) {
  wire_names(py::enum_<StrategyKind>(m, "StrategyKind")
                 .value("bull_put_spread", StrategyKind::bull_put_spread)
                 .value("bear_call_spread", StrategyKind::bear_call_spread)
                 .value("iron_condor", StrategyKind::iron_condor)
                 .value("iron_butterfly", StrategyKind::iron_butterfly)
                 .value("custom", StrategyKind::custom));

  py::class_<PositionGreeks>(m, "PositionGreeks", "Greeks of one unit of a candidate.")
      .def_readonly("delta_shares", &PositionGreeks::delta_shares)
      .def_readonly("gamma_shares_per_dollar", &PositionGreeks::gamma_shares_per_dollar)
      .def_property_readonly("vega_per_vol_point",
                             [](const PositionGreeks& g) { return g.vega_per_vol_point.dollars(); })
      .def_property_readonly(
          "theta_per_calendar_day",
          [](const PositionGreeks& g) { return g.theta_per_calendar_day.dollars(); })
      .def_readonly("option_contracts", &PositionGreeks::option_contracts);

  py::class_<Candidate>(m, "Candidate",
                        "A fully analysed trade: one unit (one contract per leg), its payoff, "
                        "POPs, expected P/L, greeks, short-leg liquidity and chosen contracts.")
      .def_readonly("kind", &Candidate::kind)
      .def_readonly("strategy", &Candidate::strategy)
      .def_readonly("payoff", &Candidate::payoff)
      .def_property_readonly("legs", [](const Candidate& c) { return legs_text(c.strategy); })
      .def_property_readonly("net_credit_per_share",
                             [](const Candidate& c) { return c.net_credit_per_share.dollars(); })
      .def_property_readonly("max_profit",
                             [](const Candidate& c) { return c.max_profit.dollars(); })
      .def_property_readonly("max_loss", [](const Candidate& c) { return c.max_loss.dollars(); })
      .def_readonly("reward_risk_ratio", &Candidate::reward_risk_ratio)
      .def_property_readonly("breakevens",
                             [](const Candidate& c) {
                               return std::vector<double>(c.payoff.breakevens().begin(),
                                                          c.payoff.breakevens().end());
                             })
      .def_property_readonly("pop_model", [](const Candidate& c) { return c.pop.model; })
      .def_property_readonly("pop_empirical", [](const Candidate& c) { return c.pop.empirical; })
      .def_property_readonly("pop_legacy", [](const Candidate& c) { return c.pop.legacy; })
      .def_property_readonly("expected_pnl_model",
                             [](const Candidate& c) { return c.expected_pnl_model.dollars(); })
      .def_property_readonly(
          "expected_pnl_empirical",
          [](const Candidate& c) { return dollars_or_none(c.expected_pnl_empirical); })
      .def_readonly("empirical_sample_size", &Candidate::empirical_sample_size)
      .def_readonly("greeks", &Candidate::greeks)
      .def_readonly("liquidity", &Candidate::liquidity)
      .def_readonly("min_open_interest", &Candidate::min_open_interest)
      .def_property_readonly("max_spread_pct",
                             [](const Candidate& c) { return c.max_spread.pct(); })
      .def_readonly("contracts", &Candidate::contracts)
      .def("__repr__", [](const Candidate& c) {
        return fmt::format("Candidate({} {}, credit {:.2f}, max loss {:.2f}, pop {:.4f})",
                           to_string(c.kind), legs_text(c.strategy),
                           c.net_credit_per_share.dollars(), c.max_loss.dollars(), c.pop.model);
      });

  py::bind_vector<std::vector<Candidate>>(
      m, "CandidateList",
      "A list of Candidates held in C++ (what generate_candidates returns and "
      "StrategyScorer.rank reads without copying). Indexing returns a reference into the list.")
      .def("to_columns", &candidate_columns,
           "One row per candidate: kind, legs, expiration, short/long put/call strikes, credit "
           "(per share), max_profit, max_loss (per unit), reward_risk, breakeven_low/high, "
           "pop_model/empirical/legacy, expected_pnl_model/empirical, empirical_sample_size, "
           "delta_shares, gamma_shares_per_dollar, vega_per_vol_point, theta_per_day, "
           "liquidity, min_open_interest, max_spread_pct, contracts.");
  py::implicitly_convertible<py::list, std::vector<Candidate>>();
}

// ---------------------------------------------------------------------------------------------
// Generation

struct AnalysisArgs {
  double commission_per_contract = 0.0;
  double commission_per_share = 0.0;
  bool charge_exit = true;
  std::optional<double> volatility;
  double drift = 0.0;
  double min_profit = 0.01;
  SizingPop sizing_pop = SizingPop::model;
  LiquidityPolicy liquidity_policy = LiquidityPolicy::unknown_is_zero;

  [[nodiscard]] AnalysisOptions options() const {
    AnalysisOptions o;
    o.fees = {.per_contract = Money::dollars(commission_per_contract),
              .per_share = Money::dollars(commission_per_share),
              .charge_exit = charge_exit};
    if (volatility) o.volatility = Volatility::from_fraction(*volatility);
    o.drift = drift;
    o.min_profit = Money::dollars(min_profit);
    o.sizing_pop = sizing_pop;
    o.liquidity_policy = liquidity_policy;
    return o;
  }
};

// The generator's and builders' context: the moves live as long as the call.
struct ContextArgs {
  const ChainGreeks& greeks;
  std::chrono::year_month_day expiration;
  double implied_move_pct;
  double vrp_ratio;
  DirectionalBias bias;
  std::vector<Percentage> moves;

  [[nodiscard]] StrategyContext context() const {
    return StrategyContext{.greeks = greeks,
                           .expiration = Expiration::from_date(expiration),
                           .implied_move = Percentage::from_pct(implied_move_pct),
                           .vrp_ratio = vrp_ratio,
                           .bias = bias,
                           .historical_moves = moves};
  }
};

StrategyKindSet kinds_of(const std::optional<std::vector<std::string>>& names) {
  if (!names) return {};
  StrategyKindSet k{false, false, false, false};
  for (const auto& n : *names) {
    if (n == "bull_put_spread") {
      k.bull_put_spread = true;
    } else if (n == "bear_call_spread") {
      k.bear_call_spread = true;
    } else if (n == "iron_condor") {
      k.iron_condor = true;
    } else if (n == "iron_butterfly") {
      k.iron_butterfly = true;
    } else {
      detail::throw_invalid(ErrorCode::malformed, "kind", fmt::format("'{}'", n),
                            "must be one of bull_put_spread, bear_call_spread, iron_condor, "
                            "iron_butterfly");
    }
  }
  return k;
}

void bind_generation(py::module_& m) {
  py::enum_<DeltaSource>(m, "DeltaSource", "Where short-leg deltas come from.")
      .value("computed", DeltaSource::computed)
      .value("vendor", DeltaSource::vendor);
  py::enum_<SizingPop>(m, "SizingPop", "The POP the sizing rule reads.")
      .value("model", SizingPop::model)
      .value("empirical", SizingPop::empirical)
      .value("legacy", SizingPop::legacy);
  wire_names(py::enum_<GenerationStatus>(m, "GenerationStatus")
                 .value("ok", GenerationStatus::ok)
                 .value("expiration_not_in_chain", GenerationStatus::expiration_not_in_chain)
                 .value("expired", GenerationStatus::expired)
                 .value("no_volatility", GenerationStatus::no_volatility)
                 .value("no_candidates", GenerationStatus::no_candidates));

  py::class_<GenerationResult>(m, "GenerationResult",
                               "The candidates of one expiration, or why there are none.")
      .def_readonly("status", &GenerationResult::status)
      .def_readonly("message", &GenerationResult::message)
      .def_readonly("candidates", &GenerationResult::candidates,
                    "a CandidateList (a view into this result)")
      .def_readonly("picks_found", &GenerationResult::picks_found)
      .def_property_readonly("ok", &GenerationResult::ok)
      .def_property_readonly("truncated", &GenerationResult::truncated)
      .def_property_readonly("counts",
                             [](const GenerationResult& r) {
                               const GenerationCounts& c = r.counts;
                               py::dict d;
                               d["short_without_delta"] = c.short_without_delta;
                               d["short_delta_out_of_range"] = c.short_delta_out_of_range;
                               d["short_inside_implied_move"] = c.short_inside_implied_move;
                               d["short_illiquid"] = c.short_illiquid;
                               d["missing_long_strike"] = c.missing_long_strike;
                               d["below_min_credit"] = c.below_min_credit;
                               d["condor_unpaired"] = c.condor_unpaired;
                               d["butterfly_no_implied_move"] = c.butterfly_no_implied_move;
                               d["no_risk_or_profit"] = c.no_risk_or_profit;
                               d["capped"] = c.capped;
                               return d;
                             })
      .def("__len__", [](const GenerationResult& r) { return r.candidates.size(); });

  m.def(
      "generate_candidates",
      [](const ChainGreeks& greeks, std::chrono::year_month_day expiration, double implied_move_pct,
         double vrp_ratio, DirectionalBias bias,
         std::optional<std::vector<double>> historical_moves_pct, double min_short_delta,
         double max_short_delta, std::vector<double> wing_widths, double min_credit,
         bool short_outside_implied_move, double butterfly_center_band_pct,
         std::optional<std::vector<std::string>> kinds, bool exclude_rejected_liquidity,
         std::size_t max_candidates, double preferred_short_delta, DeltaSource delta_source,
         double commission_per_contract, std::optional<double> volatility, double drift,
         SizingPop sizing_pop, py::handle unknown_oi) {
        const ContextArgs ctx{greeks,    expiration, implied_move_pct,
                              vrp_ratio, bias,       percentages(historical_moves_pct)};
        GeneratorOptions o;
        o.min_short_delta = min_short_delta;
        o.max_short_delta = max_short_delta;
        o.wing_widths.clear();
        if (wing_widths.size() > o.wing_widths.capacity()) {
          detail::throw_invalid(ErrorCode::out_of_range, "wing_widths", wing_widths.size(),
                                fmt::format("at most {} widths", o.wing_widths.capacity()));
        }
        for (const double w : wing_widths) o.wing_widths.push_back(Money::dollars(w));
        o.min_credit = Money::dollars(min_credit);
        o.short_outside_implied_move = short_outside_implied_move;
        o.butterfly_center_band = Percentage::from_pct(butterfly_center_band_pct);
        o.kinds = kinds_of(kinds);
        o.exclude_rejected_liquidity = exclude_rejected_liquidity;
        o.max_candidates = max_candidates;
        o.preferred_short_delta = preferred_short_delta;
        o.delta_source = delta_source;
        o.analysis = AnalysisArgs{.commission_per_contract = commission_per_contract,
                                  .volatility = volatility,
                                  .drift = drift,
                                  .sizing_pop = sizing_pop,
                                  .liquidity_policy = unknown_oi_arg(unknown_oi)}
                         .options();
        const StrategyContext context = ctx.context();
        py::gil_scoped_release release;
        return generate_candidates(context, o);
      },
      py::arg("greeks"), py::arg("expiration"), py::arg("implied_move_pct"),
      py::arg("vrp_ratio") = 0.0, py::arg("bias") = DirectionalBias::neutral,
      py::arg("historical_moves_pct") = py::none(), py::kw_only(),
      py::arg("min_short_delta") = 0.10, py::arg("max_short_delta") = 0.40,
      py::arg("wing_widths") = std::vector<double>{1.0, 2.0, 2.5, 3.0, 5.0, 10.0},
      py::arg("min_credit") = 0.20, py::arg("short_outside_implied_move") = false,
      py::arg("butterfly_center_band_pct") = 2.0, py::arg("kinds") = py::none(),
      py::arg("exclude_rejected_liquidity") = true, py::arg("max_candidates") = 1000,
      py::arg("preferred_short_delta") = 0.25, py::arg("delta_source") = DeltaSource::computed,
      py::arg("commission_per_contract") = 0.0, py::arg("volatility") = py::none(),
      py::arg("drift") = 0.0, py::arg("sizing_pop") = SizingPop::model,
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero,
      "Every sensible credit strategy of one expiration (bull put / bear call spreads, iron "
      "condors, iron butterflies), analysed, in a deterministic order. historical_moves_pct: "
      "the ticker's signed earnings moves in percent (empirical POP). A modeled chain (open "
      "interest unknown) needs unknown_oi='acceptable' (or LiquidityPolicy.unknown_is_acceptable). "
      "The GIL "
      "is released during generation.");

  m.def(
      "build_selected_strategies",
      [](const ChainGreeks& greeks, std::chrono::year_month_day expiration, double implied_move_pct,
         double vrp_ratio, DirectionalBias bias,
         std::optional<std::vector<double>> historical_moves_pct, DeltaSource delta_source,
         double commission_per_contract, std::optional<double> volatility, SizingPop sizing_pop,
         py::handle unknown_oi) {
        const ContextArgs ctx{greeks,    expiration, implied_move_pct,
                              vrp_ratio, bias,       percentages(historical_moves_pct)};
        BuilderOptions b;
        b.delta_source = delta_source;
        const AnalysisOptions a = AnalysisArgs{.commission_per_contract = commission_per_contract,
                                               .volatility = volatility,
                                               .sizing_pop = sizing_pop,
                                               .liquidity_policy = unknown_oi_arg(unknown_oi)}
                                      .options();
        const StrategyContext context = ctx.context();
        SelectedStrategies sel;
        {
          py::gil_scoped_release release;
          sel = build_selected_strategies(context, b, a);
        }
        py::list messages;
        for (const BuildResult& r : sel.results) {
          if (!r.ok()) messages.append(py::str(r.message));
        }
        return py::make_tuple(sel.candidates(), messages);
      },
      py::arg("greeks"), py::arg("expiration"), py::arg("implied_move_pct"),
      py::arg("vrp_ratio") = 0.0, py::arg("bias") = DirectionalBias::neutral,
      py::arg("historical_moves_pct") = py::none(), py::kw_only(),
      py::arg("delta_source") = DeltaSource::computed, py::arg("commission_per_contract") = 0.0,
      py::arg("volatility") = py::none(), py::arg("sizing_pop") = SizingPop::model,
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero,
      "The original's one pick per selected kind (domain-spec §3.3-3.7): (CandidateList in "
      "selection order, list of messages for the kinds that produced none).");
}

}  // namespace

void bind_strategy(py::module_& m) {
  bind_legs(m);
  bind_candidates(m);
  bind_generation(m);
}

}  // namespace ivcrush::python
