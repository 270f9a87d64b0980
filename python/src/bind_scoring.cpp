// python/src/bind_scoring.cpp: scoring and ranking: ScoringContext, ScoreBreakdown, the shipped
// policies by name (make_scoring_policy), policies written in Python, StrategyScorer and Ranking.
//
//   scorer = ivcrush.StrategyScorer("iv_crush_default", top_n=3)
//   ranking = scorer.rank(result.candidates, ivcrush.ScoringContext(100.0, 6.63, 2.2))
//   ranking.top[0].breakdown.total; ranking.recommendation; ranking.to_frame(candidates)
//
// A Python policy is any object with score(candidate, context) returning a ScoreBreakdown (or a
// plain number: the total) and optionally rationale_options() returning a RationaleOptions; it
// is wrapped into a C++ policy (PythonPolicy below) that calls back into Python under the GIL,
// one call per candidate, with the candidate and context copied into Python objects. It ranks
// exactly like a C++ policy with the same arithmetic, but each candidate costs a Python call
// instead of nanoseconds of C++ (docs/python.md measures it). A C++ policy ranks with the GIL
// released; a Python one holds it.
//
// ScoreBreakdown keeps component names and reason patterns as string_views (score_breakdown.hpp:
// scoring must not allocate). Names and patterns coming from Python are interned once per
// distinct text in a process-wide pool (guarded by the GIL), so they outlive every breakdown:
// use constant names and a constant pattern with the numbers as values, not an f-string per
// candidate, or the pool grows with every distinct text.
#include <memory>
#include <unordered_set>

#include "bindings.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/rationale.hpp"
#include "ivcrush/scoring/score_breakdown.hpp"
#include "ivcrush/scoring/scoring_policy.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"

namespace ivcrush::python {

namespace {

// Texts from Python that a ScoreBreakdown refers to. Node-based, so the views stay valid.
std::string_view intern(const std::string& text) {
  static auto* pool = new std::unordered_set<std::string>();  // never freed: views outlive all
  return *pool->insert(text).first;
}

void check_total(double total) {
  if (!(detail::is_finite(total) && total >= 0.0 && total <= 100.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "score total", total,
                          "must be finite and within [0, 100]");
  }
}

// A policy object written in Python, as a C++ ScoringPolicy. Copies share the Python object;
// the last copy releases it with the GIL held (a scorer may be destroyed without it).
class PythonPolicy {
 public:
  explicit PythonPolicy(const py::object& policy)
      : state_(new State{policy, policy.attr("score"), py::hasattr(policy, "rationale_options")},
               [](State* s) {
                 py::gil_scoped_acquire gil;
                 delete s;
               }) {}

  [[nodiscard]] ScoreBreakdown score(const Candidate& c, const ScoringContext& ctx) const {
    py::gil_scoped_acquire gil;
    const py::object result = state_->score(c, ctx);
    if (py::isinstance<ScoreBreakdown>(result)) return result.cast<ScoreBreakdown>();
    const double total = result.cast<double>();
    check_total(total);
    ScoreBreakdown b;
    b.add("python", total, 1.0);
    b.set_total(total);
    return b;
  }

  [[nodiscard]] RationaleOptions rationale_options() const {
    py::gil_scoped_acquire gil;
    if (!state_->has_rationale) return {};
    return state_->object.attr("rationale_options")().cast<RationaleOptions>();
  }

 private:
  struct State {
    py::object object;
    py::object score;  // the bound method, looked up once
    bool has_rationale;
  };
  std::shared_ptr<State> state_;
};

static_assert(ScoringPolicy<PythonPolicy> && ExplainsRationale<PythonPolicy>);

// The Python StrategyScorer: one erased scorer, plus whether its policy calls into Python.
struct PyScorer {
  StrategyScorer<AnyScoringPolicy> scorer;
  bool python_policy;
};

AnyScoringPolicy policy_of(const py::object& policy) {
  if (py::isinstance<AnyScoringPolicy>(policy)) return policy.cast<AnyScoringPolicy>();
  if (py::isinstance<py::str>(policy)) return make_scoring_policy(policy.cast<std::string>());
  if (!py::hasattr(policy, "score")) {
    throw py::type_error(
        "policy: expected a policy name, an AnyScoringPolicy or an object with "
        "score(candidate, context)");
  }
  const std::string name = py::str(py::type::of(policy).attr("__name__"));
  return AnyScoringPolicy(PythonPolicy(policy), "python:" + name);
}

bool is_python_policy(const py::object& policy) {
  return !py::isinstance<AnyScoringPolicy>(policy) && !py::isinstance<py::str>(policy);
}

py::dict ranking_columns(const Ranking& r) {
  const std::size_t n = r.top.size();
  // One column per component name, in order of first appearance; NaN where a row lacks it.
  std::vector<std::string_view> names;
  for (const auto& t : r.top) {
    for (const auto& c : t.breakdown.components()) {
      if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
    }
  }
  std::vector<double> rank(n), index(n), total(n);
  std::vector<std::vector<double>> points(names.size(), std::vector<double>(n));
  py::list rationale(n);
  for (std::size_t i = 0; i < n; ++i) {
    const RankedCandidate& t = r.top[i];
    rank[i] = static_cast<double>(i + 1);
    index[i] = static_cast<double>(t.index);
    total[i] = t.breakdown.total();
    for (std::size_t k = 0; k < names.size(); ++k) {
      const ScoreComponent* c = t.breakdown.find(names[k]);
      points[k][i] = c ? c->points : std::numeric_limits<double>::quiet_NaN();
    }
    rationale[i] = py::str(t.rationale);
  }
  py::dict d;
  d["rank"] = py::array(to_array(rank)).attr("astype")("int64");
  d["index"] = py::array(to_array(index)).attr("astype")("int64");
  d["score"] = to_array(total);
  for (std::size_t k = 0; k < names.size(); ++k) {
    d[py::str(std::string(names[k]) + "_points")] = to_array(points[k]);
  }
  d["rationale"] = rationale;
  return d;
}

void bind_context(py::module_& m) {
  wire_names(py::enum_<PopSource>(m, "PopSource", "Which probability of profit a policy reads.")
                 .value("legacy", PopSource::legacy)
                 .value("model", PopSource::model)
                 .value("empirical", PopSource::empirical));

  py::class_<ScoringContext>(m, "ScoringContext", "What is known about the ticker at scoring time.")
      .def(py::init(
               [](double spot, double implied_move_pct, double vrp_ratio, DirectionalBias bias) {
                 const ScoringContext ctx{.spot = Price::dollars(spot),
                                          .implied_move = Percentage::from_pct(implied_move_pct),
                                          .vrp_ratio = vrp_ratio,
                                          .bias = bias};
                 ctx.validate();
                 return ctx;
               }),
           py::arg("spot"), py::arg("implied_move_pct"), py::arg("vrp_ratio") = 0.0,
           py::arg("bias") = DirectionalBias::neutral)
      .def_property_readonly("spot", [](const ScoringContext& c) { return c.spot.dollars(); })
      .def_property_readonly("implied_move_pct",
                             [](const ScoringContext& c) { return c.implied_move.pct(); })
      .def_readonly("vrp_ratio", &ScoringContext::vrp_ratio)
      .def_readonly("bias", &ScoringContext::bias)
      .def("__repr__", [](const ScoringContext& c) {
        return fmt::format("ScoringContext(spot={}, implied_move_pct={}, vrp_ratio={}, bias={})",
                           c.spot.dollars(), c.implied_move.pct(), c.vrp_ratio, to_string(c.bias));
      });

  py::class_<RationaleThresholds>(m, "RationaleThresholds",
                                  "The thresholds of the rationale texts (the original's).")
      .def(py::init([](double vrp_excellent, double vrp_strong, double reward_risk_favorable,
                       double pop_high, double theta_positive_per_day,
                       double vega_beneficial_per_point) {
             const RationaleThresholds t{vrp_excellent,          vrp_strong,
                                         reward_risk_favorable,  pop_high,
                                         theta_positive_per_day, vega_beneficial_per_point};
             t.validate();
             return t;
           }),
           py::arg("vrp_excellent") = 2.0, py::arg("vrp_strong") = 1.5,
           py::arg("reward_risk_favorable") = 0.35, py::arg("pop_high") = 0.70,
           py::arg("theta_positive_per_day") = 30.0, py::arg("vega_beneficial_per_point") = -50.0)
      .def_readonly("vrp_excellent", &RationaleThresholds::vrp_excellent)
      .def_readonly("vrp_strong", &RationaleThresholds::vrp_strong)
      .def_readonly("reward_risk_favorable", &RationaleThresholds::reward_risk_favorable)
      .def_readonly("pop_high", &RationaleThresholds::pop_high)
      .def_readonly("theta_positive_per_day", &RationaleThresholds::theta_positive_per_day)
      .def_readonly("vega_beneficial_per_point", &RationaleThresholds::vega_beneficial_per_point);

  py::class_<RationaleOptions>(m, "RationaleOptions",
                               "What the rationale texts quote: thresholds and the POP source.")
      .def(py::init([](const RationaleThresholds& thresholds, PopSource pop_source,
                       std::size_t min_empirical_samples) {
             return RationaleOptions{thresholds, pop_source, min_empirical_samples};
           }),
           py::arg("thresholds") = RationaleThresholds{}, py::arg("pop_source") = PopSource::model,
           py::arg("min_empirical_samples") = 4)
      .def_readonly("thresholds", &RationaleOptions::thresholds)
      .def_readonly("pop_source", &RationaleOptions::pop_source)
      .def_readonly("min_empirical_samples", &RationaleOptions::min_empirical_samples);

  m.def(
      "position_theta", [](const Candidate& c) { return position_theta(c); }, py::arg("candidate"),
      "Per-unit theta x contracts ($ per day), as the original scored it; None without greeks.");
  m.def(
      "position_vega", [](const Candidate& c) { return position_vega(c); }, py::arg("candidate"),
      "Per-unit vega x contracts ($ per vol point); None without greeks.");
  m.def(
      "select_pop",
      [](const Candidate& c, PopSource wanted, std::size_t min_empirical_samples) {
        const PopChoice p = select_pop(c, wanted, min_empirical_samples);
        return py::make_tuple(p.value, p.source, p.fell_back);
      },
      py::arg("candidate"), py::arg("wanted"), py::arg("min_empirical_samples") = 4,
      "(value, source used, fell_back): the empirical POP falls back to the model's when thin.");
  m.def("strategy_rationale", &strategy_rationale, py::arg("candidate"), py::arg("context"),
        py::arg("options") = RationaleOptions{});
  m.def("recommendation_rationale", &recommendation_rationale, py::arg("candidate"),
        py::arg("context"), py::arg("options") = RationaleOptions{});
}

void bind_breakdown(py::module_& m) {
  py::class_<ScoreComponent>(m, "ScoreComponent", "One part of a score, with its reason.")
      .def_property_readonly("name", [](const ScoreComponent& c) { return std::string(c.name); })
      .def_readonly("points", &ScoreComponent::points)
      .def_readonly("weight", &ScoreComponent::weight)
      .def_property_readonly("reason", &ScoreComponent::reason)
      .def("__repr__", [](const ScoreComponent& c) {
        return fmt::format("ScoreComponent('{}', points={}, weight={})", c.name, c.points,
                           c.weight);
      });

  py::class_<ScoreBreakdown>(m, "ScoreBreakdown",
                             "An explained score: a total on 0-100 and its components (at most "
                             "10). Python policies build one with add() and set_total().")
      .def(py::init<>())
      .def(
          "add",
          [](ScoreBreakdown& b, const std::string& name, double points, double weight,
             const std::string& reason, const std::vector<double>& values) -> ScoreBreakdown& {
            if (b.components().size() >= ScoreBreakdown::max_components) {
              detail::throw_invalid(ErrorCode::out_of_range, "score components",
                                    b.components().size() + 1,
                                    fmt::format("at most {}", ScoreBreakdown::max_components));
            }
            if (values.size() > ScoreReason::max_values) {
              detail::throw_invalid(ErrorCode::out_of_range, "reason values", values.size(),
                                    "at most 3 numbers");
            }
            detail::require_finite("points", points);
            detail::require_finite("weight", weight);
            ScoreReason why(intern(reason));
            for (std::size_t i = 0; i < values.size(); ++i) why.values[i] = values[i];
            try {
              (void)why.text();  // a bad pattern is an error now, not when a report formats it
            } catch (const fmt::format_error& e) {
              throw InvalidInput(ErrorCode::malformed,
                                 fmt::format("reason = '{}': {}", reason, e.what()));
            }
            return b.add(intern(name), points, weight, why);
          },
          py::arg("name"), py::arg("points"), py::arg("weight") = 0.0, py::arg("reason") = "",
          py::arg("values") = std::vector<double>{}, py::return_value_policy::reference_internal,
          "Appends a component: points on the 0-100 scale, weight its share of the 100 points "
          "(0 for an adjustment), reason an fmt pattern over `values` ('POP {:.3f}', [0.75]).")
      .def(
          "set_total",
          [](ScoreBreakdown& b, double total) {
            check_total(total);
            b.set_total(total);
          },
          py::arg("total"), "The final score, finite and within [0, 100].")
      .def_property_readonly("total", &ScoreBreakdown::total)
      .def_property_readonly("components",
                             [](const ScoreBreakdown& b) {
                               return std::vector<ScoreComponent>(b.components().begin(),
                                                                  b.components().end());
                             })
      .def(
          "find",
          [](const ScoreBreakdown& b, const std::string& name) -> std::optional<ScoreComponent> {
            const ScoreComponent* c = b.find(name);
            if (!c) return std::nullopt;
            return *c;
          },
          py::arg("name"))
      .def(
          "__getitem__",
          [](const ScoreBreakdown& b, const std::string& name) {
            const ScoreComponent* c = b.find(name);
            if (!c) throw py::key_error(fmt::format("no score component named '{}'", name));
            return *c;
          },
          py::arg("name"))
      .def("sum_of_points", &ScoreBreakdown::sum_of_points)
      .def("describe", [](const ScoreBreakdown& b) { return describe(b); })
      .def(
          "to_dict",
          [](const ScoreBreakdown& b) {
            py::dict d;
            for (const auto& c : b.components()) d[py::str(std::string(c.name))] = c.points;
            return d;
          },
          "{component name: points}.")
      .def("__repr__", [](const ScoreBreakdown& b) {
        return fmt::format("ScoreBreakdown(total={}, {} components)", b.total(),
                           b.components().size());
      });
}

void bind_scorer(py::module_& m) {
  py::class_<AnyScoringPolicy>(m, "AnyScoringPolicy",
                               "A scoring policy chosen at run time (make_scoring_policy), or a "
                               "Python policy wrapped for C++.")
      .def(py::init(&policy_of), py::arg("policy"),
           "From a shipped name, or from a Python object with score(candidate, context).")
      .def_property_readonly("name",
                             [](const AnyScoringPolicy& p) { return std::string(p.name()); })
      .def("score", &AnyScoringPolicy::score, py::arg("candidate"), py::arg("context"))
      .def("rationale_options", &AnyScoringPolicy::rationale_options)
      .def("__repr__", [](const AnyScoringPolicy& p) {
        return fmt::format("AnyScoringPolicy('{}')", p.name());
      });

  m.def("make_scoring_policy", &make_scoring_policy, py::arg("name"),
        "The shipped policy called `name` (normalized: case, '-' and ' ' ignored as the "
        "original did); InvalidInput listing the known names otherwise.");
  m.def("scoring_policy_names", [] {
    std::vector<std::string> out;
    for (const auto n : scoring_policy_names()) out.emplace_back(n);
    return out;
  });

  py::class_<RankedCandidate>(m, "RankedCandidate", "One kept candidate of a ranking.")
      .def_readonly("index", &RankedCandidate::index,
                    "position of the candidate in the ranked list")
      .def_readonly("breakdown", &RankedCandidate::breakdown)
      .def_property_readonly("total", [](const RankedCandidate& r) { return r.breakdown.total(); })
      .def_readonly("rationale", &RankedCandidate::rationale)
      .def("__repr__", [](const RankedCandidate& r) {
        return fmt::format("RankedCandidate(index={}, total={})", r.index, r.breakdown.total());
      });

  py::class_<Ranking>(m, "Ranking", "The best candidates, best first, with the recommendation.")
      .def_readonly("top", &Ranking::top)
      .def_readonly("recommendation", &Ranking::recommendation)
      .def_readonly("scored", &Ranking::scored)
      .def_property_readonly(
          "verdict", [](const Ranking& r) { return std::string(to_string(r.verdict.verdict)); },
          "'trade' or 'no_trade' (docs/scoring.md: no positive expectation, or 0 contracts)")
      .def_property_readonly(
          "no_trade_reason",
          [](const Ranking& r) { return std::string(to_string(r.verdict.reason)); },
          "'none', 'no_candidates', 'non_positive_expectation' or 'zero_contracts'")
      .def_property_readonly("best",
                             [](const Ranking& r) -> std::optional<RankedCandidate> {
                               if (r.top.empty()) return std::nullopt;
                               return r.top.front();
                             })
      .def("__len__", [](const Ranking& r) { return r.top.size(); })
      .def("to_columns", &ranking_columns,
           "One row per kept candidate: rank, index, score, <component>_points for every "
           "component, rationale. to_frame(candidates) joins the candidates' columns.");

  py::class_<PyScorer>(m, "StrategyScorer",
                       "Ranks candidates with a policy: a shipped name ('iv_crush_default', "
                       "...), an AnyScoringPolicy, or a Python object with "
                       "score(candidate, context) (slower: one Python call per candidate).")
      .def(py::init([](const py::object& policy, std::size_t top_n, bool explain) {
             return PyScorer{StrategyScorer<AnyScoringPolicy>(policy_of(policy),
                                                              {.top_n = top_n, .explain = explain}),
                             is_python_policy(policy)};
           }),
           py::arg("policy") = "iv_crush_default", py::arg("top_n") = 3, py::arg("explain") = true)
      .def_property_readonly("policy", [](const PyScorer& s) { return s.scorer.policy(); })
      .def_property_readonly("top_n", [](const PyScorer& s) { return s.scorer.options().top_n; })
      .def_property_readonly("python_policy", [](const PyScorer& s) { return s.python_policy; })
      .def(
          "score",
          [](const PyScorer& s, const Candidate& c, const ScoringContext& ctx) {
            return s.scorer.score(c, ctx);
          },
          py::arg("candidate"), py::arg("context"))
      .def(
          "rank",
          [](const PyScorer& s, const std::vector<Candidate>& candidates,
             const ScoringContext& ctx) {
            if (s.python_policy) return s.scorer.rank(candidates, ctx);
            py::gil_scoped_release release;
            return s.scorer.rank(candidates, ctx);
          },
          py::arg("candidates"), py::arg("context"),
          "Descending total, ties in input order, the top_n kept with breakdowns and "
          "rationales. candidates: a CandidateList (no copy) or a list of Candidate.");
}

}  // namespace

void bind_scoring(py::module_& m) {
  bind_context(m);
  bind_breakdown(m);
  bind_scorer(m);
}

}  // namespace ivcrush::python
