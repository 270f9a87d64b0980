// No allocation per candidate: global operator new is replaced in this executable only (the
// scoring tests) and counts; the hot paths are measured between two reads of the counter.
#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/policies/expected_value.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "ivcrush/scoring/ticker_scorer.hpp"
#include "scoring/candidates.hpp"
#include "support/counting_allocator.hpp"

namespace {

using namespace ivcrush;
using ivcrush::test::base_context;
using ivcrush::test::random_candidates;

// Where the counter test's pointer escapes, so the compiler cannot elide its new/delete pair.
void* volatile escape = nullptr;

TEST_CASE("the counter counts (the test can fail)") {
  const auto before = counting::allocations_now();
  auto* p = new std::vector<int>(100);
  escape = p;
  delete p;
  CHECK(counting::allocations_now() - before == 2);
}

template <class Policy>
std::size_t allocations_scoring(const Policy& policy, const std::vector<Candidate>& cs) {
  const auto ctx = base_context();
  double sink = 0.0;
  const auto before = counting::allocations_now();
  for (const auto& c : cs) sink += policy.score(c, ctx).total();
  const auto used = counting::allocations_now() - before;
  CHECK(sink > 0.0);
  return used;
}

TEST_CASE("scoring a candidate allocates nothing, for every shipped policy, typed or erased") {
  const auto cs = random_candidates(500, 11);
  CHECK(allocations_scoring(IvCrushScoring::original(), cs) == 0);
  CHECK(allocations_scoring(IvCrushScoring::empirical_pop(), cs) == 0);
  CHECK(allocations_scoring(IvCrushScoring::conservative(), cs) == 0);
  CHECK(allocations_scoring(ExpectedValueScoring(), cs) == 0);
  for (const auto name : scoring_policy_names()) {
    CAPTURE(name);
    const auto erased = make_scoring_policy(name);
    CHECK(allocations_scoring(erased, cs) == 0);
  }
}

TEST_CASE("rank_into: no allocation in the loop, allocations do not grow with the candidates") {
  const auto many = random_candidates(5000, 3);
  const std::vector<Candidate> few(many.begin(), many.begin() + 10);
  const auto ctx = base_context();

  // Without explanations, into a Ranking already sized: nothing at all.
  const StrategyScorer quiet(IvCrushScoring::original(), {.top_n = 3, .explain = false});
  Ranking r;
  quiet.rank_into(few, ctx, r);
  auto before = counting::allocations_now();
  quiet.rank_into(many, ctx, r);
  CHECK(counting::allocations_now() - before == 0);
  CHECK(r.top.size() == 3);

  // With explanations: the same count for 10 and for 5,000 candidates (only the kept ones are
  // explained). The same best three in both sets keep the rationale lengths equal.
  std::vector<Candidate> padded = few;
  for (std::size_t i = 0; i < 499; ++i) padded.insert(padded.end(), few.begin(), few.end());
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  static_cast<void>(scorer.rank(few, ctx));  // warm-up: fmt's first use may initialize state
  before = counting::allocations_now();
  const auto small = scorer.rank(few, ctx);
  const auto small_count = counting::allocations_now() - before;
  before = counting::allocations_now();
  const auto large = scorer.rank(padded, ctx);
  const auto large_count = counting::allocations_now() - before;
  CHECK(small_count == large_count);
  CHECK(small_count == 5);  // the top vector, three rationales, the recommendation
  CHECK(small.top[0].index == large.top[0].index);

  // Type-erased: the same.
  const StrategyScorer erased(make_scoring_policy("expected_value"),
                              {.top_n = 3, .explain = false});
  erased.rank_into(few, ctx, r);
  before = counting::allocations_now();
  erased.rank_into(many, ctx, r);
  CHECK(counting::allocations_now() - before == 0);
}

TEST_CASE("ticker scoring allocates nothing per ticker") {
  const auto p = TickerScoring::preset("balanced");
  const TickerMetrics m{.symbol = Symbol::parse("AAPL"), .vrp_ratio = 1.75, .consistency = 0.7};
  double sink = 0.0;
  const auto before = counting::allocations_now();
  for (int i = 0; i < 1000; ++i) sink += p.score(m).total();
  CHECK(counting::allocations_now() - before == 0);
  CHECK(sink > 0.0);
}

}  // namespace
