// The original's POP proxies (domain-spec §3.5-§3.7), reproduced by hand computation.
#include "ivcrush/strategy/legacy_pop.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

TEST_CASE("vertical: 1 - |delta short|, 0.75 when the delta is missing or zero") {
  CHECK_CLOSE(legacy_vertical_pop(-0.1801), 0.8199, 1e-15, 0.0);
  CHECK_CLOSE(legacy_vertical_pop(0.2198), 0.7802, 1e-15, 0.0);
  CHECK(legacy_vertical_pop(std::nullopt) == 0.75);
  CHECK(legacy_vertical_pop(0.0) == 0.75);  // the original's truthiness: 0 counts as missing
  CHECK(legacy_vertical_pop(-1.0) == 0.0);
}

TEST_CASE("condor: max(0, 1 - |dp| - |dc|), or the sides' POPs less one") {
  CHECK_CLOSE(legacy_condor_pop(-0.1801, 0.2198), 0.6001, 1e-15, 0.0);  // §8
  CHECK(legacy_condor_pop(-0.6, 0.5) == 0.0);                           // floored at 0
  // One delta missing: max(0, (1 - 0.2) + 0.75 - 1) = 0.55.
  CHECK_CLOSE(legacy_condor_pop(-0.2, std::nullopt), 0.55, 1e-15, 0.0);
  CHECK_CLOSE(legacy_condor_pop(std::nullopt, 0.0), 0.5, 1e-15, 0.0);  // 0.75 + 0.75 - 1
  CHECK(legacy_condor_pop(-0.9, std::nullopt) == 0.0);                 // 0.1 + 0.75 - 1 < 0
}

TEST_CASE("butterfly table: each piece, its boundaries, and the clamp") {
  // ratio -> table value, by hand from domain-spec §3.7.
  struct Row {
    double ratio, table;
  };
  const Row rows[] = {
      {2.0, 0.70},                // min(0.70, 0.65 + 0.05)
      {1.2, 0.66},                // 0.65 + 0.2·0.05
      {1.0, 0.65},                // boundary: upper piece
      {0.9, 0.55 + 0.15 * 0.4},   // 0.61
      {0.75, 0.55},               // boundary
      {0.6, 0.40 + 0.10 * 0.6},   // 0.46
      {0.5, 0.40},                // boundary
      {0.4, 0.30 + 0.10 * 0.5},   // 0.35
      {0.3, 0.30},                // boundary
      {0.2, 0.30 - 0.10 * 0.25},  // 0.275
      {0.0, 0.25},                // floored
  };
  for (const auto& r : rows) {
    CAPTURE(r.ratio);
    CHECK_CLOSE(legacy_butterfly_table(r.ratio), r.table, 1e-15, 0.0);
  }
  // §8: credit 2.565 on S = 100 with IM 6.63 %: ratio 0.05130 / 0.1326 = 0.38688, table
  // 0.30 + 0.08688·0.5 = 0.34344, clamped to 0.35.
  const double ratio = (2.0 * 2.565 / 100.0) / (2.0 * 0.0663);
  CHECK_CLOSE(legacy_butterfly_table(ratio), 0.30 + (ratio - 0.30) * 0.5, 1e-15, 0.0);
  CHECK(legacy_butterfly_pop(Money::dollars(2.565), Price::dollars(100.0),
                             Percentage::from_pct(6.63)) == 0.35);
  // Unclamped in the middle: credit 6 on S = 100, IM 5 %: ratio 1.2 -> 0.66.
  CHECK_CLOSE(
      legacy_butterfly_pop(Money::dollars(6.0), Price::dollars(100.0), Percentage::from_pct(5.0)),
      0.66, 1e-12, 0.0);
  // The max clamp, and a custom clamp.
  CHECK(legacy_butterfly_pop(Money::dollars(20.0), Price::dollars(100.0), Percentage::from_pct(5.0),
                             {.min = 0.35, .max = 0.60}) == 0.60);
  CHECK(legacy_butterfly_pop(Money::dollars(0.1), Price::dollars(100.0), Percentage::from_pct(5.0),
                             {.min = 0.0, .max = 1.0}) == 0.25);
}

TEST_CASE("legacy POP rejects what the original divided by zero on, with the field named") {
  CHECK_THROWS_WITH_AS((void)legacy_butterfly_pop(Money::dollars(2.0), Price::dollars(100.0),
                                                  Percentage::from_pct(0.0)),
                       "implied move % = 0: must be positive (the butterfly table divides by it)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)legacy_butterfly_pop(Money::dollars(2.0), Price::dollars(0.0),
                                                  Percentage::from_pct(5.0)),
                       "spot = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)legacy_butterfly_pop(Money::dollars(-1.0), Price::dollars(100.0),
                                                  Percentage::from_pct(5.0)),
                       "credit = -1: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)legacy_butterfly_pop(Money::dollars(1.0), Price::dollars(100.0),
                                 Percentage::from_pct(5.0), {.min = 0.5, .max = 1.5}),
      "legacy butterfly pop max = 1.5: must be in [0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)legacy_vertical_pop(1.5), "short delta = 1.5: must be in [-1, 1]",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)legacy_condor_pop(std::nan(""), 0.2),
                       "short delta = nan: must be finite", InvalidInput);
}

}  // namespace
