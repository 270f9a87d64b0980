// python/src/bind_earnings.cpp: earnings events and moves, and the earnings analytics: historical
// moves, implied move (ATM / interpolated straddle, expected move), VRP, consistency, skew, term
// structure with the implied event move, and liquidity tiers and scores.
//
// Percentages cross as floats in percent with `_pct` in the name (close_move_pct = -6.47);
// volatilities as fractions (atm_iv = 0.32); prices as float dollars. Move histories are either
// a sequence of HistoricalMove (with a MoveMetric), in any order: they are sorted newest first
// (ReactionHistoryBuffer), or an array-like of moves in percent, which carry no dates and are
// read newest first (what analyze_consistency's order-dependent weights and trend need). Results
// are small read-only objects; tables (skew points, term points, forwards, moves) come as columns
// (dict of numpy arrays) and frames.
#include <cmath>
#include <limits>

#include "bindings.hpp"
#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/earnings/consistency.hpp"
#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/directional_bias.hpp"
#include "ivcrush/earnings/earnings_reaction.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/implied_move.hpp"
#include "ivcrush/earnings/liquidity.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/earnings/skew.hpp"
#include "ivcrush/earnings/term_structure.hpp"
#include "ivcrush/earnings/vrp.hpp"
#include "ivcrush/io/earnings_csv.hpp"
#include "ivcrush/io/format.hpp"

namespace ivcrush::python {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::optional<double> pct_of(const std::optional<Percentage>& p) {
  if (!p) return std::nullopt;
  return p->pct();
}
std::optional<double> fraction_of(const std::optional<Volatility>& v) {
  if (!v) return std::nullopt;
  return v->fraction();
}
std::optional<double> dollars_of(const std::optional<Strike>& k) {
  if (!k) return std::nullopt;
  return k->dollars();
}

EarningsTiming timing_of(const py::handle& h) {
  if (py::isinstance<EarningsTiming>(h)) return h.cast<EarningsTiming>();
  return parse_earnings_timing(h.cast<std::string>());
}

// A move history from Python: HistoricalMove objects (read through `metric`) or magnitudes /
// signed moves in percent. With `newest_first` (the order-dependent consistency analyzer) the
// HistoricalMoves, in any order, are sorted newest first by ReactionHistoryBuffer (which rejects
// a repeated date); percentages have no dates and are taken as given, newest first. Order-free
// analytics (VRP, basic consistency) take the moves as given.
std::vector<Percentage> moves_pct(const py::handle& moves, MoveMetric metric,
                                  bool newest_first = false) {
  std::vector<Percentage> out;
  if (moves.is_none()) return out;
  if (py::isinstance<py::list>(moves) || py::isinstance<py::tuple>(moves)) {
    const auto seq = py::reinterpret_borrow<py::sequence>(moves);
    if (seq.size() > 0 && py::isinstance<HistoricalMove>(seq[0])) {
      if (newest_first) {
        const ReactionHistoryBuffer history(seq.cast<std::vector<HistoricalMove>>());
        for (const HistoricalMove& m : history) out.push_back(m.signed_move(metric));
      } else {
        for (const auto item : seq) {
          out.push_back(item.cast<const HistoricalMove&>().signed_move(metric));
        }
      }
      return out;
    }
  }
  const DoubleArray pct = DoubleArray::ensure(moves);
  if (!pct) throw py::error_already_set();
  py::ssize_t rows = -1;
  require_column(pct, "moves", rows);
  out.reserve(static_cast<std::size_t>(rows));
  for (py::ssize_t i = 0; i < rows; ++i) out.push_back(Percentage::from_pct(pct.data()[i]));
  return out;
}

template <class E>
py::enum_<E> named_enum(py::module_& m, const char* name, const char* doc,
                        std::initializer_list<std::pair<const char*, E>> values) {
  py::enum_<E> e(m, name, doc);
  for (const auto& [n, v] : values) e.value(n, v);
  return e;
}

// ---------------------------------------------------------------------------------------------

void bind_events(py::module_& m) {
  py::class_<EarningsEvent>(m, "EarningsEvent",
                            "An announcement: symbol, US/Eastern date, timing (BMO/AMC/DMH).")
      .def(py::init([](const std::string& symbol, std::chrono::year_month_day date,
                       const py::object& timing) {
             detail::require_valid_date("event date", date);
             return EarningsEvent{Symbol::parse(symbol), date, timing_of(timing)};
           }),
           py::arg("symbol"), py::arg("date"), py::arg("timing") = EarningsTiming::unknown)
      .def_property_readonly("symbol",
                             [](const EarningsEvent& e) { return std::string(e.symbol.view()); })
      .def_readonly("date", &EarningsEvent::date)
      .def_readonly("timing", &EarningsEvent::timing)
      .def("__eq__", [](const EarningsEvent& a, const EarningsEvent& b) { return a == b; })
      .def("__hash__",
           [](const EarningsEvent& e) {
             return py::hash(py::make_tuple(std::string(e.symbol.view()), epoch_days(e.date),
                                            static_cast<int>(e.timing)));
           })
      .def("__repr__",
           [](const EarningsEvent& e) {
             return fmt::format("EarningsEvent('{}', '{}', '{}')", e.symbol.view(),
                                detail::iso_date(e.date), to_string(e.timing));
           })
      .def(py::pickle(
          [](const EarningsEvent& e) {
            return py::make_tuple(std::string(e.symbol.view()), e.date,
                                  std::string(to_string(e.timing)));
          },
          [](const py::tuple& t) {
            return EarningsEvent{Symbol::parse(t[0].cast<std::string>()),
                                 t[1].cast<std::chrono::year_month_day>(),
                                 parse_earnings_timing(t[2].cast<std::string>())};
          }));

  py::class_<DailyBar>(m, "DailyBar", "One session's validated open, high, low, close (volume).")
      .def(py::init([](std::chrono::year_month_day date, double open, double high, double low,
                       double close, std::optional<std::int64_t> volume) {
             return DailyBar::make(date, Price::dollars(open), Price::dollars(high),
                                   Price::dollars(low), Price::dollars(close), volume);
           }),
           py::arg("date"), py::arg("open"), py::arg("high"), py::arg("low"), py::arg("close"),
           py::arg("volume") = py::none())
      .def_property_readonly("date", &DailyBar::date)
      .def_property_readonly("open", [](const DailyBar& b) { return b.open().dollars(); })
      .def_property_readonly("high", [](const DailyBar& b) { return b.high().dollars(); })
      .def_property_readonly("low", [](const DailyBar& b) { return b.low().dollars(); })
      .def_property_readonly("close", [](const DailyBar& b) { return b.close().dollars(); })
      .def_property_readonly("volume", &DailyBar::volume);

  py::class_<AnnouncementBars>(m, "AnnouncementBars",
                               "The bars an announcement date gives (earnings_moves.csv rows).")
      .def(py::init([](const EarningsEvent& event, double previous_close,
                       const DailyBar& announcement_day, std::optional<DailyBar> next_day,
                       std::optional<std::int64_t> previous_volume) {
             return AnnouncementBars{event, Price::dollars(previous_close), previous_volume,
                                     announcement_day, next_day};
           }),
           py::arg("event"), py::arg("previous_close"), py::arg("announcement_day"),
           py::arg("next_day") = py::none(), py::arg("previous_volume") = py::none())
      .def_readonly("event", &AnnouncementBars::event)
      .def_property_readonly("previous_close",
                             [](const AnnouncementBars& b) { return b.previous_close.dollars(); })
      .def_readonly("announcement_day", &AnnouncementBars::announcement_day)
      .def_readonly("next_day", &AnnouncementBars::next_day);

  py::class_<EarningsReaction>(m, "EarningsReaction",
                               "A verified reaction: the last close before the news and the "
                               "first session after it (earnings_reactions.csv rows).")
      .def(py::init(
               [](const EarningsEvent& event, double reference_close, const DailyBar& reaction) {
                 return EarningsReaction{event, Price::dollars(reference_close), reaction};
               }),
           py::arg("event"), py::arg("reference_close"), py::arg("reaction"))
      .def_readonly("event", &EarningsReaction::event)
      .def_property_readonly("reference_close",
                             [](const EarningsReaction& r) { return r.reference_close.dollars(); })
      .def_readonly("reaction", &EarningsReaction::reaction);

  py::class_<io::Reject>(m, "Reject", "A row a reader did not accept: file, line, column, reason.")
      .def_readonly("file", &io::Reject::file)
      .def_readonly("line", &io::Reject::line)
      .def_readonly("column", &io::Reject::column)
      .def_readonly("reason", &io::Reject::reason)
      .def_readonly("code", &io::Reject::code)
      .def("__repr__", [](const io::Reject& r) {
        return fmt::format("Reject({}:{} {}: {})", r.file, r.line, r.column, r.reason);
      });
}

py::dict moves_columns(const std::vector<HistoricalMove>& moves) {
  const std::size_t n = moves.size();
  py::list symbol(n), timing(n), reaction_timing(n);
  std::vector<std::chrono::year_month_day> date(n), reaction_date(n);
  std::vector<double> reference(n), gap(n), close(n), range(n), volume_ratio(n);
  py::array_t<bool> inferred(static_cast<py::ssize_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const HistoricalMove& mv = moves[i];
    symbol[i] = py::str(std::string(mv.event.symbol.view()));
    date[i] = mv.event.date;
    timing[i] = py::str(std::string(to_string(mv.event.timing)));
    reaction_timing[i] = py::str(std::string(to_string(mv.reaction_timing)));
    inferred.mutable_data()[i] = mv.timing_inferred;
    reaction_date[i] = mv.reaction_date();
    reference[i] = mv.reference_close.dollars();
    gap[i] = mv.gap_move.pct();
    close[i] = mv.close_move.pct();
    range[i] = mv.intraday_range.pct();
    volume_ratio[i] = mv.volume_ratio ? *mv.volume_ratio : nan;
  }
  py::dict d;
  d["symbol"] = symbol;
  d["date"] = dates_to_array(date);
  d["timing"] = timing;
  d["reaction_timing"] = reaction_timing;
  d["timing_inferred"] = inferred;
  d["reaction_date"] = dates_to_array(reaction_date);
  d["reference_close"] = to_array(reference);
  d["gap_move_pct"] = to_array(gap);
  d["close_move_pct"] = to_array(close);
  d["intraday_range_pct"] = to_array(range);
  d["volume_ratio"] = to_array(volume_ratio);
  return d;
}

void bind_moves(py::module_& m) {
  auto metric_enum = named_enum<MoveMetric>(
      m, "MoveMetric", "Which move of a reaction bar: close, gap (open) or intraday range.",
      {{"close", MoveMetric::close}, {"gap", MoveMetric::gap}, {"intraday", MoveMetric::intraday}});
  metric_enum.def_static("parse", &parse_move_metric, py::arg("text"));
  wire_names(metric_enum);
  auto status_enum =
      named_enum<MoveStatus>(m, "MoveStatus", "Why a move could not be measured.",
                             {{"ok", MoveStatus::ok},
                              {"missing_reaction_bar", MoveStatus::missing_reaction_bar},
                              {"timing_undecidable", MoveStatus::timing_undecidable}});
  wire_names(status_enum);

  py::class_<HistoricalMove>(m, "HistoricalMove",
                             "How the stock moved on one announcement: the reaction bar against "
                             "the last close before the news (signed percentages).")
      .def_readonly("event", &HistoricalMove::event)
      .def_readonly("reaction_timing", &HistoricalMove::reaction_timing)
      .def_readonly("timing_inferred", &HistoricalMove::timing_inferred)
      .def_property_readonly("reference_close",
                             [](const HistoricalMove& h) { return h.reference_close.dollars(); })
      .def_readonly("reaction", &HistoricalMove::reaction)
      .def_property_readonly("reaction_date", &HistoricalMove::reaction_date)
      .def_property_readonly("gap_move_pct",
                             [](const HistoricalMove& h) { return h.gap_move.pct(); })
      .def_property_readonly("close_move_pct",
                             [](const HistoricalMove& h) { return h.close_move.pct(); })
      .def_property_readonly("intraday_range_pct",
                             [](const HistoricalMove& h) { return h.intraday_range.pct(); })
      .def_readonly("volume_ratio", &HistoricalMove::volume_ratio)
      .def(
          "signed_move_pct",
          [](const HistoricalMove& h, MoveMetric metric) { return h.signed_move(metric).pct(); },
          py::arg("metric") = MoveMetric::close)
      .def(
          "magnitude_pct",
          [](const HistoricalMove& h, MoveMetric metric) { return h.magnitude(metric).pct(); },
          py::arg("metric") = MoveMetric::close)
      .def("__repr__", [](const HistoricalMove& h) {
        return fmt::format("HistoricalMove({} {} close {:+.4f}%)", h.event.symbol.view(),
                           detail::iso_date(h.event.date), h.close_move.pct());
      });

  py::class_<MoveMeasurement>(m, "MoveMeasurement")
      .def_readonly("status", &MoveMeasurement::status)
      .def_readonly("event", &MoveMeasurement::event)
      .def_readonly("move", &MoveMeasurement::move)
      .def_property_readonly("ok", &MoveMeasurement::ok)
      .def("reason", &MoveMeasurement::reason);

  m.def("measure_move", &measure_move, py::arg("bars"),
        "The move of an announcement from its bars (a status, not an exception, when the "
        "reaction session is missing).");
  m.def("to_historical_move", &to_historical_move, py::arg("reaction"));
  m.def(
      "historical_moves",
      [](const std::vector<EarningsReaction>& reactions) {
        std::vector<HistoricalMove> out;
        out.reserve(reactions.size());
        for (const auto& r : reactions) out.push_back(to_historical_move(r));
        return out;
      },
      py::arg("reactions"), "to_historical_move over a list of reactions.");
  m.def(
      "mean_magnitude_pct",
      [](const std::vector<HistoricalMove>& moves, MoveMetric metric) {
        return pct_of(mean_magnitude(moves, metric));
      },
      py::arg("moves"), py::arg("metric") = MoveMetric::close,
      "Mean |move| in percent, None for no moves.");
  m.def("moves_columns", &moves_columns, py::arg("moves"),
        "HistoricalMoves as columns (symbol, date, timing, reaction_timing, timing_inferred, "
        "reaction_date, reference_close, gap_move_pct, close_move_pct, intraday_range_pct, "
        "volume_ratio); moves_frame() wraps them in a DataFrame.");
  m.def(
      "read_earnings_reactions",
      [](const std::string& path) {
        io::ReadResult<EarningsReaction> r;
        {
          py::gil_scoped_release release;
          r = io::read_earnings_reactions(path);
        }
        return py::make_tuple(r.rows, r.rejects);
      },
      py::arg("path"),
      "Reads data/earnings_reactions.csv-style files: (list of EarningsReaction, list of "
      "Reject). An unreadable file or a missing column raises InvalidInput.");
  m.def(
      "read_earnings_moves",
      [](const std::string& path) {
        io::ReadResult<AnnouncementBars> r;
        {
          py::gil_scoped_release release;
          r = io::read_earnings_moves(path);
        }
        return py::make_tuple(r.rows, r.rejects);
      },
      py::arg("path"), "Reads earnings_moves.csv: (list of AnnouncementBars, list of Reject).");
}

void bind_vrp(py::module_& m) {
  wire_names(named_enum<Recommendation>(m, "Recommendation", "The VRP verdict.",
                                        {{"excellent", Recommendation::excellent},
                                         {"good", Recommendation::good},
                                         {"marginal", Recommendation::marginal},
                                         {"skip", Recommendation::skip}}));
  wire_names(named_enum<TailRiskLevel>(m, "TailRiskLevel",
                                       "max / mean of the moves: LOW, NORMAL, HIGH.",
                                       {{"low", TailRiskLevel::low},
                                        {"normal", TailRiskLevel::normal},
                                        {"high", TailRiskLevel::high}}));
  wire_names(named_enum<VrpStatus>(m, "VrpStatus", "Why a VRP could not be computed.",
                                   {{"ok", VrpStatus::ok},
                                    {"no_history", VrpStatus::no_history},
                                    {"insufficient_history", VrpStatus::insufficient_history},
                                    {"invalid_mean", VrpStatus::invalid_mean},
                                    {"negligible_mean", VrpStatus::negligible_mean},
                                    {"no_implied_move", VrpStatus::no_implied_move}}));

  py::class_<VrpThresholds>(m, "VrpThresholds", "VRP ratio tiers (excellent > good > marginal).")
      .def(py::init([](double excellent, double good, double marginal) {
             return VrpThresholds::make({excellent, good, marginal});
           }),
           py::arg("excellent"), py::arg("good"), py::arg("marginal"))
      .def_static(
          "of",
          [](const std::string& profile) {
            return VrpThresholds::of(parse_threshold_profile(profile));
          },
          py::arg("profile"), "BALANCED, CONSERVATIVE, AGGRESSIVE or LEGACY (any case).")
      .def_property_readonly("excellent_ratio", &VrpThresholds::excellent_ratio)
      .def_property_readonly("good_ratio", &VrpThresholds::good_ratio)
      .def_property_readonly("marginal_ratio", &VrpThresholds::marginal_ratio);

  py::class_<MoveStatistics>(m, "MoveStatistics", "Statistics of move magnitudes (percent).")
      .def_readonly("sample_size", &MoveStatistics::sample_size)
      .def_property_readonly("mean_pct", [](const MoveStatistics& s) { return s.mean.pct(); })
      .def_property_readonly("median_pct", [](const MoveStatistics& s) { return s.median.pct(); })
      .def_property_readonly("std_dev_pct", [](const MoveStatistics& s) { return s.std_dev.pct(); })
      .def_property_readonly("mad_pct", [](const MoveStatistics& s) { return s.mad.pct(); })
      .def_property_readonly("min_pct", [](const MoveStatistics& s) { return s.min.pct(); })
      .def_property_readonly("max_pct", [](const MoveStatistics& s) { return s.max.pct(); })
      .def_readonly("cv_ratio", &MoveStatistics::cv_ratio)
      .def_readonly("mad_to_median_ratio", &MoveStatistics::mad_to_median_ratio)
      .def_readonly("tail_risk_ratio", &MoveStatistics::tail_risk_ratio)
      .def_readonly("tail_risk_level", &MoveStatistics::tail_risk_level);

  py::class_<VrpAnalysis>(m, "VrpAnalysis", "Implied move against the stock's real moves.")
      .def_readonly("status", &VrpAnalysis::status)
      .def_readonly("sample_size", &VrpAnalysis::sample_size)
      .def_readonly("min_history", &VrpAnalysis::min_history)
      .def_property_readonly("implied_move_pct",
                             [](const VrpAnalysis& v) { return v.implied_move.pct(); })
      .def_readonly("statistics", &VrpAnalysis::statistics)
      .def_readonly("vrp_ratio", &VrpAnalysis::vrp_ratio)
      .def_readonly("median_vrp_ratio", &VrpAnalysis::median_vrp_ratio)
      .def_readonly("edge_score", &VrpAnalysis::edge_score)
      .def_readonly("recommendation", &VrpAnalysis::recommendation)
      .def_property_readonly("ok", &VrpAnalysis::ok)
      .def_property_readonly("is_tradeable", &VrpAnalysis::is_tradeable)
      .def("reason", &VrpAnalysis::reason)
      .def("__repr__", [](const VrpAnalysis& v) {
        return fmt::format("VrpAnalysis({}, vrp_ratio={:.4f}, {})", to_string(v.status),
                           v.vrp_ratio, to_string(v.recommendation));
      });

  m.def(
      "analyze_vrp",
      [](double implied_move_pct, const py::object& moves, MoveMetric metric,
         const py::object& thresholds, std::size_t min_history) {
        VrpOptions options;
        options.min_history = min_history;
        if (py::isinstance<VrpThresholds>(thresholds)) {
          options.thresholds = thresholds.cast<VrpThresholds>();
        } else {
          options.thresholds =
              VrpThresholds::of(parse_threshold_profile(thresholds.cast<std::string>()));
        }
        const auto history = moves_pct(moves, metric);
        return analyze_vrp(Percentage::from_pct(implied_move_pct), history, options);
      },
      py::arg("implied_move_pct"), py::arg("moves"), py::arg("metric") = MoveMetric::close,
      py::arg("thresholds") = "BALANCED", py::arg("min_history") = 4,
      "VRP of an implied move (percent) over a history: HistoricalMoves (read through `metric`) "
      "or moves in percent (signs dropped), newest first. thresholds: a profile name or "
      "VrpThresholds.");
}

void bind_consistency(py::module_& m) {
  wire_names(named_enum<MoveTrend>(m, "MoveTrend", "Trend of the moves oldest to newest.",
                                   {{"increasing", MoveTrend::increasing},
                                    {"stable", MoveTrend::stable},
                                    {"decreasing", MoveTrend::decreasing}}));
  wire_names(named_enum<ConsistencyStatus>(
      m, "ConsistencyStatus", "",
      {{"ok", ConsistencyStatus::ok},
       {"insufficient_history", ConsistencyStatus::insufficient_history}}));

  py::class_<BasicConsistency>(m, "BasicConsistency", "Median / MAD repeatability.")
      .def_readonly("sample_size", &BasicConsistency::sample_size)
      .def_property_readonly("mean_pct", [](const BasicConsistency& b) { return b.mean.pct(); })
      .def_property_readonly("median_pct", [](const BasicConsistency& b) { return b.median.pct(); })
      .def_property_readonly("mad_pct", [](const BasicConsistency& b) { return b.mad.pct(); })
      .def_readonly("mad_to_median_ratio", &BasicConsistency::mad_to_median_ratio)
      .def_readonly("consistency_ratio", &BasicConsistency::consistency_ratio);

  py::class_<ConsistencyAnalysis>(m, "ConsistencyAnalysis",
                                  "The exponentially weighted consistency analyzer.")
      .def_readonly("status", &ConsistencyAnalysis::status)
      .def_readonly("sample_size", &ConsistencyAnalysis::sample_size)
      .def_readonly("min_history", &ConsistencyAnalysis::min_history)
      .def_property_readonly("weighted_mean_pct",
                             [](const ConsistencyAnalysis& c) { return c.weighted_mean.pct(); })
      .def_property_readonly("std_dev_pct",
                             [](const ConsistencyAnalysis& c) { return c.std_dev.pct(); })
      .def_readonly("cv_ratio", &ConsistencyAnalysis::cv_ratio)
      .def_readonly("consistency_score", &ConsistencyAnalysis::consistency_score)
      .def_readonly("trend", &ConsistencyAnalysis::trend)
      .def_readonly("trend_slope_pct_per_quarter",
                    &ConsistencyAnalysis::trend_slope_pct_per_quarter)
      .def_readonly("trustworthiness_ratio", &ConsistencyAnalysis::trustworthiness_ratio)
      .def_property_readonly("recent_bias_pct",
                             [](const ConsistencyAnalysis& c) { return c.recent_bias.pct(); })
      .def_property_readonly("ok", &ConsistencyAnalysis::ok)
      .def("reason", &ConsistencyAnalysis::reason);

  m.def(
      "analyze_consistency",
      [](const py::object& moves, MoveMetric metric, double decay_ratio, std::size_t min_history,
         double trend_threshold_pct, double rising_trust_factor) {
        const auto history = moves_pct(moves, metric, /*newest_first=*/true);
        return analyze_consistency(NewestFirstMoves(history),
                                   {.decay_ratio = decay_ratio,
                                    .min_history = min_history,
                                    .trend_threshold_pct = trend_threshold_pct,
                                    .rising_trust_factor = rising_trust_factor});
      },
      py::arg("moves"), py::arg("metric") = MoveMetric::close, py::arg("decay_ratio") = 0.85,
      py::arg("min_history") = 4, py::arg("trend_threshold_pct") = 0.5,
      py::arg("rising_trust_factor") = 0.7,
      "Weighted mean, dispersion, trend and trust of a history: HistoricalMoves in any order "
      "(sorted newest first) or moves in percent, newest first.");
  m.def(
      "basic_consistency",
      [](const py::object& moves, MoveMetric metric) {
        const auto history = moves_pct(moves, metric);
        return basic_consistency(history);
      },
      py::arg("moves"), py::arg("metric") = MoveMetric::close,
      "Median, MAD and 1 - MAD/median of the magnitudes; None for no moves.");
}

// ---------------------------------------------------------------------------------------------
// Chain-based analytics

template <class F>
ImpliedMove with_iv_source(const std::string& ivs, F&& f) {
  if (ivs == "none") return f(NoIvs{});
  if (ivs == "vendor") return f(VendorIvs{});
  throw InvalidInput(ErrorCode::malformed,
                     fmt::format("ivs = '{}': must be one of none, vendor (or pass a "
                                 "ChainGreeks for ivcrush's own IVs)",
                                 ivs));
}

void bind_implied_move(py::module_& m) {
  wire_names(named_enum<ImpliedMoveMethod>(
      m, "ImpliedMoveMethod", "",
      {{"atm_straddle", ImpliedMoveMethod::atm_straddle},
       {"interpolated_straddle", ImpliedMoveMethod::interpolated_straddle},
       {"expected_move", ImpliedMoveMethod::expected_move}}));
  wire_names(named_enum<ImpliedMoveStatus>(
      m, "ImpliedMoveStatus", "",
      {{"ok", ImpliedMoveStatus::ok},
       {"expired", ImpliedMoveStatus::expired},
       {"no_expiration", ImpliedMoveStatus::no_expiration},
       {"missing_call", ImpliedMoveStatus::missing_call},
       {"missing_put", ImpliedMoveStatus::missing_put},
       {"illiquid", ImpliedMoveStatus::illiquid},
       {"missing_lower_bracket", ImpliedMoveStatus::missing_lower_bracket},
       {"missing_upper_bracket", ImpliedMoveStatus::missing_upper_bracket},
       {"illiquid_brackets", ImpliedMoveStatus::illiquid_brackets},
       {"unknown_open_interest", ImpliedMoveStatus::unknown_open_interest}}));
  wire_names(named_enum<StraddleBracket>(m, "StraddleBracket", "",
                                         {{"atm", StraddleBracket::atm},
                                          {"interpolated", StraddleBracket::interpolated},
                                          {"lower_only", StraddleBracket::lower_only},
                                          {"upper_only", StraddleBracket::upper_only}}));

  py::class_<ImpliedMove>(m, "ImpliedMove", "The move one expiration's options price.")
      .def_readonly("method", &ImpliedMove::method)
      .def_readonly("status", &ImpliedMove::status)
      .def_property_readonly("expiration", [](const ImpliedMove& i) { return i.expiration.date(); })
      .def_property_readonly("spot", [](const ImpliedMove& i) { return i.spot.dollars(); })
      .def_readonly("bracket", &ImpliedMove::bracket)
      .def_property_readonly("atm_strike",
                             [](const ImpliedMove& i) { return dollars_of(i.atm_strike); })
      .def_property_readonly("upper_strike",
                             [](const ImpliedMove& i) { return dollars_of(i.upper_strike); })
      .def_readonly("upper_weight", &ImpliedMove::upper_weight)
      .def_property_readonly("straddle", [](const ImpliedMove& i) { return i.straddle.dollars(); })
      .def_property_readonly("move_pct", [](const ImpliedMove& i) { return i.move.pct(); })
      .def_property_readonly("upper_bound",
                             [](const ImpliedMove& i) { return i.upper_bound.dollars(); })
      .def_property_readonly("lower_bound",
                             [](const ImpliedMove& i) { return i.lower_bound.dollars(); })
      .def_property_readonly("call_iv", [](const ImpliedMove& i) { return fraction_of(i.call_iv); })
      .def_property_readonly("put_iv", [](const ImpliedMove& i) { return fraction_of(i.put_iv); })
      .def_property_readonly("avg_iv", [](const ImpliedMove& i) { return fraction_of(i.avg_iv); })
      .def_property_readonly("ok", &ImpliedMove::ok)
      .def("__repr__", [](const ImpliedMove& i) {
        return fmt::format("ImpliedMove({}, {}, move_pct={:.4f})", to_string(i.method),
                           to_string(i.status), i.move.pct());
      });

  const auto exp_of = [](std::chrono::year_month_day d) { return Expiration::from_date(d); };
  m.def(
      "atm_straddle_move",
      [exp_of](const OptionChain& chain, std::chrono::year_month_day e, py::handle unknown_oi,
               const std::string& ivs) {
        const LiquidityPolicy liquidity = unknown_oi_arg(unknown_oi);
        return with_iv_source(ivs, [&](auto source) {
          return atm_straddle_move(chain, exp_of(e), source, liquidity);
        });
      },
      py::arg("chain"), py::arg("expiration"),
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero, py::arg("ivs") = "none",
      "The original's implied move: ATM straddle / spot. ivs='vendor' reports the vendor IVs.");
  m.def(
      "atm_straddle_move",
      [exp_of](const ChainGreeks& greeks, std::chrono::year_month_day e, py::handle unknown_oi) {
        const LiquidityPolicy liquidity = unknown_oi_arg(unknown_oi);
        return atm_straddle_move(greeks, exp_of(e), liquidity);
      },
      py::arg("greeks"), py::arg("expiration"),
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero,
      "The same on a ChainGreeks: its (our) IVs are reported.");
  m.def(
      "interpolated_straddle_move",
      [exp_of](const OptionChain& chain, std::chrono::year_month_day e, py::handle unknown_oi,
               const std::string& ivs) {
        const LiquidityPolicy liquidity = unknown_oi_arg(unknown_oi);
        return with_iv_source(ivs, [&](auto source) {
          return interpolated_straddle_move(chain, exp_of(e), source, liquidity);
        });
      },
      py::arg("chain"), py::arg("expiration"),
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero, py::arg("ivs") = "none");
  m.def(
      "interpolated_straddle_move",
      [exp_of](const ChainGreeks& greeks, std::chrono::year_month_day e, py::handle unknown_oi) {
        const LiquidityPolicy liquidity = unknown_oi_arg(unknown_oi);
        return interpolated_straddle_move(greeks, exp_of(e), liquidity);
      },
      py::arg("greeks"), py::arg("expiration"),
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero);
  m.def(
      "expected_move",
      [exp_of](const OptionChain& chain, std::chrono::year_month_day e, double straddle_share_pct,
               const std::string& ivs) {
        const ExpectedMoveOptions o{.straddle_share = Percentage::from_pct(straddle_share_pct)};
        return with_iv_source(
            ivs, [&](auto source) { return expected_move(chain, exp_of(e), source, o); });
      },
      py::arg("chain"), py::arg("expiration"), py::arg("straddle_share_pct") = 85.0,
      py::arg("ivs") = "none");
  m.def(
      "expected_move",
      [exp_of](const ChainGreeks& greeks, std::chrono::year_month_day e,
               double straddle_share_pct) {
        return expected_move(greeks, exp_of(e),
                             {.straddle_share = Percentage::from_pct(straddle_share_pct)});
      },
      py::arg("greeks"), py::arg("expiration"), py::arg("straddle_share_pct") = 85.0);
}

void bind_skew(py::module_& m) {
  wire_names(named_enum<DirectionalBias>(m, "DirectionalBias", "The skew's directional read.",
                                         {{"strong_bearish", DirectionalBias::strong_bearish},
                                          {"bearish", DirectionalBias::bearish},
                                          {"weak_bearish", DirectionalBias::weak_bearish},
                                          {"neutral", DirectionalBias::neutral},
                                          {"weak_bullish", DirectionalBias::weak_bullish},
                                          {"bullish", DirectionalBias::bullish},
                                          {"strong_bullish", DirectionalBias::strong_bullish}}));
  wire_names(named_enum<SmileShape>(m, "SmileShape", "",
                                    {{"smile", SmileShape::smile},
                                     {"inverse_smile", SmileShape::inverse_smile},
                                     {"smirk", SmileShape::smirk}}));
  wire_names(named_enum<SkewStatus>(m, "SkewStatus", "",
                                    {{"ok", SkewStatus::ok},
                                     {"no_expiration", SkewStatus::no_expiration},
                                     {"insufficient_points", SkewStatus::insufficient_points},
                                     {"fit_failed", SkewStatus::fit_failed}}));

  py::class_<SkewAnalysis>(m, "SkewAnalysis",
                           "Put-call IV skew of one expiration, fitted as a quadratic in "
                           "moneyness, in vol points.")
      .def_readonly("status", &SkewAnalysis::status)
      .def_property_readonly("expiration",
                             [](const SkewAnalysis& s) { return s.expiration.date(); })
      .def_property_readonly("spot", [](const SkewAnalysis& s) { return s.spot.dollars(); })
      .def_readonly("skew_atm_points", &SkewAnalysis::skew_atm_points)
      .def_readonly("slope_atm_points", &SkewAnalysis::slope_atm_points)
      .def_readonly("curvature_points", &SkewAnalysis::curvature_points)
      .def_readonly("r_squared", &SkewAnalysis::r_squared)
      .def_readonly("shape", &SkewAnalysis::shape)
      .def_readonly("bias", &SkewAnalysis::bias)
      .def_readonly("bias_confidence", &SkewAnalysis::bias_confidence)
      .def_property_readonly("num_points", &SkewAnalysis::num_points)
      .def_property_readonly("ok", &SkewAnalysis::ok)
      .def(
          "points_columns",
          [](const SkewAnalysis& s) {
            std::vector<double> strike, moneyness, y;
            for (const SkewPoint& p : s.points) {
              strike.push_back(p.strike.dollars());
              moneyness.push_back(p.moneyness);
              y.push_back(p.put_minus_call_points);
            }
            py::dict d;
            d["strike"] = to_array(strike);
            d["moneyness"] = to_array(moneyness);
            d["put_minus_call_points"] = to_array(y);
            return d;
          },
          "The fitted points: strike, moneyness (K - S)/S, IV(put) - IV(call) in vol points.");

  const auto skew_options = [](double min_abs_moneyness, double max_abs_moneyness,
                               std::size_t min_points, QuoteFilter quotes) {
    SkewOptions o;
    o.min_abs_moneyness = min_abs_moneyness;
    o.max_abs_moneyness = max_abs_moneyness;
    o.min_points = min_points;
    o.quotes = quotes;
    return o;
  };
  m.def(
      "analyze_skew",
      [skew_options](const ChainGreeks& greeks, std::chrono::year_month_day e,
                     double min_abs_moneyness, double max_abs_moneyness, std::size_t min_points,
                     QuoteFilter quotes) {
        return analyze_skew(greeks, Expiration::from_date(e),
                            skew_options(min_abs_moneyness, max_abs_moneyness, min_points, quotes));
      },
      py::arg("greeks"), py::arg("expiration"), py::arg("min_abs_moneyness") = 0.02,
      py::arg("max_abs_moneyness") = 0.15, py::arg("min_points") = 5,
      py::arg("quotes") = QuoteFilter::liquid, "Skew on ivcrush's own mid IVs.");
  m.def(
      "analyze_skew",
      [skew_options](const OptionChain& chain, std::chrono::year_month_day e,
                     double min_abs_moneyness, double max_abs_moneyness, std::size_t min_points,
                     QuoteFilter quotes) {
        return analyze_skew(chain, Expiration::from_date(e), VendorIvs{},
                            skew_options(min_abs_moneyness, max_abs_moneyness, min_points, quotes));
      },
      py::arg("chain"), py::arg("expiration"), py::arg("min_abs_moneyness") = 0.02,
      py::arg("max_abs_moneyness") = 0.15, py::arg("min_points") = 5,
      py::arg("quotes") = QuoteFilter::liquid, "Skew on the vendor's IVs (OptionQuote.vendor_iv).");
}

void bind_term_structure(py::module_& m) {
  wire_names(named_enum<TermShape>(m, "TermShape", "",
                                   {{"contango", TermShape::contango},
                                    {"backwardation", TermShape::backwardation},
                                    {"flat", TermShape::flat},
                                    {"undetermined", TermShape::undetermined}}));
  wire_names(named_enum<ForwardVarianceStatus>(
      m, "ForwardVarianceStatus", "",
      {{"ok", ForwardVarianceStatus::ok},
       {"calendar_arbitrage", ForwardVarianceStatus::calendar_arbitrage},
       {"same_expiry_instant", ForwardVarianceStatus::same_expiry_instant}}));
  wire_names(named_enum<EventMoveStatus>(
      m, "EventMoveStatus", "",
      {{"ok", EventMoveStatus::ok},
       {"no_event_expiration", EventMoveStatus::no_event_expiration},
       {"missing_event_iv", EventMoveStatus::missing_event_iv},
       {"no_later_expiration", EventMoveStatus::no_later_expiration},
       {"negative_base_variance", EventMoveStatus::negative_base_variance},
       {"negative_event_variance", EventMoveStatus::negative_event_variance}}));
  named_enum<BaseVarianceSource>(m, "BaseVarianceSource", "",
                                 {{"next_expiration", BaseVarianceSource::next_expiration},
                                  {"later_expirations", BaseVarianceSource::later_expirations}});

  py::class_<TermStructure>(m, "TermStructure", "ATM IV across expirations and forward variances.")
      .def_readonly("slope_points_per_year", &TermStructure::slope_points_per_year)
      .def_readonly("shape", &TermStructure::shape)
      .def_property_readonly("has_calendar_arbitrage", &TermStructure::has_calendar_arbitrage)
      .def(
          "points_columns",
          [](const TermStructure& ts) {
            std::vector<std::chrono::year_month_day> e;
            std::vector<double> t, k, iv, w;
            for (const TermPoint& p : ts.points) {
              e.push_back(p.expiration.date());
              t.push_back(p.time.years());
              k.push_back(p.atm_strike ? p.atm_strike->dollars() : nan);
              iv.push_back(p.atm_iv ? p.atm_iv->fraction() : nan);
              const auto total = p.total_variance();
              w.push_back(total ? *total : nan);
            }
            py::dict d;
            d["expiration"] = dates_to_array(e);
            d["time_years"] = to_array(t);
            d["atm_strike"] = to_array(k);
            d["atm_iv"] = to_array(iv);
            d["total_variance"] = to_array(w);
            return d;
          },
          "One row per expiration: expiration, time_years, atm_strike, atm_iv (fraction), "
          "total_variance.")
      .def(
          "forwards_columns",
          [](const TermStructure& ts) {
            std::vector<std::chrono::year_month_day> from, to;
            std::vector<double> var, vol;
            py::list status;
            for (const ForwardVariance& f : ts.forwards) {
              from.push_back(f.from.date());
              to.push_back(f.to.date());
              var.push_back(f.variance_per_year);
              const auto v = f.volatility();
              vol.push_back(v ? v->fraction() : nan);
              status.append(py::str(std::string(to_string(f.status))));
            }
            py::dict d;
            d["from_expiration"] = dates_to_array(from);
            d["to_expiration"] = dates_to_array(to);
            d["status"] = status;
            d["variance_per_year"] = to_array(var);
            d["forward_volatility"] = to_array(vol);
            return d;
          },
          "Forward variances between consecutive expirations with an IV.");

  py::class_<EventMove>(m, "EventMove", "The earnings move the term structure implies.")
      .def_readonly("status", &EventMove::status)
      .def_property_readonly("event_expiration",
                             [](const EventMove& e) -> std::optional<std::chrono::year_month_day> {
                               if (!e.event_expiration) return std::nullopt;
                               return e.event_expiration->date();
                             })
      .def_property_readonly("base_volatility",
                             [](const EventMove& e) { return fraction_of(e.base_volatility); })
      .def_readonly("event_total_variance", &EventMove::event_total_variance)
      .def_property_readonly("event_sigma_pct",
                             [](const EventMove& e) { return pct_of(e.event_sigma); })
      .def_property_readonly("expected_absolute_move_pct",
                             [](const EventMove& e) { return pct_of(e.expected_absolute_move); })
      .def_property_readonly("ok", &EventMove::ok);

  m.def(
      "analyze_term_structure",
      [](const ChainGreeks& greeks, double flat_slope_points_per_year) {
        return analyze_term_structure(greeks,
                                      {.flat_slope_points_per_year = flat_slope_points_per_year});
      },
      py::arg("greeks"), py::arg("flat_slope_points_per_year") = 0.0,
      "ATM IVs (ivcrush's mid IVs), forward variances, slope and shape.");
  m.def(
      "implied_event_move",
      [](const TermStructure& ts, std::chrono::year_month_day event_expiration,
         BaseVarianceSource base, double event_day_diffusion_removed_years) {
        return implied_event_move(ts, Expiration::from_date(event_expiration),
                                  {.base = base,
                                   .event_day_diffusion_removed = YearFraction::from_years(
                                       event_day_diffusion_removed_years)});
      },
      py::arg("term_structure"), py::arg("event_expiration"),
      py::arg("base") = BaseVarianceSource::next_expiration,
      py::arg("event_day_diffusion_removed_years") = 0.0);
  m.def(
      "implied_event_move",
      [](const ChainGreeks& greeks, const EarningsEvent& event, BaseVarianceSource base,
         double event_day_diffusion_removed_years) {
        return implied_event_move(greeks, event,
                                  {.base = base,
                                   .event_day_diffusion_removed = YearFraction::from_years(
                                       event_day_diffusion_removed_years)});
      },
      py::arg("greeks"), py::arg("event"), py::arg("base") = BaseVarianceSource::next_expiration,
      py::arg("event_day_diffusion_removed_years") = 0.0);
}

LiquidityThresholds thresholds_of(const py::object& th) {
  if (py::isinstance<LiquidityThresholds>(th)) return th.cast<LiquidityThresholds>();
  const auto name = th.cast<std::string>();
  if (name == "scorer_four_tier") return LiquidityThresholds::scorer_four_tier();
  if (name == "domain_three_tier") return LiquidityThresholds::domain_three_tier();
  throw InvalidInput(ErrorCode::malformed,
                     fmt::format("liquidity thresholds = '{}': must be scorer_four_tier, "
                                 "domain_three_tier or a LiquidityThresholds",
                                 name));
}

void bind_liquidity(py::module_& m) {
  wire_names(named_enum<LiquidityTier>(m, "LiquidityTier",
                                       "Worst to best: reject, warning, unknown (OI or volume "
                                       "not in the data), good, excellent.",
                                       {{"reject", LiquidityTier::reject},
                                        {"warning", LiquidityTier::warning},
                                        {"unknown", LiquidityTier::unknown},
                                        {"good", LiquidityTier::good},
                                        {"excellent", LiquidityTier::excellent}}));

  py::class_<LiquidityThresholds>(m, "LiquidityThresholds", "Liquidity tier thresholds.")
      .def_static("scorer_four_tier", &LiquidityThresholds::scorer_four_tier)
      .def_static("domain_three_tier", &LiquidityThresholds::domain_three_tier)
      .def("without_volume", &LiquidityThresholds::without_volume);

  py::class_<LiquidityAssessment>(m, "LiquidityAssessment", "A tier with its reasons.")
      .def_readonly("tier", &LiquidityAssessment::tier)
      .def_readonly("open_interest_tier", &LiquidityAssessment::open_interest_tier)
      .def_readonly("volume_tier", &LiquidityAssessment::volume_tier)
      .def_readonly("spread_tier", &LiquidityAssessment::spread_tier)
      .def_readonly("quote_ok", &LiquidityAssessment::quote_ok)
      .def_readonly("open_interest_known", &LiquidityAssessment::open_interest_known)
      .def_readonly("volume_known", &LiquidityAssessment::volume_known)
      .def_property_readonly("spread_pct",
                             [](const LiquidityAssessment& a) { return a.spread.pct(); })
      .def_property_readonly("reasons",
                             [](const LiquidityAssessment& a) {
                               std::vector<std::string> out;
                               for (const auto& r : a.reasons) out.push_back(to_string(r));
                               return out;
                             })
      .def_property_readonly("is_tradeable", &LiquidityAssessment::is_tradeable)
      .def_property_readonly("has_warnings", &LiquidityAssessment::has_warnings);

  py::class_<LiquidityScore>(m, "LiquidityScore", "The original LiquidityScorer's 0-100 score.")
      .def_readonly("overall", &LiquidityScore::overall)
      .def_readonly("open_interest_score", &LiquidityScore::open_interest_score)
      .def_readonly("volume_score", &LiquidityScore::volume_score)
      .def_readonly("spread_score", &LiquidityScore::spread_score)
      .def_readonly("depth_score", &LiquidityScore::depth_score)
      .def_property_readonly("spread_pct", [](const LiquidityScore& s) { return s.spread.pct(); })
      .def_property_readonly("effective_spread",
                             [](const LiquidityScore& s) -> std::optional<double> {
                               if (!s.effective_spread) return std::nullopt;
                               return s.effective_spread->dollars();
                             })
      .def_readonly("meets_minimums", &LiquidityScore::meets_minimums);

  m.def(
      "assess_liquidity",
      [](const OptionQuote& q, const py::object& thresholds, py::handle unknown_oi) {
        return assess_liquidity(q, thresholds_of(thresholds), unknown_oi_arg(unknown_oi));
      },
      py::arg("quote"), py::arg("thresholds") = "scorer_four_tier",
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero,
      "The tier of one quote ('scorer_four_tier', 'domain_three_tier' or LiquidityThresholds).");
  m.def(
      "assess_liquidity",
      [](std::optional<std::int64_t> open_interest, std::optional<std::int64_t> volume,
         double spread_pct, bool has_bid_and_ask, const py::object& thresholds,
         py::handle unknown_oi) {
        return assess_liquidity(LiquidityInputs{.open_interest = open_interest,
                                                .volume = volume,
                                                .spread = Percentage::from_pct(spread_pct),
                                                .has_bid_and_ask = has_bid_and_ask},
                                thresholds_of(thresholds), unknown_oi_arg(unknown_oi));
      },
      py::kw_only(), py::arg("open_interest"), py::arg("volume"), py::arg("spread_pct"),
      py::arg("has_bid_and_ask") = true, py::arg("thresholds") = "scorer_four_tier",
      py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero,
      "The tier of raw inputs (open interest, volume, spread in percent).");
  m.def(
      "score_liquidity",
      [](const OptionQuote& q, const std::string& anchors) {
        if (anchors == "scorer_class_defaults") {
          return score_liquidity(q, LiquidityScoreAnchors::scorer_class_defaults());
        }
        if (anchors == "production") return score_liquidity(q, LiquidityScoreAnchors::production());
        throw InvalidInput(ErrorCode::malformed,
                           fmt::format("anchors = '{}': must be scorer_class_defaults or "
                                       "production",
                                       anchors));
      },
      py::arg("quote"), py::arg("anchors") = "scorer_class_defaults");
}

}  // namespace

void bind_earnings(py::module_& m) {
  bind_events(m);
  bind_moves(m);
  bind_vrp(m);
  bind_consistency(m);
  bind_implied_move(m);
  bind_skew(m);
  bind_term_structure(m);
  bind_liquidity(m);
}

}  // namespace ivcrush::python
