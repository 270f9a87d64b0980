// python/src/bind_chain.cpp: option chains: OptionRight, OptionQuote, ChainBuilder (quote by
// quote) and chain_from_arrays (whole numpy columns in one C++ call), OptionChain with its
// expiration views and column export, ChainGreeks, and the modeled chains.
//
// At the boundary prices are float dollars, strikes float dollars on the $0.001 grid (validated
// by Strike::from_dollars), expirations datetime.date, the as-of a timezone-aware datetime.
// Chain objects are immutable; views (ExpirationView, OptionQuote references, ChainGreeks) keep
// their chain alive.
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <optional>

#include "bindings.hpp"
#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/chain/modeled_chain.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/io/format.hpp"

namespace ivcrush::python {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double or_nan(const std::optional<double>& v) { return v ? *v : nan; }
double or_nan(const std::optional<Money>& v) { return v ? v->dollars() : nan; }
double or_nan(const std::optional<std::int64_t>& v) { return v ? static_cast<double>(*v) : nan; }
double or_nan(const std::optional<Volatility>& v) { return v ? v->fraction() : nan; }

Expiration expiration_of(std::chrono::year_month_day d) { return Expiration::from_date(d); }

// ---------------------------------------------------------------------------------------------
// Rights from Python: an OptionRight, or its text ("C", "P", "call", "put").

OptionRight right_of(const py::handle& h) {
  if (py::isinstance<OptionRight>(h)) return h.cast<OptionRight>();
  if (py::isinstance<py::str>(h)) return parse_option_right(h.cast<std::string>());
  throw py::type_error("right: expected an OptionRight or one of 'C', 'P', 'call', 'put'");
}

// A column of rights: a numpy unicode array (dtype <U...), read from its UCS4 buffer, or
// anything numpy turns into one (a list of str, a pandas object column).
std::vector<OptionRight> rights_from_array(py::handle values, py::ssize_t& rows) {
  const auto np = py::module_::import("numpy");
  py::array text = np.attr("asarray")(values);
  if (text.dtype().kind() != 'U') text = np.attr("asarray")(values, "U");
  text = np.attr("ascontiguousarray")(text);
  require_column(text, "right", rows);
  const auto width = static_cast<std::size_t>(text.itemsize()) / sizeof(char32_t);
  const auto* data = static_cast<const char32_t*>(text.data());
  std::vector<OptionRight> out(static_cast<std::size_t>(rows));
  std::string word;
  for (std::size_t i = 0; i < out.size(); ++i) {
    word.clear();
    for (std::size_t c = 0; c < width; ++c) {
      const char32_t ch = data[i * width + c];
      if (ch == 0) break;
      word.push_back(ch < 128 ? static_cast<char>(ch) : '?');
    }
    try {
      out[i] = parse_option_right(word);
    } catch (const InvalidInput& e) {
      throw e.with_context(fmt::format("row {}", i));
    }
  }
  return out;
}

// An optional float column: None -> absent everywhere; NaN entries -> absent (pandas' missing).
std::optional<DoubleArray> optional_column(const py::object& values, std::string_view field,
                                           py::ssize_t& rows) {
  if (values.is_none()) return std::nullopt;
  DoubleArray a = DoubleArray::ensure(values);
  if (!a) throw py::error_already_set();
  require_column(a, field, rows);
  return a;
}

std::optional<double> entry(const std::optional<DoubleArray>& column, std::size_t i) {
  if (!column) return std::nullopt;
  const double v = column->data()[i];
  if (std::isnan(v)) return std::nullopt;
  return v;
}

// A size column entry: NaN is absent, anything else must be a whole number of contracts.
std::optional<std::int64_t> size_entry(const std::optional<DoubleArray>& column, std::size_t i,
                                       std::string_view field) {
  const auto v = entry(column, i);
  if (!v) return std::nullopt;
  if (!(std::fabs(*v) < 9.0e15) || std::trunc(*v) != *v) {
    throw InvalidInput(
        ErrorCode::malformed,
        fmt::format("row {}: {} = {}: must be a whole number of contracts", i, field, *v));
  }
  return static_cast<std::int64_t>(*v);
}

struct ArrayQuotes {
  std::vector<std::chrono::year_month_day> expiration;
  DoubleArray strike;
  std::vector<OptionRight> right;
  DoubleArray bid;
  DoubleArray ask;
  std::optional<DoubleArray> last, bid_size, ask_size, volume, open_interest, vendor_iv,
      vendor_delta, vendor_gamma, vendor_theta_per_day, vendor_vega_per_vol_point, source_line;
};

ChainBuildResult build_from_arrays(Symbol underlying, std::chrono::sys_seconds as_of, double spot,
                                   const ArrayQuotes& q, std::size_t rows,
                                   ChainBuildOptions options) {
  ChainBuilder builder(underlying, as_of, Price::dollars(spot), options);
  builder.reserve(rows);
  const double* strike = q.strike.data();
  const double* bid = q.bid.data();
  const double* ask = q.ask.data();
  for (std::size_t i = 0; i < rows; ++i) {
    QuoteInput in;
    in.expiration = q.expiration[i];
    in.strike = strike[i];
    in.right = q.right[i];
    if (!std::isnan(bid[i])) in.bid = bid[i];  // NaN: no bid (a one-sided quote)
    in.ask = ask[i];
    in.last = entry(q.last, i);
    in.bid_size = size_entry(q.bid_size, i, "bid_size");
    in.ask_size = size_entry(q.ask_size, i, "ask_size");
    in.volume = size_entry(q.volume, i, "volume");
    in.open_interest = size_entry(q.open_interest, i, "open_interest");
    in.vendor_iv = entry(q.vendor_iv, i);
    in.vendor_delta = entry(q.vendor_delta, i);
    in.vendor_gamma = entry(q.vendor_gamma, i);
    in.vendor_theta_per_day = entry(q.vendor_theta_per_day, i);
    in.vendor_vega_per_vol_point = entry(q.vendor_vega_per_vol_point, i);
    const auto line = entry(q.source_line, i);
    in.source_line = line && *line >= 0.0 ? static_cast<std::size_t>(*line) : i + 1;
    builder.add(in);
  }
  return std::move(builder).build();
}

// ---------------------------------------------------------------------------------------------
// Columns out

py::list right_names(std::span<const OptionRight> rights) {
  const py::str call("call"), put("put");
  py::list out(rights.size());
  for (std::size_t i = 0; i < rights.size(); ++i) {
    out[i] = rights[i] == OptionRight::call ? call : put;
  }
  return out;
}

py::dict chain_columns(const OptionChain& chain) {
  const auto quotes = chain.quotes();
  const auto keys = chain.contracts();
  const std::size_t n = quotes.size();
  std::vector<std::chrono::year_month_day> expiration(n);
  std::vector<OptionRight> right(n);
  std::vector<double> strike(n), bid(n), ask(n), mid_(n), last(n), bid_size(n), ask_size(n),
      volume(n), open_interest(n), vendor_iv(n), vendor_delta(n), vendor_gamma(n), vendor_theta(n),
      vendor_vega(n), spread_pct_(n);
  py::array_t<bool> one_sided(static_cast<py::ssize_t>(n));
  bool* one_sided_data = one_sided.mutable_data();
  for (std::size_t i = 0; i < n; ++i) {
    const OptionQuote& q = quotes[i];
    expiration[i] = keys[i].expiration.date();
    strike[i] = keys[i].strike.dollars();
    right[i] = keys[i].right;
    bid[i] = q.bid.dollars();
    ask[i] = q.ask.dollars();
    mid_[i] = mid(q).dollars();
    spread_pct_[i] = spread_pct(q).pct();
    last[i] = or_nan(q.last);
    bid_size[i] = or_nan(q.bid_size);
    ask_size[i] = or_nan(q.ask_size);
    volume[i] = or_nan(q.volume);
    open_interest[i] = or_nan(q.open_interest);
    vendor_iv[i] = or_nan(q.vendor_iv);
    vendor_delta[i] = or_nan(q.vendor_greeks.delta);
    vendor_gamma[i] = or_nan(q.vendor_greeks.gamma);
    vendor_theta[i] = or_nan(q.vendor_greeks.theta_per_day);
    vendor_vega[i] = or_nan(q.vendor_greeks.vega_per_vol_point);
    one_sided_data[i] = q.one_sided;
  }
  py::dict d;
  d["expiration"] = dates_to_array(expiration);
  d["strike"] = to_array(strike);
  d["right"] = right_names(right);
  d["bid"] = to_array(bid);
  d["ask"] = to_array(ask);
  d["mid"] = to_array(mid_);
  d["spread_pct"] = to_array(spread_pct_);
  d["last"] = to_array(last);
  d["bid_size"] = to_array(bid_size);
  d["ask_size"] = to_array(ask_size);
  d["volume"] = to_array(volume);
  d["open_interest"] = to_array(open_interest);
  d["one_sided"] = one_sided;
  d["vendor_iv"] = to_array(vendor_iv);
  d["vendor_delta"] = to_array(vendor_delta);
  d["vendor_gamma"] = to_array(vendor_gamma);
  d["vendor_theta_per_day"] = to_array(vendor_theta);
  d["vendor_vega_per_vol_point"] = to_array(vendor_vega);
  return d;
}

py::dict rejects_columns(std::span<const RejectedQuote> rejects) {
  const std::size_t n = rejects.size();
  std::vector<double> sequence(n), source_line(n), strike(n);
  std::vector<std::chrono::year_month_day> expiration(n);
  std::vector<OptionRight> right(n);
  py::list reason(n), field(n), message(n);
  for (std::size_t i = 0; i < n; ++i) {
    const RejectedQuote& r = rejects[i];
    sequence[i] = static_cast<double>(r.sequence);
    source_line[i] = static_cast<double>(r.input.source_line);
    strike[i] = r.input.strike;
    expiration[i] = r.input.expiration;
    right[i] = r.input.right;
    reason[i] = py::str(std::string(to_string(r.reason)));
    field[i] = py::str(std::string(r.field));
    message[i] = py::str(r.message);
  }
  py::dict d;
  d["sequence"] = py::array(to_array(sequence)).attr("astype")("int64");
  d["source_line"] = py::array(to_array(source_line)).attr("astype")("int64");
  d["reason"] = reason;
  d["field"] = field;
  d["message"] = message;
  // An invalid date (the invalid_expiration reject) has no datetime64: NaT instead.
  std::vector<std::int64_t> days(n);
  for (std::size_t i = 0; i < n; ++i) {
    days[i] =
        expiration[i].ok() ? epoch_days(expiration[i]) : std::numeric_limits<std::int64_t>::min();
  }
  py::array_t<std::int64_t> day_array(static_cast<py::ssize_t>(n));
  std::copy(days.begin(), days.end(), day_array.mutable_data());
  d["expiration"] = day_array.attr("view")("datetime64[D]");
  d["strike"] = to_array(strike);
  d["right"] = right_names(right);
  return d;
}

py::dict greeks_columns(const ChainGreeks& g) {
  const auto keys = g.chain().contracts();
  const std::size_t n = g.size();
  std::vector<std::chrono::year_month_day> expiration(n);
  std::vector<OptionRight> right(n);
  std::vector<double> strike(n), years(n), bid_iv(n), mid_iv(n), ask_iv(n), delta(n), gamma(n),
      vega(n), theta(n);
  py::list status(n);
  const auto iv_of = [](const std::optional<IvResult>& r) {
    return r && r->volatility ? r->volatility->fraction() : nan;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const QuoteAnalytics& a = g[i];
    expiration[i] = keys[i].expiration.date();
    strike[i] = keys[i].strike.dollars();
    right[i] = keys[i].right;
    years[i] = a.time.years();
    bid_iv[i] = iv_of(a.bid_iv);
    mid_iv[i] = iv_of(a.mid_iv);
    ask_iv[i] = iv_of(std::optional<IvResult>(a.ask_iv));
    status[i] =
        py::str(a.mid_iv ? std::string(to_string(a.mid_iv->status)) : std::string("one_sided"));
    delta[i] = a.greeks ? a.greeks->delta : nan;
    gamma[i] = a.greeks ? a.greeks->gamma : nan;
    vega[i] = a.greeks ? a.greeks->vega_per_vol_point : nan;
    theta[i] = a.greeks ? a.greeks->theta_per_day : nan;
  }
  py::dict d;
  d["expiration"] = dates_to_array(expiration);
  d["strike"] = to_array(strike);
  d["right"] = right_names(right);
  d["time_years"] = to_array(years);
  d["bid_iv"] = to_array(bid_iv);
  d["mid_iv"] = to_array(mid_iv);
  d["ask_iv"] = to_array(ask_iv);
  d["mid_iv_status"] = status;
  d["delta"] = to_array(delta);
  d["gamma"] = to_array(gamma);
  d["vega_per_vol_point"] = to_array(vega);
  d["theta_per_day"] = to_array(theta);
  return d;
}

py::array_t<double> strikes_array(std::span<const Strike> strikes) {
  py::array_t<double> out(static_cast<py::ssize_t>(strikes.size()));
  double* p = out.mutable_data();
  for (const Strike k : strikes) *p++ = k.dollars();
  return out;
}

std::optional<double> strike_dollars(std::optional<Strike> k) {
  if (!k) return std::nullopt;
  return k->dollars();
}

// A Python-side builder: ChainBuilder is consumed by build(), so it is held in an optional.
struct PyChainBuilder {
  std::optional<ChainBuilder> builder;

  ChainBuilder& get() {
    if (!builder) throw py::value_error("this ChainBuilder was already built");
    return *builder;
  }
};

void bind_quote(py::module_& m) {
  py::enum_<OptionRight> right(m, "OptionRight", "call or put (str() gives 'call' / 'put').");
  right.value("call", OptionRight::call)
      .value("put", OptionRight::put)
      .def_static("parse", &parse_option_right, py::arg("text"));
  wire_names(right);
  m.def("parse_option_right", &parse_option_right, py::arg("text"),
        "Reads exactly 'C', 'P', 'call' or 'put' (InvalidInput otherwise).");

  py::enum_<LiquidityPolicy>(m, "LiquidityPolicy",
                             "What an unknown open interest means for liquidity; spelled "
                             "'acceptable' or 'zero' wherever an unknown_oi argument is taken.")
      .value("unknown_is_zero", LiquidityPolicy::unknown_is_zero)
      .value("unknown_is_acceptable", LiquidityPolicy::unknown_is_acceptable)
      .def_property_readonly("spelling",
                             [](LiquidityPolicy p) { return std::string(to_string(p)); });
  m.def(
      "parse_liquidity_policy",
      [](const std::string& text) { return parse_liquidity_policy(text); }, py::arg("text"),
      "'acceptable' or 'zero' (InvalidInput otherwise).");

  py::class_<OptionQuote>(m, "OptionQuote",
                          "One contract's quote (read-only; prices in dollars per share, sizes "
                          "in contracts, None when the source did not say). Quotes in a chain "
                          "were validated by ChainBuilder; one built here is a plain record "
                          "(finite prices only), for the liquidity functions.")
      .def(
          py::init([](double bid, double ask, std::optional<double> last,
                      std::optional<std::int64_t> bid_size, std::optional<std::int64_t> ask_size,
                      std::optional<std::int64_t> volume, std::optional<std::int64_t> open_interest,
                      std::optional<double> vendor_iv, bool one_sided) {
            OptionQuote q;
            q.bid = Money::dollars(bid);
            q.ask = Money::dollars(ask);
            if (last) q.last = Money::dollars(*last);
            q.bid_size = bid_size;
            q.ask_size = ask_size;
            q.volume = volume;
            q.open_interest = open_interest;
            if (vendor_iv) q.vendor_iv = Volatility::from_fraction(*vendor_iv);
            q.one_sided = one_sided;
            return q;
          }),
          py::arg("bid"), py::arg("ask"), py::kw_only(), py::arg("last") = py::none(),
          py::arg("bid_size") = py::none(), py::arg("ask_size") = py::none(),
          py::arg("volume") = py::none(), py::arg("open_interest") = py::none(),
          py::arg("vendor_iv") = py::none(), py::arg("one_sided") = false)
      .def_property_readonly("bid", [](const OptionQuote& q) { return q.bid.dollars(); })
      .def_property_readonly("ask", [](const OptionQuote& q) { return q.ask.dollars(); })
      .def_property_readonly("last",
                             [](const OptionQuote& q) -> std::optional<double> {
                               if (!q.last) return std::nullopt;
                               return q.last->dollars();
                             })
      .def_readonly("bid_size", &OptionQuote::bid_size)
      .def_readonly("ask_size", &OptionQuote::ask_size)
      .def_readonly("volume", &OptionQuote::volume)
      .def_readonly("open_interest", &OptionQuote::open_interest)
      .def_property_readonly("vendor_iv",
                             [](const OptionQuote& q) -> std::optional<double> {
                               if (!q.vendor_iv) return std::nullopt;
                               return q.vendor_iv->fraction();
                             })
      .def_property_readonly("vendor_delta",
                             [](const OptionQuote& q) { return q.vendor_greeks.delta; })
      .def_property_readonly("vendor_gamma",
                             [](const OptionQuote& q) { return q.vendor_greeks.gamma; })
      .def_property_readonly("vendor_theta_per_day",
                             [](const OptionQuote& q) { return q.vendor_greeks.theta_per_day; })
      .def_property_readonly(
          "vendor_vega_per_vol_point",
          [](const OptionQuote& q) { return q.vendor_greeks.vega_per_vol_point; })
      .def_readonly("one_sided", &OptionQuote::one_sided)
      .def_property_readonly("mid", [](const OptionQuote& q) { return mid(q).dollars(); })
      .def_property_readonly("spread", [](const OptionQuote& q) { return spread(q).dollars(); })
      .def_property_readonly("spread_pct", [](const OptionQuote& q) { return spread_pct(q).pct(); })
      .def(
          "is_liquid",
          [](const OptionQuote& q, py::handle unknown_oi) {
            return is_liquid(q, unknown_oi_arg(unknown_oi));
          },
          py::arg("unknown_oi") = LiquidityPolicy::unknown_is_zero,
          "The original's quote gate: OI > 0, spread < 50 %, bid > 0, not crossed; unknown_oi "
          "('zero' or 'acceptable', or a LiquidityPolicy) says what a missing OI means.")
      .def("__repr__", [](const OptionQuote& q) {
        return fmt::format("OptionQuote(bid={}, ask={}, open_interest={}{})", q.bid.dollars(),
                           q.ask.dollars(),
                           q.open_interest ? fmt::format("{}", *q.open_interest) : "None",
                           q.one_sided ? ", one_sided" : "");
      });
}

void bind_builder(py::module_& m) {
  py::enum_<OneSidedQuotes>(m, "OneSidedQuotes", "What ChainBuilder does with a quote without bid.")
      .value("keep_with_zero_bid", OneSidedQuotes::keep_with_zero_bid)
      .value("reject", OneSidedQuotes::reject);
  py::enum_<DuplicateQuotes>(m, "DuplicateQuotes",
                             "What ChainBuilder does with repeated contracts.")
      .value("reject_all", DuplicateQuotes::reject_all)
      .value("keep_first", DuplicateQuotes::keep_first);
  py::enum_<QuoteRejectReason> reason(m, "QuoteRejectReason", "Why ChainBuilder rejected a quote.");
  reason.value("invalid_expiration", QuoteRejectReason::invalid_expiration)
      .value("expired", QuoteRejectReason::expired)
      .value("strike_not_positive", QuoteRejectReason::strike_not_positive)
      .value("strike_off_grid", QuoteRejectReason::strike_off_grid)
      .value("strike_too_large", QuoteRejectReason::strike_too_large)
      .value("one_sided", QuoteRejectReason::one_sided)
      .value("not_finite", QuoteRejectReason::not_finite)
      .value("negative_price", QuoteRejectReason::negative_price)
      .value("zero_ask", QuoteRejectReason::zero_ask)
      .value("crossed", QuoteRejectReason::crossed)
      .value("bad_size", QuoteRejectReason::bad_size)
      .value("bad_vendor_value", QuoteRejectReason::bad_vendor_value)
      .value("duplicate", QuoteRejectReason::duplicate);
  wire_names(reason);

  py::class_<RejectedQuote>(m, "RejectedQuote", "A quote ChainBuilder did not accept, and why.")
      .def_readonly("sequence", &RejectedQuote::sequence)
      .def_readonly("reason", &RejectedQuote::reason)
      .def_property_readonly("field", [](const RejectedQuote& r) { return std::string(r.field); })
      .def_readonly("message", &RejectedQuote::message)
      .def_property_readonly("source_line",
                             [](const RejectedQuote& r) { return r.input.source_line; })
      .def_property_readonly("strike", [](const RejectedQuote& r) { return r.input.strike; })
      .def_property_readonly("right", [](const RejectedQuote& r) { return r.input.right; })
      .def("__repr__", [](const RejectedQuote& r) {
        return fmt::format("RejectedQuote({}, '{}')", to_string(r.reason), r.message);
      });

  py::class_<ChainBuildResult>(m, "ChainBuildResult",
                               "The chain ChainBuilder built and every quote it rejected.")
      .def_readonly("chain", &ChainBuildResult::chain)
      .def_readonly("rejects", &ChainBuildResult::rejects)
      .def(
          "rejects_columns", [](const ChainBuildResult& r) { return rejects_columns(r.rejects); },
          "The rejects as columns (sequence, source_line, reason, field, message, "
          "expiration, strike, right).")
      .def("__iter__", [](const py::object& self) {
        // chain, rejects = result: views into the result (no copy of the chain).
        return py::iter(py::make_tuple(self.attr("chain"), self.attr("rejects")));
      });

  py::class_<PyChainBuilder>(m, "ChainBuilder",
                             "Validates quotes one by one (add) and builds an OptionChain. For "
                             "whole columns use chain_from_arrays, which has no per-quote Python "
                             "call.")
      .def(py::init([](const std::string& underlying, std::chrono::sys_seconds as_of, double spot,
                       OneSidedQuotes one_sided, DuplicateQuotes duplicates) {
             return PyChainBuilder{
                 ChainBuilder(Symbol::parse(underlying), as_of, Price::dollars(spot),
                              {.one_sided = one_sided, .duplicates = duplicates})};
           }),
           py::arg("underlying"), py::arg("as_of"), py::arg("spot"),
           py::arg("one_sided") = OneSidedQuotes::keep_with_zero_bid,
           py::arg("duplicates") = DuplicateQuotes::reject_all)
      .def(
          "add",
          [](PyChainBuilder& b, std::chrono::year_month_day expiration, double strike,
             const py::object& right, std::optional<double> bid, double ask,
             std::optional<double> last, std::optional<std::int64_t> bid_size,
             std::optional<std::int64_t> ask_size, std::optional<std::int64_t> volume,
             std::optional<std::int64_t> open_interest, std::optional<double> vendor_iv,
             std::optional<double> vendor_delta, std::optional<double> vendor_gamma,
             std::optional<double> vendor_theta_per_day,
             std::optional<double> vendor_vega_per_vol_point, std::size_t source_line) {
            b.get().add({.expiration = expiration,
                         .strike = strike,
                         .right = right_of(right),
                         .bid = bid,
                         .ask = ask,
                         .last = last,
                         .bid_size = bid_size,
                         .ask_size = ask_size,
                         .volume = volume,
                         .open_interest = open_interest,
                         .vendor_iv = vendor_iv,
                         .vendor_delta = vendor_delta,
                         .vendor_gamma = vendor_gamma,
                         .vendor_theta_per_day = vendor_theta_per_day,
                         .vendor_vega_per_vol_point = vendor_vega_per_vol_point,
                         .source_line = source_line});
          },
          py::arg("expiration"), py::arg("strike"), py::arg("right"), py::arg("bid"),
          py::arg("ask"), py::kw_only(), py::arg("last") = py::none(),
          py::arg("bid_size") = py::none(), py::arg("ask_size") = py::none(),
          py::arg("volume") = py::none(), py::arg("open_interest") = py::none(),
          py::arg("vendor_iv") = py::none(), py::arg("vendor_delta") = py::none(),
          py::arg("vendor_gamma") = py::none(), py::arg("vendor_theta_per_day") = py::none(),
          py::arg("vendor_vega_per_vol_point") = py::none(), py::arg("source_line") = 0,
          "Validates one quote (bid None: no bid, a one-sided quote); a bad quote is recorded "
          "in the rejects, not raised.")
      .def(
          "build",
          [](PyChainBuilder& b) {
            ChainBuilder builder = std::move(b.get());
            b.builder.reset();
            py::gil_scoped_release release;
            return std::move(builder).build();
          },
          "The chain and the rejects; the builder cannot be used afterwards.");

  m.def(
      "chain_from_arrays",
      [](const std::string& underlying, std::chrono::sys_seconds as_of, double spot,
         const py::object& expiration, const py::object& strike, const py::object& right,
         const py::object& bid, const py::object& ask, const py::object& last,
         const py::object& bid_size, const py::object& ask_size, const py::object& volume,
         const py::object& open_interest, const py::object& vendor_iv,
         const py::object& vendor_delta, const py::object& vendor_gamma,
         const py::object& vendor_theta_per_day, const py::object& vendor_vega_per_vol_point,
         const py::object& source_line, OneSidedQuotes one_sided, DuplicateQuotes duplicates) {
        const Symbol symbol = Symbol::parse(underlying);
        py::ssize_t rows = -1;
        ArrayQuotes q;
        q.strike = DoubleArray::ensure(strike);
        q.bid = DoubleArray::ensure(bid);
        q.ask = DoubleArray::ensure(ask);
        if (!q.strike || !q.bid || !q.ask) throw py::error_already_set();
        require_column(q.strike, "strike", rows);
        q.expiration = dates_from_array(expiration, "expiration");
        {
          // The expiration column was converted on its own: check it against the rest here.
          py::array shape_of = py::array_t<double>(static_cast<py::ssize_t>(q.expiration.size()));
          require_column(shape_of, "expiration", rows);
        }
        q.right = rights_from_array(right, rows);
        require_column(q.bid, "bid", rows);
        require_column(q.ask, "ask", rows);
        q.last = optional_column(last, "last", rows);
        q.bid_size = optional_column(bid_size, "bid_size", rows);
        q.ask_size = optional_column(ask_size, "ask_size", rows);
        q.volume = optional_column(volume, "volume", rows);
        q.open_interest = optional_column(open_interest, "open_interest", rows);
        q.vendor_iv = optional_column(vendor_iv, "vendor_iv", rows);
        q.vendor_delta = optional_column(vendor_delta, "vendor_delta", rows);
        q.vendor_gamma = optional_column(vendor_gamma, "vendor_gamma", rows);
        q.vendor_theta_per_day =
            optional_column(vendor_theta_per_day, "vendor_theta_per_day", rows);
        q.vendor_vega_per_vol_point =
            optional_column(vendor_vega_per_vol_point, "vendor_vega_per_vol_point", rows);
        q.source_line = optional_column(source_line, "source_line", rows);
        py::gil_scoped_release release;
        return build_from_arrays(symbol, as_of, spot, q, static_cast<std::size_t>(rows),
                                 {.one_sided = one_sided, .duplicates = duplicates});
      },
      py::arg("underlying"), py::arg("as_of"), py::arg("spot"), py::arg("expiration"),
      py::arg("strike"), py::arg("right"), py::arg("bid"), py::arg("ask"), py::kw_only(),
      py::arg("last") = py::none(), py::arg("bid_size") = py::none(),
      py::arg("ask_size") = py::none(), py::arg("volume") = py::none(),
      py::arg("open_interest") = py::none(), py::arg("vendor_iv") = py::none(),
      py::arg("vendor_delta") = py::none(), py::arg("vendor_gamma") = py::none(),
      py::arg("vendor_theta_per_day") = py::none(),
      py::arg("vendor_vega_per_vol_point") = py::none(), py::arg("source_line") = py::none(),
      py::arg("one_sided") = OneSidedQuotes::keep_with_zero_bid,
      py::arg("duplicates") = DuplicateQuotes::reject_all,
      "Builds a chain from equally long columns (numpy arrays, lists or pandas Series) in one "
      "C++ call, with the GIL released while the quotes are validated and sorted. A NaN bid is "
      "'no bid' (a one-sided quote); NaN in an optional column is 'unknown'. Returns a "
      "ChainBuildResult (chain, rejects); bad quotes are rejects, not exceptions.");
}

void bind_option_chain(py::module_& m) {
  py::class_<ExpirationView>(m, "ExpirationView",
                             "One expiration of a chain (keeps the chain alive).")
      .def_property_readonly("expiration",
                             [](const ExpirationView& v) { return v.expiration().date(); })
      .def("strikes", [](const ExpirationView& v) { return strikes_array(v.strikes()); })
      .def("atm_strike", [](const ExpirationView& v) { return strike_dollars(v.atm_strike()); })
      .def(
          "nearest_strike",
          [](const ExpirationView& v, double level) {
            return strike_dollars(v.nearest_strike(Price::dollars(level)));
          },
          py::arg("level"))
      .def(
          "strikes_between",
          [](const ExpirationView& v, double low, double high) {
            return strikes_array(v.strikes_between(Price::dollars(low), Price::dollars(high)));
          },
          py::arg("low"), py::arg("high"))
      .def(
          "strikes_near_atm",
          [](const ExpirationView& v, double pct) {
            return strikes_array(v.strikes_near_atm(Percentage::from_pct(pct)));
          },
          py::arg("band_pct"))
      .def(
          "quote",
          [](const ExpirationView& v, double strike, const py::object& right) {
            return v.quote(Strike::from_dollars(strike), right_of(right));
          },
          py::arg("strike"), py::arg("right"), py::return_value_policy::reference_internal)
      .def(
          "quote_index",
          [](const ExpirationView& v, double strike, const py::object& right) {
            return v.quote_index(Strike::from_dollars(strike), right_of(right));
          },
          py::arg("strike"), py::arg("right"));

  py::class_<OptionChain>(m, "OptionChain",
                          "An immutable, validated option chain of one underlying (made by "
                          "ChainBuilder, chain_from_arrays / chain_from_frame or "
                          "build_modeled_chain).")
      .def_property_readonly(
          "underlying", [](const OptionChain& c) { return std::string(c.underlying().view()); })
      .def_property_readonly("as_of", &OptionChain::as_of)
      .def_property_readonly("spot", [](const OptionChain& c) { return c.spot().dollars(); })
      .def("__len__", &OptionChain::size)
      .def_property_readonly("empty", &OptionChain::empty)
      .def("expirations",
           [](const OptionChain& c) {
             std::vector<std::chrono::year_month_day> out;
             for (const Expiration e : c.expirations()) out.push_back(e.date());
             return out;
           })
      .def(
          "expiration",
          [](const OptionChain& c, std::chrono::year_month_day d) { return c.expiration(d); },
          py::arg("date"), py::keep_alive<0, 1>(),
          "The view of that expiration, or None when the chain has none then.")
      .def(
          "first_expiration_after",
          [](const OptionChain& c, std::chrono::year_month_day date, EarningsTiming timing) {
            const auto e = c.first_expiration_after(date, timing);
            return e ? std::optional(e->date()) : std::nullopt;
          },
          py::arg("date"), py::arg("timing"),
          "The first expiration holding the reaction to an announcement on `date`.")
      .def(
          "first_expiration_after",
          [](const OptionChain& c, const EarningsEvent& event) {
            const auto e = c.first_expiration_after(event);
            return e ? std::optional(e->date()) : std::nullopt;
          },
          py::arg("event"))
      .def(
          "quote",
          [](const OptionChain& c, std::chrono::year_month_day e, double strike,
             const py::object& right) {
            return c.quote(expiration_of(e), Strike::from_dollars(strike), right_of(right));
          },
          py::arg("expiration"), py::arg("strike"), py::arg("right"),
          py::return_value_policy::reference_internal, "The quote of that contract, or None.")
      .def(
          "quote_index",
          [](const OptionChain& c, std::chrono::year_month_day e, double strike,
             const py::object& right) {
            return c.quote_index(expiration_of(e), Strike::from_dollars(strike), right_of(right));
          },
          py::arg("expiration"), py::arg("strike"), py::arg("right"))
      .def(
          "quotes",
          [](const OptionChain& c) {
            py::list out(c.size());
            const py::object self = py::cast(c, py::return_value_policy::reference);
            for (std::size_t i = 0; i < c.size(); ++i) {
              out[i] = py::cast(&c.quotes()[i], py::return_value_policy::reference_internal, self);
            }
            return out;
          },
          "Every quote, ordered by (expiration, strike, call before put).")
      .def("to_columns", &chain_columns,
           "The chain as columns (a dict of numpy arrays, one row per quote); to_frame() wraps "
           "them in a pandas DataFrame.")
      .def("__repr__", [](const OptionChain& c) {
        return fmt::format("OptionChain({}, spot={}, {} quotes, {} expirations)",
                           c.underlying().view(), c.spot().dollars(), c.size(),
                           c.expirations().size());
      });
}

void bind_greeks(py::module_& m) {
  py::class_<QuoteGreeks>(m, "QuoteGreeks", "Greeks of one quote at its mid IV, per share.")
      .def_readonly("delta", &QuoteGreeks::delta)
      .def_readonly("gamma", &QuoteGreeks::gamma)
      .def_readonly("vega_per_vol_point", &QuoteGreeks::vega_per_vol_point)
      .def_readonly("theta_per_day", &QuoteGreeks::theta_per_day);

  py::class_<QuoteAnalytics>(m, "QuoteAnalytics",
                             "Our IVs (bid, mid, ask) and greeks for one quote.")
      .def_property_readonly("time_years", [](const QuoteAnalytics& a) { return a.time.years(); })
      .def_readonly("bid_iv", &QuoteAnalytics::bid_iv)
      .def_readonly("mid_iv", &QuoteAnalytics::mid_iv)
      .def_readonly("ask_iv", &QuoteAnalytics::ask_iv)
      .def_readonly("greeks", &QuoteAnalytics::greeks)
      .def_property_readonly("iv",
                             [](const QuoteAnalytics& a) -> std::optional<double> {
                               const auto v = a.iv();
                               if (!v) return std::nullopt;
                               return v->fraction();
                             })
      .def_property_readonly("iv_spread_points", &QuoteAnalytics::iv_spread_points);

  py::enum_<QuoteFilter>(m, "QuoteFilter", "Which quotes an analytic reads.")
      .value("any", QuoteFilter::any)
      .value("liquid", QuoteFilter::liquid);

  py::class_<DeltaMatch>(m, "DeltaMatch", "The strike whose |delta| is nearest a target.")
      .def_property_readonly("strike", [](const DeltaMatch& d) { return d.strike.dollars(); })
      .def_readonly("quote_index", &DeltaMatch::quote_index)
      .def_readonly("delta", &DeltaMatch::delta);

  py::class_<ChainGreeks>(m, "ChainGreeks",
                          "Implied volatilities and greeks of every quote of a chain, parallel to "
                          "chain.quotes() (keeps the chain alive). Computed in one C++ pass with "
                          "the GIL released.")
      .def(py::init([](const OptionChain& chain, double rate, double dividend_yield) {
             const ChainMarket market{.rate = rate, .dividend_yield = dividend_yield};
             py::gil_scoped_release release;
             return std::make_unique<ChainGreeks>(chain, market);
           }),
           py::arg("chain"), py::arg("rate") = 0.0, py::arg("dividend_yield") = 0.0,
           py::keep_alive<1, 2>())
      .def_property_readonly("chain", &ChainGreeks::chain,
                             py::return_value_policy::reference_internal)
      .def_property_readonly("rate", [](const ChainGreeks& g) { return g.market().rate; })
      .def_property_readonly("dividend_yield",
                             [](const ChainGreeks& g) { return g.market().dividend_yield; })
      .def("__len__", &ChainGreeks::size)
      .def(
          "__getitem__",
          [](const ChainGreeks& g, std::size_t i) -> const QuoteAnalytics& {
            if (i >= g.size()) throw py::index_error("quote index out of range");
            return g[i];
          },
          py::return_value_policy::reference_internal)
      .def(
          "find",
          [](const ChainGreeks& g, std::chrono::year_month_day e, double strike,
             const py::object& right) {
            return g.find(expiration_of(e), Strike::from_dollars(strike), right_of(right));
          },
          py::arg("expiration"), py::arg("strike"), py::arg("right"),
          py::return_value_policy::reference_internal)
      .def("to_columns", &greeks_columns,
           "One row per quote: expiration, strike, right, time_years, bid_iv, mid_iv, ask_iv "
           "(fractions, NaN without a solution), mid_iv_status, delta, gamma, "
           "vega_per_vol_point, theta_per_day.");

  m.def(
      "compute_chain_greeks",
      [](const OptionChain& chain, double rate, double dividend_yield) {
        const ChainMarket market{.rate = rate, .dividend_yield = dividend_yield};
        py::gil_scoped_release release;
        return std::make_unique<ChainGreeks>(chain, market);
      },
      py::arg("chain"), py::arg("rate") = 0.0, py::arg("dividend_yield") = 0.0,
      py::keep_alive<0, 1>(), "ChainGreeks(chain, rate, dividend_yield).");

  m.def(
      "strike_nearest_delta",
      [](const ChainGreeks& g, std::chrono::year_month_day e, const py::object& right,
         double target_abs_delta, QuoteFilter filter) {
        return strike_nearest_delta(g, expiration_of(e), right_of(right), target_abs_delta, filter);
      },
      py::arg("greeks"), py::arg("expiration"), py::arg("right"), py::arg("target_abs_delta"),
      py::arg("filter") = QuoteFilter::any);
}

void bind_modeled(py::module_& m) {
  py::enum_<CalibrationStatus>(m, "CalibrationStatus")
      .value("ok", CalibrationStatus::ok)
      .value("below_diffusive_straddle", CalibrationStatus::below_diffusive_straddle)
      .value("no_expiration_after_event", CalibrationStatus::no_expiration_after_event);

  py::class_<ModeledChainSpec>(m, "ModeledChainSpec",
                               "The documented model of modeled_chain.hpp (never market data).")
      .def(py::init([](const std::string& symbol, std::chrono::sys_seconds as_of, double spot,
                       std::vector<std::chrono::year_month_day> expirations, double base_volatility,
                       std::optional<EarningsEvent> event, double event_move, double rate,
                       double dividend_yield, double smile_slope_points_per_sd,
                       double smile_curvature_points_per_sd2, double relative_half_spread_pct,
                       double min_half_spread, std::vector<double> extra_strikes) {
             ModeledChainSpec s;
             s.symbol = Symbol::parse(symbol);
             s.as_of = as_of;
             s.spot = Price::dollars(spot);
             s.expirations = std::move(expirations);
             s.base_volatility = Volatility::from_fraction(base_volatility);
             if (event) s.event = ModeledEvent{*event, event_move};
             s.rate = rate;
             s.dividend_yield = dividend_yield;
             s.smile = {smile_slope_points_per_sd, smile_curvature_points_per_sd2};
             s.quotes = {Percentage::from_pct(relative_half_spread_pct),
                         Money::dollars(min_half_spread)};
             s.extra_strikes = std::move(extra_strikes);
             return s;
           }),
           py::arg("symbol"), py::arg("as_of"), py::arg("spot"), py::arg("expirations"),
           py::kw_only(), py::arg("base_volatility") = 0.30, py::arg("event") = py::none(),
           py::arg("event_move") = 0.0, py::arg("rate") = 0.0, py::arg("dividend_yield") = 0.0,
           py::arg("smile_slope_points_per_sd") = -1.5,
           py::arg("smile_curvature_points_per_sd2") = 0.5,
           py::arg("relative_half_spread_pct") = 3.0, py::arg("min_half_spread") = 0.025,
           py::arg("extra_strikes") = std::vector<double>{})
      .def_property_readonly("symbol",
                             [](const ModeledChainSpec& s) { return std::string(s.symbol.view()); })
      .def_readonly("as_of", &ModeledChainSpec::as_of)
      .def_property_readonly("spot", [](const ModeledChainSpec& s) { return s.spot.dollars(); })
      .def_readonly("expirations", &ModeledChainSpec::expirations)
      .def_property_readonly("base_volatility",
                             [](const ModeledChainSpec& s) { return s.base_volatility.fraction(); })
      .def_property_readonly("event_move",
                             [](const ModeledChainSpec& s) -> std::optional<double> {
                               if (!s.event) return std::nullopt;
                               return s.event->event_move;
                             })
      .def(
          "with_event",
          [](ModeledChainSpec s, const EarningsEvent& event, double event_move) {
            s.event = ModeledEvent{event, event_move};
            return s;
          },
          py::arg("event"), py::arg("event_move"), "A copy carrying that event.")
      .def(
          "crushed",
          [](const ModeledChainSpec& s, std::chrono::sys_seconds as_of, double spot) {
            return crushed(s, as_of, Price::dollars(spot));
          },
          py::arg("as_of"), py::arg("spot"),
          "The same model after the announcement: no event variance, a later clock.");

  py::class_<EventCalibration>(m, "EventCalibration")
      .def_readonly("status", &EventCalibration::status)
      .def_readonly("event_move", &EventCalibration::event_move)
      .def_readonly("expiration", &EventCalibration::expiration)
      .def_readonly("atm_strike", &EventCalibration::atm_strike);

  m.def(
      "build_modeled_chain",
      [](const ModeledChainSpec& spec) {
        py::gil_scoped_release release;
        return build_modeled_chain(spec).chain;
      },
      py::arg("spec"), "The modeled OptionChain of `spec` (never market data).");
  m.def(
      "calibrate_event_move",
      [](const ModeledChainSpec& spec, const EarningsEvent& event, double implied_move_pct) {
        return calibrate_event_move(spec, event, Percentage::from_pct(implied_move_pct));
      },
      py::arg("spec"), py::arg("event"), py::arg("implied_move_pct"),
      "The event_move at which the modeled ATM straddle of the first expiration after the "
      "event, over spot, equals implied_move_pct.");
}

}  // namespace

void bind_chain(py::module_& m) {
  bind_quote(m);
  bind_builder(m);
  bind_option_chain(m);
  bind_greeks(m);
  bind_modeled(m);
}

}  // namespace ivcrush::python
