// python/src/columns.hpp: the tables that bind_analysis.cpp and bind_backtest.cpp return, built
// column by column from C++ vectors and handed to pandas.DataFrame in one call.
//
//   Columns c;
//   c.add("ticker", tickers);              // std::vector<std::string> -> object column
//   c.add("pnl", pnl);                     // std::vector<double>      -> float64
//   c.add("win_rate_pct", rates);          // std::vector<std::optional<double>> -> NaN if empty
//   c.add_dates("earnings_date", dates);   // year_month_day -> datetime64[D] (NaT if empty)
//   return c.frame();                      // pandas.DataFrame, columns in the order added
//
// Numbers become numpy arrays (one copy, no per-element Python call); strings become a list of
// str (one Python object per cell is unavoidable). Needs the GIL: fill the vectors with it
// released, then build the table.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bindings.hpp"

namespace ivcrush::python {

class Columns {
 public:
  void add(const char* name, std::span<const double> values) { columns_[name] = to_array(values); }
  void add(const char* name, const std::vector<double>& values) {
    add(name, std::span<const double>(values));
  }
  void add(const char* name, const std::vector<std::optional<double>>& values) {
    py::array_t<double> out(static_cast<py::ssize_t>(values.size()));
    double* p = out.mutable_data();
    for (const auto& v : values) *p++ = v ? *v : std::numeric_limits<double>::quiet_NaN();
    columns_[name] = std::move(out);
  }
  void add(const char* name, const std::vector<std::int64_t>& values) {
    py::array_t<std::int64_t> out(static_cast<py::ssize_t>(values.size()));
    std::copy(values.begin(), values.end(), out.mutable_data());
    columns_[name] = std::move(out);
  }
  void add(const char* name, const std::vector<bool>& values) {
    py::array_t<bool> out(static_cast<py::ssize_t>(values.size()));
    bool* p = out.mutable_data();
    for (const bool v : values) *p++ = v;
    columns_[name] = std::move(out);
  }
  void add(const char* name, const std::vector<std::string>& values) {
    py::list out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = py::str(values[i]);
    columns_[name] = std::move(out);
  }
  void add_dates(const char* name, const std::vector<std::chrono::year_month_day>& values) {
    columns_[name] = dates_to_array(values);
  }
  void add_dates(const char* name,
                 const std::vector<std::optional<std::chrono::year_month_day>>& values) {
    py::array_t<std::int64_t> days(static_cast<py::ssize_t>(values.size()));
    std::int64_t* p = days.mutable_data();
    for (const auto& d : values)
      *p++ = d ? epoch_days(*d) : std::numeric_limits<std::int64_t>::min();
    columns_[name] = days.attr("view")("datetime64[D]");
  }
  void add_instants(const char* name, const std::vector<std::chrono::sys_seconds>& values) {
    columns_[name] = instants_to_array(values);
  }

  // The DataFrame (pandas is imported on first use).
  [[nodiscard]] py::object frame() const {
    return py::module_::import("pandas").attr("DataFrame")(columns_);
  }

 private:
  py::dict columns_;
};

// Empty optionals become None in the dicts the bindings return.
template <class T>
[[nodiscard]] py::object optional_value(const std::optional<T>& v) {
  return v ? py::cast(*v) : py::none();
}

}  // namespace ivcrush::python
