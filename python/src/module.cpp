// python/src/module.cpp: the extension module ivcrush._ivcrush: the InvalidInput exception, the
// shared date and array helpers of bindings.hpp, and every bind_<area>() in dependency order.
#include <fmt/format.h>

#include <limits>

#include "bindings.hpp"
#include "ivcrush/version.hpp"

namespace ivcrush::python {

namespace {

// ivcrush.InvalidInput, created once by register_errors and kept alive for the life of the
// process (never released: the translator may run until the interpreter exits).
PyObject* invalid_input_type = nullptr;

}  // namespace

void register_errors(py::module_& m) {
  invalid_input_type = PyErr_NewExceptionWithDoc(
      "ivcrush.InvalidInput",
      "Bad input rejected by ivcrush (a ValueError). str(e) is the C++ message "
      "'<field> = <value>: <reason>'; e.code is the ErrorCode name ('not_finite', "
      "'negative', 'out_of_range', ...).",
      PyExc_ValueError, nullptr);
  if (invalid_input_type == nullptr) throw py::error_already_set();
  m.add_object("InvalidInput", py::handle(invalid_input_type));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InvalidInput& e) {
      // The instance carries the message as its only argument (str(e) == C++'s what()) and the
      // code; a failure while building it propagates as that Python error instead.
      py::object error = py::reinterpret_borrow<py::object>(invalid_input_type)(e.what());
      error.attr("code") = std::string(to_string(e.code()));
      PyErr_SetObject(invalid_input_type, error.ptr());
    }
  });
}

void throw_invalid_input(ErrorCode code, const std::string& message) {
  throw InvalidInput(code, message);
}

std::vector<std::chrono::year_month_day> dates_from_array(py::handle values,
                                                          std::string_view field) {
  const auto np = py::module_::import("numpy");
  const py::array days_array = np.attr("asarray")(values, "datetime64[D]");
  const Int64Array days = np.attr("ascontiguousarray")(days_array.attr("view")("int64"));
  if (days.ndim() != 1) {
    throw_invalid_input(ErrorCode::malformed,
                        fmt::format("{}: has {} dimensions, expected 1", field, days.ndim()));
  }
  const std::int64_t nat = std::numeric_limits<std::int64_t>::min();
  std::vector<std::chrono::year_month_day> out;
  out.reserve(static_cast<std::size_t>(days.size()));
  const std::int64_t* p = days.data();
  for (py::ssize_t i = 0; i < days.size(); ++i) {
    if (p[i] == nat) {
      throw_invalid_input(ErrorCode::missing,
                          fmt::format("{}[{}] = NaT: a date is required", field, i));
    }
    out.push_back(from_epoch_days(p[i]));
  }
  return out;
}

py::array dates_to_array(std::span<const std::chrono::year_month_day> dates) {
  py::array_t<std::int64_t> days(static_cast<py::ssize_t>(dates.size()));
  std::int64_t* p = days.mutable_data();
  for (const auto d : dates) *p++ = epoch_days(d);
  return days.attr("view")("datetime64[D]");
}

py::array instants_to_array(std::span<const std::chrono::sys_seconds> instants) {
  py::array_t<std::int64_t> seconds(static_cast<py::ssize_t>(instants.size()));
  std::int64_t* p = seconds.mutable_data();
  for (const auto t : instants) *p++ = t.time_since_epoch().count();
  return seconds.attr("view")("datetime64[s]");
}

void require_column(const py::array& values, std::string_view field, py::ssize_t& expected) {
  if (values.ndim() != 1) {
    throw_invalid_input(ErrorCode::malformed,
                        fmt::format("{}: has {} dimensions, expected 1", field, values.ndim()));
  }
  if (expected < 0) {
    expected = values.size();
  } else if (values.size() != expected) {
    throw_invalid_input(ErrorCode::inconsistent,
                        fmt::format("{}: has {} elements, expected {} like the first column", field,
                                    values.size(), expected));
  }
}

}  // namespace ivcrush::python

PYBIND11_MODULE(_ivcrush, m) {
  namespace ip = ivcrush::python;
  m.doc() = "ivcrush: analytics for earnings options trading (C++ core, pybind11 bindings)";
  m.attr("__version__") = fmt::format("{}.{}.{}", ivcrush::version.major, ivcrush::version.minor,
                                      ivcrush::version.patch);
  ip::register_errors(m);
  ip::bind_core(m);
  ip::bind_chain(m);
  ip::bind_pricing(m);
  ip::bind_earnings(m);
  ip::bind_strategy(m);
  ip::bind_scoring(m);
  ip::bind_analysis(m);
  ip::bind_backtest(m);
}
