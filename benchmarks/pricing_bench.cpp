// Pricing kernel benchmarks: price + all greeks, implied volatility and the normal cdf, each
// over one seeded random set with hard cases, against QuantLib (when found) and a plain
// textbook closed form. After the runs it prints the ratios and each IV solver's failures.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/greeks.hpp"
#include "ivcrush/pricing/implied_vol.hpp"
#include "ivcrush/pricing/normal.hpp"

#if defined(IVCRUSH_BENCH_QUANTLIB)
#include <ql/exercise.hpp>
#include <ql/instruments/europeanoption.hpp>
#include <ql/math/distributions/normaldistribution.hpp>
#include <ql/pricingengines/blackformula.hpp>
#include <ql/pricingengines/vanilla/analyticeuropeanengine.hpp>
#include <ql/processes/blackscholesprocess.hpp>
#include <ql/quotes/simplequote.hpp>
#include <ql/settings.hpp>
#include <ql/termstructures/volatility/equityfx/blackconstantvol.hpp>
#include <ql/termstructures/yield/flatforward.hpp>
#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>
#endif

namespace {

using namespace ivcrush;

struct Case {
  double theta;  // +1 call, -1 put
  double spot;
  double strike;
  int days;  // whole days, so that QuantLib's date-based engine sees the same T
  double years;
  double sigma;
  double rate;
  double dividend_yield;
  double price;  // ivcrush's price, the IV input
};

constexpr std::size_t set_size = 4096;

// 80 % typical listed options, 20 % hard cases: K/S 0.3-3, T 1 day-10 years, σ 0.5 %-500 %.
std::vector<Case> make_cases() {
  std::mt19937_64 rng(20240522);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto log_uniform = [&](double lo, double hi) {
    return std::exp(std::log(lo) + u(rng) * (std::log(hi) - std::log(lo)));
  };
  std::vector<Case> cases;
  cases.reserve(set_size);
  for (std::size_t i = 0; i < set_size; ++i) {
    const bool hard = i % 5 == 4;
    Case c{};
    c.theta = u(rng) < 0.5 ? 1.0 : -1.0;
    c.spot = 100.0;
    c.strike =
        std::round(c.spot * (hard ? log_uniform(0.3, 3.0) : log_uniform(0.7, 1.4)) * 100.0) / 100.0;
    c.days = static_cast<int>(std::ceil(hard ? log_uniform(1.0, 3650.0) : log_uniform(1.0, 730.0)));
    c.years = c.days / 365.0;
    c.sigma = hard ? log_uniform(0.005, 5.0) : log_uniform(0.1, 1.0);
    c.rate = 0.06 * u(rng);
    c.dividend_yield = 0.03 * u(rng);
    c.price =
        detail::bsm_price(c.theta, c.spot, c.strike, c.years, c.sigma, c.rate, c.dividend_yield);
    cases.push_back(c);
  }
  return cases;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> set = make_cases();
  return set;
}

// The IV set: the cases whose price pins σ down (ε·price/(vega·σ) < 1e-10) and whose time
// value is not lost to rounding, so that every failure is the solver's.
std::vector<Case> make_iv_cases() {
  std::vector<Case> out;
  for (const Case& c : cases()) {
    const auto g =
        detail::bsm_greeks(c.theta, c.spot, c.strike, c.years, c.sigma, c.rate, c.dividend_yield);
    const double conditioning =
        std::numeric_limits<double>::epsilon() * c.price / (g.vega * c.sigma);
    if (c.price > 1e-300 && conditioning < 1e-10) out.push_back(c);
  }
  return out;
}

const std::vector<Case>& iv_cases() {
  static const std::vector<Case> set = make_iv_cases();
  return set;
}

std::vector<double> make_normal_points() {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> body(-8.0, 8.0);
  std::uniform_real_distribution<double> tail(-38.0, -8.0);
  std::vector<double> xs(set_size);
  for (std::size_t i = 0; i < set_size; ++i) xs[i] = (i % 10 == 9) ? tail(rng) : body(rng);
  return xs;
}

const std::vector<double>& normal_points() {
  static const std::vector<double> xs = make_normal_points();
  return xs;
}

// ---------------------------------------------------------------------------------------------
// The floor: a plain textbook closed form (std::erfc/exp/log), the same nine outputs.
struct PlainGreeks {
  double price, delta, gamma, vega, theta, rho, dividend_rho, vanna, volga;
};

PlainGreeks plain_greeks(double w, double s, double k, double t, double sigma, double r, double q) {
  const double sqrt_t = std::sqrt(t);
  const double sd = sigma * sqrt_t;
  const double d1 = (std::log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / sd;
  const double d2 = d1 - sd;
  const double df_r = std::exp(-r * t);
  const double df_q = std::exp(-q * t);
  const double pdf = std::exp(-0.5 * d1 * d1) / std::sqrt(2.0 * M_PI);
  const double n1 = 0.5 * std::erfc(-w * d1 / std::sqrt(2.0));
  const double n2 = 0.5 * std::erfc(-w * d2 / std::sqrt(2.0));
  const double vega = s * df_q * pdf * sqrt_t;
  return {w * (s * df_q * n1 - k * df_r * n2),
          w * df_q * n1,
          df_q * pdf / (s * sd),
          vega,
          -s * df_q * pdf * sigma / (2 * sqrt_t) - w * r * k * df_r * n2 + w * q * s * df_q * n1,
          w * k * t * df_r * n2,
          -w * s * t * df_q * n1,
          -df_q * pdf * d2 / sigma,
          vega * d1 * d2 / sigma};
}

void set_counters(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void greeks_ivcrush(benchmark::State& state) {
  const auto& set = cases();
  for (auto _ : state) {
    for (const Case& c : set) {
      benchmark::DoNotOptimize(detail::bsm_greeks(c.theta, c.spot, c.strike, c.years, c.sigma,
                                                  c.rate, c.dividend_yield));
    }
  }
  set_counters(state, set.size());
}

void greeks_ivcrush_typed(benchmark::State& state) {
  std::vector<BsmInputs> inputs;
  for (const Case& c : cases()) {
    inputs.push_back({.right = c.theta > 0 ? OptionRight::call : OptionRight::put,
                      .spot = Price::dollars(c.spot),
                      .strike = Strike::from_dollars(c.strike),
                      .time = YearFraction::from_years(c.years),
                      .volatility = Volatility::from_fraction(c.sigma),
                      .rate = c.rate,
                      .dividend_yield = c.dividend_yield});
  }
  for (auto _ : state) {
    for (const BsmInputs& in : inputs) benchmark::DoNotOptimize(bsm_greeks(in));
  }
  set_counters(state, inputs.size());
}

void greeks_plain(benchmark::State& state) {
  const auto& set = cases();
  for (auto _ : state) {
    for (const Case& c : set) {
      benchmark::DoNotOptimize(
          plain_greeks(c.theta, c.spot, c.strike, c.years, c.sigma, c.rate, c.dividend_yield));
    }
  }
  set_counters(state, set.size());
}

void iv_ivcrush(benchmark::State& state) {
  const auto& set = iv_cases();
  for (auto _ : state) {
    for (const Case& c : set) {
      benchmark::DoNotOptimize(detail::implied_bsm_volatility(c.price, c.theta, c.spot, c.strike,
                                                              c.years, c.rate, c.dividend_yield));
    }
  }
  set_counters(state, set.size());
}

void normal_cdf_ivcrush(benchmark::State& state) {
  const auto& xs = normal_points();
  for (auto _ : state) {
    for (const double x : xs) benchmark::DoNotOptimize(normal_cdf(x));
  }
  set_counters(state, xs.size());
}

void normal_cdf_plain(benchmark::State& state) {
  const auto& xs = normal_points();
  for (auto _ : state) {
    for (const double x : xs) benchmark::DoNotOptimize(0.5 * std::erfc(-x / std::sqrt(2.0)));
  }
  set_counters(state, xs.size());
}

#if defined(IVCRUSH_BENCH_QUANTLIB)
namespace ql = QuantLib;

struct QlOption {
  ql::ext::shared_ptr<ql::SimpleQuote> spot;
  ql::ext::shared_ptr<ql::EuropeanOption> option;
};

std::vector<QlOption> make_quantlib_options() {
  const ql::Date today(22, ql::May, 2024);
  ql::Settings::instance().evaluationDate() = today;
  const ql::Actual365Fixed dc;
  std::vector<QlOption> out;
  for (const Case& c : cases()) {
    auto spot = ql::ext::make_shared<ql::SimpleQuote>(c.spot);
    auto vol = ql::ext::make_shared<ql::SimpleQuote>(c.sigma);
    auto rate = ql::ext::make_shared<ql::SimpleQuote>(c.rate);
    auto yield = ql::ext::make_shared<ql::SimpleQuote>(c.dividend_yield);
    ql::Handle<ql::YieldTermStructure> rf(
        ql::ext::make_shared<ql::FlatForward>(today, ql::Handle<ql::Quote>(rate), dc));
    ql::Handle<ql::YieldTermStructure> div(
        ql::ext::make_shared<ql::FlatForward>(today, ql::Handle<ql::Quote>(yield), dc));
    ql::Handle<ql::BlackVolTermStructure> bv(ql::ext::make_shared<ql::BlackConstantVol>(
        today, ql::NullCalendar(), ql::Handle<ql::Quote>(vol), dc));
    auto process = ql::ext::make_shared<ql::BlackScholesMertonProcess>(ql::Handle<ql::Quote>(spot),
                                                                       div, rf, bv);
    auto option = ql::ext::make_shared<ql::EuropeanOption>(
        ql::ext::make_shared<ql::PlainVanillaPayoff>(
            c.theta > 0 ? ql::Option::Call : ql::Option::Put, c.strike),
        ql::ext::make_shared<ql::EuropeanExercise>(today + c.days));
    option->setPricingEngine(ql::ext::make_shared<ql::AnalyticEuropeanEngine>(process));
    out.push_back({spot, option});
  }
  return out;
}

void greeks_quantlib(benchmark::State& state) {
  static std::vector<QlOption> options = make_quantlib_options();
  const auto& set = cases();
  int pass = 0;
  for (auto _ : state) {
    // A new spot for every option on every pass (the quote changes), then NPV + 6 greeks.
    const double bump = (++pass % 2 == 0) ? 1.0 : 1.0 + 1e-12;
    for (std::size_t i = 0; i < set.size(); ++i) {
      options[i].spot->setValue(set[i].spot * bump);
      const auto& o = *options[i].option;
      benchmark::DoNotOptimize(o.NPV());
      benchmark::DoNotOptimize(o.delta());
      benchmark::DoNotOptimize(o.gamma());
      benchmark::DoNotOptimize(o.vega());
      benchmark::DoNotOptimize(o.theta());
      benchmark::DoNotOptimize(o.rho());
      benchmark::DoNotOptimize(o.dividendRho());
    }
  }
  set_counters(state, set.size());
}

double quantlib_iv(const Case& c) {
  const double forward = c.spot * std::exp((c.rate - c.dividend_yield) * c.years);
  const double discount = std::exp(-c.rate * c.years);
  return ql::blackFormulaImpliedStdDev(c.theta > 0 ? ql::Option::Call : ql::Option::Put, c.strike,
                                       forward, c.price, discount) /
         std::sqrt(c.years);
}

void iv_quantlib(benchmark::State& state) {
  const auto& set = iv_cases();
  for (auto _ : state) {
    for (const Case& c : set) {
      try {
        benchmark::DoNotOptimize(quantlib_iv(c));
      } catch (const std::exception&) {
        benchmark::ClobberMemory();
      }
    }
  }
  set_counters(state, set.size());
}

void normal_cdf_quantlib(benchmark::State& state) {
  const auto& xs = normal_points();
  const ql::CumulativeNormalDistribution phi;
  for (auto _ : state) {
    for (const double x : xs) benchmark::DoNotOptimize(phi(x));
  }
  set_counters(state, xs.size());
}
#endif

// Keeps the fastest repetition of every benchmark (ns per option) while printing as usual.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.iterations == 0) continue;
      const auto it = run.counters.find("items_per_second");
      if (it == run.counters.end()) continue;
      const double ns = 1e9 / it->second.value;
      const std::string name = run.run_name.function_name;
      const auto found = best_.find(name);
      if (found == best_.end() || ns < found->second) best_[name] = ns;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  [[nodiscard]] double ns(const std::string& name) const {
    const auto it = best_.find(name);
    return it == best_.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
  }

 private:
  std::map<std::string, double> best_;
};

void print_ratio(const RatioReporter& r, const char* label, const char* a, const char* b) {
  const double na = r.ns(a);
  const double nb = r.ns(b);
  if (std::isnan(na) || std::isnan(nb)) return;
  std::printf("  %-44s %8.1f ns vs %8.1f ns  ratio %6.2fx\n", label, na, nb, nb / na);
}

// Accuracy and failures of each IV solver on the IV set, outside the timed loops.
void print_iv_failures() {
  const auto& set = iv_cases();
  int ivc_fail = 0;
  int ivc_inaccurate = 0;
  double ivc_max = 0.0;
  int max_iterations = 0;
  double iterations = 0.0;
  for (const Case& c : set) {
    const auto r = detail::implied_bsm_volatility(c.price, c.theta, c.spot, c.strike, c.years,
                                                  c.rate, c.dividend_yield);
    if (r.status != IvStatus::ok) {
      ++ivc_fail;
      continue;
    }
    const double err = std::fabs(r.sigma - c.sigma) / c.sigma;
    ivc_max = std::max(ivc_max, err);
    if (err > 1e-6) ++ivc_inaccurate;
    max_iterations = std::max(max_iterations, r.iterations);
    iterations += r.iterations;
  }
  std::printf(
      "\nImplied volatility on %zu options (of %zu; the rest have no determinable sigma):\n",
      set.size(), cases().size());
  std::printf(
      "  ivcrush : %d failures, %d with relative error > 1e-6, max relative error %.2e, "
      "iterations mean %.2f max %d\n",
      ivc_fail, ivc_inaccurate, ivc_max, iterations / static_cast<double>(set.size()),
      max_iterations);
#if defined(IVCRUSH_BENCH_QUANTLIB)
  int ql_fail = 0;
  int ql_inaccurate = 0;
  double ql_max = 0.0;
  for (const Case& c : set) {
    try {
      const double sigma = quantlib_iv(c);
      const double err = std::fabs(sigma - c.sigma) / c.sigma;
      if (!std::isfinite(sigma)) {
        ++ql_fail;
        continue;
      }
      ql_max = std::max(ql_max, err);
      if (err > 1e-6) ++ql_inaccurate;
    } catch (const std::exception&) {
      ++ql_fail;
    }
  }
  std::printf(
      "  QuantLib blackFormulaImpliedStdDev (accuracy 1e-6): %d failures (throws), %d with "
      "relative error > 1e-6, max relative error %.2e\n",
      ql_fail, ql_inaccurate, ql_max);
#endif
}

}  // namespace

BENCHMARK(greeks_ivcrush);
BENCHMARK(greeks_ivcrush_typed);
BENCHMARK(greeks_plain);
BENCHMARK(iv_ivcrush);
BENCHMARK(normal_cdf_ivcrush);
BENCHMARK(normal_cdf_plain);
#if defined(IVCRUSH_BENCH_QUANTLIB)
BENCHMARK(greeks_quantlib);
BENCHMARK(iv_quantlib);
BENCHMARK(normal_cdf_quantlib);
#endif

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf(
      "\nRatios (fastest repetition, ns per option; ratio = how many times faster "
      "ivcrush is):\n");
  print_ratio(reporter, "price+greeks: ivcrush vs QuantLib engine", "greeks_ivcrush",
              "greeks_quantlib");
  print_ratio(reporter, "price+greeks: ivcrush vs plain closed form", "greeks_ivcrush",
              "greeks_plain");
  print_ratio(reporter, "price+greeks: typed API vs plain closed form", "greeks_ivcrush_typed",
              "greeks_plain");
  print_ratio(reporter, "implied vol: ivcrush vs QuantLib", "iv_ivcrush", "iv_quantlib");
  print_ratio(reporter, "normal cdf: ivcrush vs QuantLib", "normal_cdf_ivcrush",
              "normal_cdf_quantlib");
  print_ratio(reporter, "normal cdf: ivcrush vs 0.5*erfc", "normal_cdf_ivcrush",
              "normal_cdf_plain");
  print_iv_failures();
  benchmark::Shutdown();
  return 0;
}
