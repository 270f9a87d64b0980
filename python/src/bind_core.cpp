// python/src/bind_core.cpp: the value types (Money, Price, Strike, Percentage, Volatility,
// YearFraction, Symbol), EarningsTiming, DayCount and the date helpers of core/time.hpp.
//
// The Python operators are exactly the C++ ones: Money + Money, Price - Price -> Money,
// Price + Money -> Price, Strike - Strike -> Money, Money * Percentage -> Money, and so on. The
// combinations C++ rejects at compile time (Money + Percentage, Price + Price, Money + 1.0) are
// not bound, so Python raises TypeError for them. None of them converts to float implicitly
// (no __float__: it would let Money * Money through as Money * float); the accessors say the
// unit: .dollars(), .pct(), .fraction(), .points(), .years().
#include <pybind11/operators.h>

#include <functional>

#include "bindings.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/io/format.hpp"

namespace ivcrush::python {

namespace {

template <class T>
std::string formatted(const T& value) {
  return fmt::format("{}", value);
}

// __eq__, __ne__, __lt__, ... and __hash__ from C++'s <=> (a hash of the representation).
template <class T, class Class, class Key>
void comparisons(Class& cls, Key key) {
  cls.def(
         "__eq__", [](const T& a, const T& b) { return a == b; }, py::is_operator())
      .def(
          "__ne__", [](const T& a, const T& b) { return a != b; }, py::is_operator())
      .def(
          "__lt__", [](const T& a, const T& b) { return a < b; }, py::is_operator())
      .def(
          "__le__", [](const T& a, const T& b) { return a <= b; }, py::is_operator())
      .def(
          "__gt__", [](const T& a, const T& b) { return a > b; }, py::is_operator())
      .def(
          "__ge__", [](const T& a, const T& b) { return a >= b; }, py::is_operator())
      .def("__hash__", [key](const T& a) { return std::hash<decltype(key(a))>{}(key(a)); });
}

void bind_money(py::module_& m) {
  py::class_<Money> money(m, "Money",
                          "An amount of US dollars (a difference, not a level): Money +- Money, "
                          "Money * float, Money / Money -> float, Money * Percentage.");
  money.def(py::init([](double dollars) { return Money::dollars(dollars); }), py::arg("dollars"))
      .def_static(
          "from_dollars", [](double dollars) { return Money::dollars(dollars); }, py::arg("amount"))
      .def_static("cents", &Money::cents, py::arg("cents"))
      .def_static("zero", &Money::zero)
      .def("dollars", py::overload_cast<>(&Money::dollars, py::const_))
      .def("__str__", &formatted<Money>)
      .def("__repr__", [](Money a) { return fmt::format("Money({})", a.dollars()); })
      .def("__abs__", [](Money a) { return abs(a); })
      .def(py::self + py::self)
      .def(py::self - py::self)
      .def(-py::self)
      .def(py::self * double())
      .def(double() * py::self)
      .def(py::self / double())
      .def(
          "__truediv__", [](Money a, Money b) { return a / b; }, py::is_operator())
      .def(py::self * Percentage())
      .def(Percentage() * py::self)
      .def(py::pickle([](Money a) { return py::make_tuple(a.dollars()); },
                      [](const py::tuple& t) { return Money::dollars(t[0].cast<double>()); }));
  comparisons<Money>(money, [](Money a) { return a.dollars(); });
}

void bind_price(py::module_& m) {
  py::class_<Price> price(m, "Price",
                          "A price level in dollars per share: Price - Price -> Money, "
                          "Price +- Money -> Price; Price + Price does not exist.");
  price.def(py::init([](double dollars) { return Price::dollars(dollars); }), py::arg("dollars"))
      .def_static(
          "from_dollars", [](double dollars) { return Price::dollars(dollars); }, py::arg("level"))
      .def("dollars", py::overload_cast<>(&Price::dollars, py::const_))
      .def("__str__", &formatted<Price>)
      .def("__repr__", [](Price a) { return fmt::format("Price({})", a.dollars()); })
      .def(py::self - py::self)
      .def(py::self + Money())
      .def(Money() + py::self)
      .def(py::self - Money())
      .def(py::self * double())
      .def(
          "__truediv__", [](Price a, Price b) { return a / b; }, py::is_operator())
      .def(py::pickle([](Price a) { return py::make_tuple(a.dollars()); },
                      [](const py::tuple& t) { return Price::dollars(t[0].cast<double>()); }));
  comparisons<Price>(price, [](Price a) { return a.dollars(); });
}

void bind_strike(py::module_& m) {
  py::class_<Strike> strike(m, "Strike",
                            "An exact option strike (integer ticks of $0.001): Strike - Strike "
                            "-> Money, Strike +- Money -> Price.");
  strike.def(py::init(&Strike::from_dollars), py::arg("dollars"))
      .def_static("from_dollars", &Strike::from_dollars, py::arg("dollars"))
      .def_static("from_ticks", &Strike::from_ticks, py::arg("ticks"))
      .def_static("parse", &Strike::parse, py::arg("text"))
      .def_readonly_static("ticks_per_dollar", &Strike::ticks_per_dollar)
      .def("ticks", &Strike::ticks)
      .def("dollars", &Strike::dollars)
      .def("price", &Strike::price)
      .def("__str__", &formatted<Strike>)
      .def("__repr__", [](Strike k) { return fmt::format("Strike('{}')", k); })
      .def(py::self - py::self)
      .def(py::self - Price())
      .def(Price() - py::self)
      .def(py::self + Money())
      .def(Money() + py::self)
      .def(py::self - Money())
      .def(py::pickle(
          [](Strike k) { return py::make_tuple(k.ticks()); },
          [](const py::tuple& t) { return Strike::from_ticks(t[0].cast<std::int64_t>()); }));
  comparisons<Strike>(strike, [](Strike k) { return k.ticks(); });
}

void bind_percentage(py::module_& m) {
  py::class_<Percentage> pct(m, "Percentage",
                             "A dimensionless ratio, explicit about percent (pct) vs fraction.");
  pct.def_static("from_pct", &Percentage::from_pct, py::arg("pct"))
      .def_static("from_fraction", &Percentage::from_fraction, py::arg("fraction"))
      .def("pct", &Percentage::pct)
      .def("fraction", &Percentage::fraction)
      .def("__str__", &formatted<Percentage>)
      .def("__repr__", [](Percentage p) { return fmt::format("Percentage.from_pct({})", p.pct()); })
      .def(py::self + py::self)
      .def(py::self - py::self)
      .def(-py::self)
      .def(py::self * double())
      .def(double() * py::self)
      .def(py::self / double())
      .def(
          "__truediv__", [](Percentage a, Percentage b) { return a / b; }, py::is_operator())
      .def(py::pickle(
          [](Percentage p) { return py::make_tuple(p.fraction()); },
          [](const py::tuple& t) { return Percentage::from_fraction(t[0].cast<double>()); }));
  comparisons<Percentage>(pct, [](Percentage p) { return p.fraction(); });
}

void bind_volatility(py::module_& m) {
  py::class_<Volatility> vol(m, "Volatility",
                             "An annualized volatility (sigma). Volatilities compare; they do not "
                             "add (variances do).");
  vol.def_static("from_fraction", &Volatility::from_fraction, py::arg("sigma"))
      .def_static("from_points", &Volatility::from_points, py::arg("points"))
      .def_static("from_variance", &Volatility::from_variance, py::arg("variance"))
      .def("fraction", &Volatility::fraction)
      .def("points", &Volatility::points)
      .def("variance", &Volatility::variance)
      .def("__str__", &formatted<Volatility>)
      .def("__repr__",
           [](Volatility v) { return fmt::format("Volatility.from_fraction({})", v.fraction()); })
      .def(py::pickle(
          [](Volatility v) { return py::make_tuple(v.fraction()); },
          [](const py::tuple& t) { return Volatility::from_fraction(t[0].cast<double>()); }));
  comparisons<Volatility>(vol, [](Volatility v) { return v.fraction(); });
}

void bind_time(py::module_& m) {
  py::class_<YearFraction> yf(m, "YearFraction", "A non-negative, finite time in years.");
  yf.def_static("from_years", &YearFraction::from_years, py::arg("years"))
      .def("years", &YearFraction::years)
      .def("__str__", &formatted<YearFraction>)
      .def("__repr__",
           [](YearFraction y) { return fmt::format("YearFraction.from_years({})", y.years()); })
      .def(py::self + py::self)
      .def(py::pickle(
          [](YearFraction y) { return py::make_tuple(y.years()); },
          [](const py::tuple& t) { return YearFraction::from_years(t[0].cast<double>()); }));
  comparisons<YearFraction>(yf, [](YearFraction y) { return y.years(); });

  py::enum_<DayCount>(m, "DayCount", "How a date interval becomes years.")
      .value("act_365", DayCount::act_365)
      .value("trading_252", DayCount::trading_252);

  py::enum_<EarningsTiming> timing(
      m, "EarningsTiming",
      "When an announcement happens relative to the session; str() gives the wire name "
      "(BMO, AMC, DMH, UNKNOWN) and EarningsTiming.parse() reads it.");
  timing.value("before_open", EarningsTiming::before_open)
      .value("after_close", EarningsTiming::after_close)
      .value("during_market", EarningsTiming::during_market)
      .value("unknown", EarningsTiming::unknown)
      .def_static("parse", &parse_earnings_timing, py::arg("text"));
  wire_names(timing);

  m.def("parse_date", &parse_date, py::arg("text"),
        "Parses an ISO date 'YYYY-MM-DD' strictly (InvalidInput otherwise).");
  m.def("parse_earnings_timing", &parse_earnings_timing, py::arg("text"));
  m.def("weekdays_between", &weekdays_between, py::arg("start"), py::arg("end"),
        "Weekdays d with start <= d < end.");
  m.def(
      "year_fraction",
      [](std::chrono::year_month_day from, std::chrono::year_month_day to, DayCount day_count) {
        return year_fraction(from, to, day_count).years();
      },
      py::arg("start"), py::arg("end"), py::arg("day_count") = DayCount::act_365,
      "Years from start to end under day_count, as a float.");
  m.def(
      "year_fraction_between",
      [](std::chrono::sys_seconds from, std::chrono::sys_seconds to) {
        return year_fraction(from, to).years();
      },
      py::arg("start"), py::arg("end"),
      "Years between two instants (timezone-aware datetimes), ACT/365 to the second.");
}

void bind_symbol(py::module_& m) {
  py::class_<Symbol> symbol(m, "Symbol",
                            "A validated ticker: 1-10 of A-Z 0-9 . -, starting with a letter; "
                            "lower case is rejected, not upper-cased.");
  symbol.def(py::init(&Symbol::parse), py::arg("text"))
      .def_static("parse", &Symbol::parse, py::arg("text"))
      .def("__str__", [](Symbol s) { return std::string(s.view()); })
      .def("__repr__", [](Symbol s) { return fmt::format("Symbol('{}')", s.view()); })
      .def(py::pickle([](Symbol s) { return py::make_tuple(std::string(s.view())); },
                      [](const py::tuple& t) { return Symbol::parse(t[0].cast<std::string>()); }));
  comparisons<Symbol>(symbol, [](Symbol s) { return s.view(); });
}

}  // namespace

void bind_core(py::module_& m) {
  // The ErrorCode names, for matching InvalidInput.code without string literals.
  py::enum_<ErrorCode>(m, "ErrorCode", "The kind of bad input (InvalidInput.code is its name).")
      .value("not_finite", ErrorCode::not_finite)
      .value("negative", ErrorCode::negative)
      .value("out_of_range", ErrorCode::out_of_range)
      .value("not_on_grid", ErrorCode::not_on_grid)
      .value("malformed", ErrorCode::malformed)
      .value("empty", ErrorCode::empty)
      .value("invalid_character", ErrorCode::invalid_character)
      .value("too_long", ErrorCode::too_long)
      .value("inconsistent", ErrorCode::inconsistent)
      .value("missing", ErrorCode::missing)
      .value("unreadable", ErrorCode::unreadable);
  // Percentage first: Money's operators take one.
  bind_percentage(m);
  bind_money(m);
  bind_price(m);
  bind_strike(m);
  bind_volatility(m);
  bind_time(m);
  bind_symbol(m);
}

}  // namespace ivcrush::python
