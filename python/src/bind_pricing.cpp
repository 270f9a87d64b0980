// python/src/bind_pricing.cpp: Black-Scholes-Merton and Black-76 prices, greeks and implied
// volatilities, on scalars and, with numpy broadcasting, on arrays.
//
//   ivcrush.bsm_price("call", 100.0, 105.0, 60 / 365, 0.20, rate=0.01)        # float
//   ivcrush.bsm_price("put", spots, 100.0, years, 0.30)                       # ndarray
//   ivcrush.implied_volatility("call", 1.4425, 100.0, 105.0, 60 / 365, 0.01)  # IvResult
//   ivcrush.implied_volatility(rights, premiums, spot, strikes, years)        # ndarray of sigma
//
// Every argument may be a scalar or an array-like; arrays broadcast against each other as numpy
// does (a scalar against an array, (n, 1) against (1, m), ...). `right` is an OptionRight, a str
// ("C", "P", "call", "put") or an array of those strings. With only scalars the result is a
// scalar (float, Greeks, IvResult); otherwise an ndarray of the broadcast shape (greeks: a dict of
// ndarrays). Each element goes through exactly the code path of the scalar call (the same
// validation and kernel), so array results equal a scalar loop bit for bit. The loop runs with
// the GIL released; inputs are converted to float64 once, before it.
// Errors: the first invalid element raises InvalidInput with C++'s message; array calls prefix it
// with the element's flat index ("at index 3: spot = -1: must not be negative").
#include <array>
#include <cmath>
#include <limits>

#include "bindings.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/greeks.hpp"
#include "ivcrush/pricing/implied_vol.hpp"

namespace ivcrush::python {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// Scalar kernels: one element, as the scalar Python call computes it.

double theta_of(OptionRight r) { return r == OptionRight::call ? 1.0 : -1.0; }
OptionRight right_of_theta(double theta) {
  return theta > 0.0 ? OptionRight::call : OptionRight::put;
}

BsmInputs bsm_inputs(double theta, double spot, double strike, double years, double volatility,
                     double rate, double dividend_yield) {
  return validate(UncheckedBsmInputs{.right = right_of_theta(theta),
                                     .spot = spot,
                                     .strike = strike,
                                     .years = years,
                                     .volatility = volatility,
                                     .rate = rate,
                                     .dividend_yield = dividend_yield});
}

double price_kernel(const double* x) {
  return bsm_price(bsm_inputs(x[0], x[1], x[2], x[3], x[4], x[5], x[6])).dollars();
}

Black76Inputs black76_inputs(const double* x) {
  // The same field checks as validate(UncheckedBsmInputs), with the forward in place of spot.
  detail::require_non_negative("forward", x[1]);
  detail::require_non_negative("strike", x[2]);
  detail::require_non_negative("years", x[3]);
  detail::require_non_negative("volatility", x[4]);
  return Black76Inputs{.right = right_of_theta(x[0]),
                       .forward = Price::dollars(x[1]),
                       .strike = Strike::from_dollars(x[2]),
                       .time = YearFraction::from_years(x[3]),
                       .volatility = Volatility::from_fraction(x[4]),
                       .rate = x[5]};
}

double black76_kernel(const double* x) { return black76_price(black76_inputs(x)).dollars(); }

BsmIvInputs iv_inputs(const double* x) {
  // x: theta, premium, spot, strike, years, rate, dividend yield.
  detail::require_finite("premium", x[1]);
  detail::require_non_negative("spot", x[2]);
  detail::require_non_negative("strike", x[3]);
  detail::require_non_negative("years", x[4]);
  return BsmIvInputs{.right = right_of_theta(x[0]),
                     .premium = Money::dollars(x[1]),
                     .spot = Price::dollars(x[2]),
                     .strike = Strike::from_dollars(x[3]),
                     .time = YearFraction::from_years(x[4]),
                     .rate = x[5],
                     .dividend_yield = x[6]};
}

// The greeks' fields, in the column order of the array result.
constexpr std::array<const char*, 11> greek_names{"price",
                                                  "delta",
                                                  "gamma",
                                                  "vega_per_unit_vol",
                                                  "vega_per_vol_point",
                                                  "theta_per_year",
                                                  "theta_per_calendar_day",
                                                  "rho_per_unit_rate",
                                                  "dividend_rho_per_unit_yield",
                                                  "vanna_per_unit_vol",
                                                  "volga_per_unit_vol_squared"};

std::array<double, 11> greek_values(const Greeks& g) {
  return {g.price.dollars(),
          g.delta,
          g.gamma,
          g.vega_per_unit_vol,
          g.vega_per_vol_point(),
          g.theta_per_year,
          g.theta_per_calendar_day(),
          g.rho_per_unit_rate,
          g.dividend_rho_per_unit_yield,
          g.vanna_per_unit_vol,
          g.volga_per_unit_vol_squared};
}

// ---------------------------------------------------------------------------------------------
// Broadcasting

// numpy's own notion: a Python number, a numpy scalar and a 0-d array are scalars.
bool is_scalar(const py::handle& h) {
  return py::module_::import("numpy").attr("ndim")(h).cast<int>() == 0;
}

// theta = +1 (call) / -1 (put) for a right, or a float64 array of them for an array of rights.
py::object thetas(const py::handle& right) {
  if (py::isinstance<OptionRight>(right)) return py::float_(theta_of(right.cast<OptionRight>()));
  if (py::isinstance<py::str>(right)) {
    return py::float_(theta_of(parse_option_right(right.cast<std::string>())));
  }
  const auto np = py::module_::import("numpy");
  // A list or object column of str / OptionRight becomes a unicode array in numpy's C code
  // (str(OptionRight.call) is "call"), so no Python call per element.
  py::array text = np.attr("asarray")(right);
  if (text.dtype().kind() != 'U') text = np.attr("asarray")(right, "U");
  text = np.attr("ascontiguousarray")(text);
  const auto width = static_cast<std::size_t>(text.itemsize()) / sizeof(char32_t);
  const auto* data = static_cast<const char32_t*>(text.data());
  py::array_t<double> out(text.request().shape);
  double* o = out.mutable_data();
  std::string word;
  for (py::ssize_t i = 0; i < text.size(); ++i) {
    word.clear();
    for (std::size_t c = 0; c < width; ++c) {
      const char32_t ch = data[static_cast<std::size_t>(i) * width + c];
      if (ch == 0) break;
      word.push_back(ch < 128 ? static_cast<char>(ch) : '?');
    }
    try {
      o[i] = theta_of(parse_option_right(word));
    } catch (const InvalidInput& e) {
      throw e.with_context(fmt::format("at index {}", i));
    }
  }
  return out;
}

// N inputs broadcast to one shape; each is either a constant or a contiguous array of that shape.
template <std::size_t N>
struct Broadcast {
  bool scalar = true;
  std::vector<py::ssize_t> shape;
  py::ssize_t size = 1;
  std::array<py::array_t<double>, N> keep;  // the arrays the pointers below point into
  std::array<const double*, N> data{};
  std::array<bool, N> varies{};

  void fill(std::size_t i, double* x) const {
    for (std::size_t k = 0; k < N; ++k) x[k] = varies[k] ? data[k][i] : data[k][0];
  }
};

template <std::size_t N>
Broadcast<N> broadcast(const std::array<py::object, N>& inputs) {
  const auto np = py::module_::import("numpy");
  Broadcast<N> b;
  py::list shapes;
  std::array<py::array_t<double>, N> arrays;
  for (std::size_t k = 0; k < N; ++k) {
    if (!is_scalar(inputs[k])) b.scalar = false;
    arrays[k] = py::array_t<double, py::array::forcecast>::ensure(inputs[k]);
    if (!arrays[k]) throw py::error_already_set();
    shapes.append(arrays[k].attr("shape"));
  }
  const py::tuple shape = np.attr("broadcast_shapes")(*shapes);
  for (const auto d : shape) b.shape.push_back(d.cast<py::ssize_t>());
  for (const auto d : b.shape) b.size *= d;
  for (std::size_t k = 0; k < N; ++k) {
    py::array_t<double> a = arrays[k];
    if (a.size() == 1) {
      b.varies[k] = false;
      a = np.attr("ascontiguousarray")(a.attr("reshape")(1));
    } else {
      b.varies[k] = true;
      if (!py::object(a.attr("shape")).equal(shape)) a = np.attr("broadcast_to")(a, shape);
      a = np.attr("ascontiguousarray")(a, "float64");
    }
    if (!a) throw py::error_already_set();  // (and tells g++ the pointer below is not null)
    b.keep[k] = a;
    b.data[k] = b.keep[k].data();
  }
  return b;
}

template <class Kernel>
void for_each_element(py::ssize_t size, Kernel&& kernel) {
  for (py::ssize_t i = 0; i < size; ++i) {
    try {
      kernel(static_cast<std::size_t>(i));
    } catch (const InvalidInput& e) {
      throw e.with_context(fmt::format("at index {}", i));
    }
  }
}

// A price-like function: one double per element.
template <std::size_t N>
py::object map_double(const std::array<py::object, N>& inputs, double (*kernel)(const double*)) {
  const Broadcast<N> b = broadcast(inputs);
  if (b.scalar) {
    std::array<double, N> x{};
    b.fill(0, x.data());
    return py::float_(kernel(x.data()));
  }
  py::array_t<double> out(b.shape);
  double* o = out.mutable_data();
  {
    py::gil_scoped_release release;
    for_each_element(b.size, [&](std::size_t i) {
      std::array<double, N> x{};
      b.fill(i, x.data());
      o[i] = kernel(x.data());
    });
  }
  return out;
}

std::array<py::object, 7> bsm_args(const py::object& right, const py::object& spot,
                                   const py::object& strike, const py::object& years,
                                   const py::object& volatility, const py::object& rate,
                                   const py::object& dividend_yield) {
  return {thetas(right), spot, strike, years, volatility, rate, dividend_yield};
}

}  // namespace

void bind_pricing(py::module_& m) {
  py::enum_<IvStatus> status(m, "IvStatus",
                             "Outcome of an implied-volatility solve (values, not exceptions).");
  status.value("ok", IvStatus::ok)
      .value("below_intrinsic", IvStatus::below_intrinsic)
      .value("above_upper_bound", IvStatus::above_upper_bound)
      .value("no_time_value", IvStatus::no_time_value)
      .value("not_converged", IvStatus::not_converged);
  wire_names(status);

  py::class_<IvResult>(m, "IvResult", "An implied volatility with its status.")
      .def_property_readonly(
          "volatility",
          [](const IvResult& r) -> std::optional<double> {
            if (!r.volatility) return std::nullopt;
            return r.volatility->fraction();
          },
          "sigma as a fraction (0.25 = 25 %), None unless status is ok")
      .def_readonly("status", &IvResult::status)
      .def_readonly("iterations", &IvResult::iterations)
      .def_property_readonly("ok", [](const IvResult& r) { return r.status == IvStatus::ok; })
      .def("__repr__", [](const IvResult& r) {
        return r.volatility
                   ? fmt::format("IvResult({}, {})", r.volatility->fraction(), to_string(r.status))
                   : fmt::format("IvResult(None, {})", to_string(r.status));
      });

  py::class_<Greeks>(m, "Greeks", "Price and sensitivities of a European option, per share.")
      .def_property_readonly("price", [](const Greeks& g) { return g.price.dollars(); })
      .def_readonly("delta", &Greeks::delta)
      .def_readonly("gamma", &Greeks::gamma)
      .def_readonly("vega_per_unit_vol", &Greeks::vega_per_unit_vol)
      .def_property_readonly("vega_per_vol_point", &Greeks::vega_per_vol_point)
      .def_readonly("theta_per_year", &Greeks::theta_per_year)
      .def_property_readonly("theta_per_calendar_day", &Greeks::theta_per_calendar_day)
      .def_readonly("rho_per_unit_rate", &Greeks::rho_per_unit_rate)
      .def_property_readonly("rho_per_rate_point", &Greeks::rho_per_rate_point)
      .def_readonly("dividend_rho_per_unit_yield", &Greeks::dividend_rho_per_unit_yield)
      .def_readonly("vanna_per_unit_vol", &Greeks::vanna_per_unit_vol)
      .def_readonly("volga_per_unit_vol_squared", &Greeks::volga_per_unit_vol_squared)
      .def("to_dict",
           [](const Greeks& g) {
             py::dict d;
             const auto v = greek_values(g);
             for (std::size_t k = 0; k < v.size(); ++k) d[greek_names[k]] = v[k];
             return d;
           })
      .def("__repr__", [](const Greeks& g) {
        return fmt::format(
            "Greeks(price={}, delta={}, gamma={}, vega_per_unit_vol={}, "
            "theta_per_year={})",
            g.price.dollars(), g.delta, g.gamma, g.vega_per_unit_vol, g.theta_per_year);
      });

  m.def(
      "bsm_price",
      [](const py::object& right, const py::object& spot, const py::object& strike,
         const py::object& years, const py::object& volatility, const py::object& rate,
         const py::object& dividend_yield) {
        return map_double(bsm_args(right, spot, strike, years, volatility, rate, dividend_yield),
                          &price_kernel);
      },
      py::arg("right"), py::arg("spot"), py::arg("strike"), py::arg("years"), py::arg("volatility"),
      py::arg("rate") = 0.0, py::arg("dividend_yield") = 0.0,
      "Black-Scholes-Merton premium per share. volatility, rate and dividend_yield are annual "
      "fractions (continuously compounded); years is the caller's day count. Scalars give a "
      "float, array-likes broadcast to an ndarray (GIL released).");

  m.def(
      "black76_price",
      [](const py::object& right, const py::object& forward, const py::object& strike,
         const py::object& years, const py::object& volatility, const py::object& rate) {
        return map_double(
            std::array<py::object, 6>{thetas(right), forward, strike, years, volatility, rate},
            &black76_kernel);
      },
      py::arg("right"), py::arg("forward"), py::arg("strike"), py::arg("years"),
      py::arg("volatility"), py::arg("rate") = 0.0,
      "Black-76 premium per share on a forward; broadcasting as bsm_price.");

  m.def(
      "bsm_greeks",
      [](const py::object& right, const py::object& spot, const py::object& strike,
         const py::object& years, const py::object& volatility, const py::object& rate,
         const py::object& dividend_yield) -> py::object {
        const auto b =
            broadcast(bsm_args(right, spot, strike, years, volatility, rate, dividend_yield));
        const auto greeks_at = [&](std::size_t i) {
          std::array<double, 7> x{};
          b.fill(i, x.data());
          return bsm_greeks(bsm_inputs(x[0], x[1], x[2], x[3], x[4], x[5], x[6]));
        };
        if (b.scalar) return py::cast(greeks_at(0));
        std::array<py::array_t<double>, greek_names.size()> columns;
        std::array<double*, greek_names.size()> out{};
        for (std::size_t k = 0; k < columns.size(); ++k) {
          columns[k] = py::array_t<double>(b.shape);
          out[k] = columns[k].mutable_data();
        }
        {
          py::gil_scoped_release release;
          for_each_element(b.size, [&](std::size_t i) {
            const auto v = greek_values(greeks_at(i));
            for (std::size_t k = 0; k < v.size(); ++k) out[k][i] = v[k];
          });
        }
        py::dict d;
        for (std::size_t k = 0; k < columns.size(); ++k) d[greek_names[k]] = columns[k];
        return d;
      },
      py::arg("right"), py::arg("spot"), py::arg("strike"), py::arg("years"), py::arg("volatility"),
      py::arg("rate") = 0.0, py::arg("dividend_yield") = 0.0,
      "Price and greeks in one pass: a Greeks for scalars, a dict of ndarrays (price, delta, "
      "gamma, vega_per_unit_vol, vega_per_vol_point, theta_per_year, theta_per_calendar_day, "
      "rho_per_unit_rate, dividend_rho_per_unit_yield, vanna_per_unit_vol, "
      "volga_per_unit_vol_squared) for arrays.");

  m.def(
      "implied_volatility",
      [](const py::object& right, const py::object& premium, const py::object& spot,
         const py::object& strike, const py::object& years, const py::object& rate,
         const py::object& dividend_yield, bool with_status) -> py::object {
        const auto b = broadcast(std::array<py::object, 7>{thetas(right), premium, spot, strike,
                                                           years, rate, dividend_yield});
        const auto solve = [&](std::size_t i) {
          std::array<double, 7> x{};
          b.fill(i, x.data());
          return implied_volatility(iv_inputs(x.data()));
        };
        if (b.scalar) return py::cast(solve(0));
        py::array_t<double> sigma(b.shape);
        py::array_t<std::int8_t> codes(b.shape);
        double* s = sigma.mutable_data();
        std::int8_t* c = codes.mutable_data();
        {
          py::gil_scoped_release release;
          for_each_element(b.size, [&](std::size_t i) {
            const IvResult r = solve(i);
            s[i] = r.volatility ? r.volatility->fraction() : nan;
            c[i] = static_cast<std::int8_t>(r.status);
          });
        }
        if (with_status) return py::make_tuple(sigma, codes);
        return sigma;
      },
      py::arg("right"), py::arg("premium"), py::arg("spot"), py::arg("strike"), py::arg("years"),
      py::arg("rate") = 0.0, py::arg("dividend_yield") = 0.0, py::kw_only(),
      py::arg("with_status") = false,
      "sigma implied by a BSM premium. Scalars give an IvResult (volatility, status, "
      "iterations); array-likes broadcast to an ndarray of sigma (NaN where the status is not "
      "ok), or with with_status=True to (sigma, status) where status holds int(IvStatus) codes. "
      "The GIL is released over the array loop.");
}

}  // namespace ivcrush::python
