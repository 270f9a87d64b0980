// python/src/policy_arg.hpp: a scoring policy argument of the analysis and backtest bindings.
//
//   AnyScoringPolicy p = policy_arg(obj);   // "iv_crush_model", an AnyScoringPolicy, a
//                                           // StrategyScorer (its policy) or a Python object
//                                           // with score(candidate, context)
//
// A Python policy is wrapped by the scoring bindings' StrategyScorer (bind_scoring.cpp), whose
// policy takes the GIL for each call, so the analyses and backtests that call it may run with
// the GIL released (slower: one Python call per candidate). Needs the GIL.
#pragma once

#include <string>

#include "bindings.hpp"
#include "ivcrush/scoring/any_scoring_policy.hpp"

namespace ivcrush::python {

// `names` makes a policy from a name (make_scoring_policy, or make_backtest_policy with its
// aliases).
template <class Names>
[[nodiscard]] AnyScoringPolicy policy_arg(py::handle policy, Names&& names) {
  if (py::isinstance<py::str>(policy)) return names(policy.cast<std::string>());
  if (py::isinstance<AnyScoringPolicy>(policy)) return policy.cast<AnyScoringPolicy>();
  const py::object scorer_type = py::module_::import("ivcrush._ivcrush").attr("StrategyScorer");
  if (py::isinstance(policy, scorer_type)) return policy.attr("policy").cast<AnyScoringPolicy>();
  return scorer_type(policy).attr("policy").cast<AnyScoringPolicy>();
}

}  // namespace ivcrush::python
