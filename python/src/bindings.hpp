// python/src/bindings.hpp: what the translation units of the extension module ivcrush._ivcrush
// share: one bind_<area>() per area (called in order by module.cpp), the conversions of dates
// and instants, the InvalidInput exception, and the numpy array helpers.
//
// Conventions at the Python boundary (docs/python.md):
//   - std::chrono::year_month_day <-> datetime.date (a datetime.datetime or pandas Timestamp is
//     read as its date; an ISO "YYYY-MM-DD" string is parsed with ivcrush::parse_date).
//   - std::chrono::sys_seconds <-> a timezone-aware datetime.datetime (UTC when returned); a naive
//     datetime is rejected rather than guessed (local time or UTC?), an int is Unix seconds.
//   - ivcrush::InvalidInput -> ivcrush.InvalidInput (a ValueError subclass) with the same message
//     and the ErrorCode's name in its `code` attribute.
//   - std::vector<Candidate> <-> ivcrush.CandidateList (opaque, see below); other vectors and
//     optionals through pybind11/stl.h (included here so every translation unit agrees).
//   - Array entry points take anything numpy.asarray accepts, converted once (no per-element
//     Python calls), and release the GIL around the C++ loop.
// Thread safety: the helpers that touch Python objects need the GIL; those that take spans or
// vectors do not.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/strategy/candidate.hpp"

// Candidate lists cross as the bound class ivcrush.CandidateList (bind_strategy.cpp: list-like,
// no copy when a GenerationResult's candidates go to StrategyScorer.rank), not as a Python list
// of copies. Declared here so that every translation unit converts them the same way.
PYBIND11_MAKE_OPAQUE(std::vector<ivcrush::Candidate>)

namespace ivcrush::python {

namespace py = pybind11;

// The areas, in the order module.cpp binds them (a later area may use an earlier one's types).
void bind_core(py::module_& m);
void bind_chain(py::module_& m);
void bind_pricing(py::module_& m);
void bind_earnings(py::module_& m);
void bind_strategy(py::module_& m);
void bind_scoring(py::module_& m);
void bind_analysis(py::module_& m);
void bind_backtest(py::module_& m);

// ---------------------------------------------------------------------------------------------
// Errors

// Creates ivcrush.InvalidInput in `m` and the translator of ivcrush::InvalidInput (module.cpp).
void register_errors(py::module_& m);

// Raises ivcrush.InvalidInput with `message` and code `code` from binding code that validates
// Python-side input itself (a wrong array length, say), so that those errors look like C++'s.
[[noreturn]] void throw_invalid_input(ErrorCode code, const std::string& message);

// ---------------------------------------------------------------------------------------------
// What an unknown open interest means: an `unknown_oi` argument is a LiquidityPolicy or its
// spelling, "acceptable" or "zero" (parse_liquidity_policy; InvalidInput otherwise).

[[nodiscard]] inline LiquidityPolicy unknown_oi_arg(py::handle v) {
  if (py::isinstance<LiquidityPolicy>(v)) return v.cast<LiquidityPolicy>();
  if (py::isinstance<py::str>(v)) return parse_liquidity_policy(v.cast<std::string>());
  return parse_liquidity_policy(std::string(py::str(v)));
}

// ---------------------------------------------------------------------------------------------
// Dates and instants

// The datetime module (its C API macros are old-style casts, which -Wold-style-cast rejects).
[[nodiscard]] inline py::module_ datetime_module() { return py::module_::import("datetime"); }

// Days since 1970-01-01 <-> calendar date (the numpy datetime64[D] representation).
[[nodiscard]] inline std::int64_t epoch_days(std::chrono::year_month_day d) {
  return std::chrono::sys_days{d}.time_since_epoch().count();
}
[[nodiscard]] inline std::chrono::year_month_day from_epoch_days(std::int64_t days) {
  return std::chrono::year_month_day{
      std::chrono::sys_days{std::chrono::days{static_cast<std::chrono::days::rep>(days)}}};
}

// numpy columns of dates: any array-like numpy can convert to datetime64[D] (datetime64 of any
// unit, datetime.date objects, ISO strings, a pandas datetime Series). NaT is rejected.
[[nodiscard]] std::vector<std::chrono::year_month_day> dates_from_array(py::handle values,
                                                                        std::string_view field);
[[nodiscard]] py::array dates_to_array(std::span<const std::chrono::year_month_day> dates);

// numpy columns of instants as datetime64[s] (UTC).
[[nodiscard]] py::array instants_to_array(std::span<const std::chrono::sys_seconds> instants);

// ---------------------------------------------------------------------------------------------
// Enums

// Makes str(e) C++'s to_string(e) ("AMC", "bull_put_spread") instead of pybind11's
// "Enum.member" (an overload added with .def("__str__") would come second and never be chosen).
template <class E>
py::enum_<E> wire_names(py::enum_<E> cls) {
  cls.attr("__str__") = py::cpp_function([](E e) { return std::string(to_string(e)); },
                                         py::name("__str__"), py::is_method(cls));
  return cls;
}

// ---------------------------------------------------------------------------------------------
// numpy helpers

// A C-contiguous float64 view (or converted copy) of any array-like.
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Int64Array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// A 1-D float64 array owning a copy of `values`.
[[nodiscard]] inline py::array_t<double> to_array(std::span<const double> values) {
  py::array_t<double> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

// Requires a 1-D array of `expected` elements (or sets `expected` when it is negative),
// raising InvalidInput "<field>: has <n> elements, expected <expected>" otherwise.
void require_column(const py::array& values, std::string_view field, py::ssize_t& expected);

}  // namespace ivcrush::python

// ---------------------------------------------------------------------------------------------
// Type casters (here, so that every translation unit converts the same way).
namespace pybind11::detail {

template <>
struct type_caster<std::chrono::year_month_day> {
  PYBIND11_TYPE_CASTER(std::chrono::year_month_day, const_name("datetime.date"));

  bool load(handle src, bool /*convert*/) {
    if (!src) return false;
    if (isinstance(src, ivcrush::python::datetime_module().attr("date"))) {
      value = std::chrono::year_month_day{std::chrono::year{src.attr("year").cast<int>()},
                                          std::chrono::month{src.attr("month").cast<unsigned>()},
                                          std::chrono::day{src.attr("day").cast<unsigned>()}};
      return true;
    }
    if (isinstance<str>(src)) {
      value = ivcrush::parse_date(src.cast<std::string>());
      return true;
    }
    return false;
  }

  static handle cast(std::chrono::year_month_day d, return_value_policy /*policy*/,
                     handle /*parent*/) {
    if (!d.ok()) {
      throw value_error("date " + ivcrush::detail::iso_date(d) + " is not a valid calendar date");
    }
    return ivcrush::python::datetime_module()
        .attr("date")(static_cast<int>(d.year()), unsigned{d.month()}, unsigned{d.day()})
        .release();
  }
};

template <>
struct type_caster<std::chrono::sys_seconds> {
  PYBIND11_TYPE_CASTER(std::chrono::sys_seconds, const_name("datetime.datetime"));

  bool load(handle src, bool /*convert*/) {
    if (!src) return false;
    const auto datetime = ivcrush::python::datetime_module();
    if (isinstance(src, datetime.attr("datetime"))) {
      if (src.attr("utcoffset")().is_none()) {
        throw value_error(
            "naive datetime " + str(src).cast<std::string>() +
            ": pass a timezone-aware datetime (tzinfo=datetime.timezone.utc or a ZoneInfo)");
      }
      // (t - epoch) // 1 second: exact integer arithmetic, sub-second parts floored.
      const object epoch =
          datetime.attr("datetime")(1970, 1, 1, 0, 0, 0, 0, datetime.attr("timezone").attr("utc"));
      const object seconds = (src - epoch).attr("__floordiv__")(datetime.attr("timedelta")(0, 1));
      value = std::chrono::sys_seconds{std::chrono::seconds{seconds.cast<std::int64_t>()}};
      return true;
    }
    if (isinstance<pybind11::int_>(src)) {
      value = std::chrono::sys_seconds{std::chrono::seconds{src.cast<std::int64_t>()}};
      return true;
    }
    return false;
  }

  static handle cast(std::chrono::sys_seconds t, return_value_policy /*policy*/,
                     handle /*parent*/) {
    const auto datetime = ivcrush::python::datetime_module();
    const object utc = datetime.attr("timezone").attr("utc");
    const object epoch = datetime.attr("datetime")(1970, 1, 1, 0, 0, 0, 0, utc);
    return (epoch + datetime.attr("timedelta")(0, t.time_since_epoch().count())).release();
  }
};

}  // namespace pybind11::detail
