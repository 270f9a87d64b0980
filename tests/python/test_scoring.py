"""Scoring: the shipped policies by name on the §8 end-to-end case (scores, order, breakdowns,
rationales), the ranking DataFrame, and policies written in Python.

Known answers come from tests/scoring/end_to_end_test.cpp and custom_policy_test.cpp.
"""

import math

import numpy as np
import pytest

import ivcrush as iv

EXIT_NOTE = "EXIT next trading day (spreads: 31% win if held 2+ days)"


def cents_half_away(dollars):
    """Dollars to cents, half away from zero (std::llround), as the verdict rounds."""
    return int(math.copysign(math.floor(abs(dollars) * 100.0 + 0.5), dollars))


def section8_picks(section8, vrp=2.2):
    """tests/scoring/end_to_end_test.cpp build(): the original's picks (vendor deltas, legacy
    sizing POP), with the ATM straddle's implied move; the scoring context to go with them."""
    move = iv.atm_straddle_move(section8.chain, section8.expiry)
    assert move.ok and move.move_pct == pytest.approx(6.63, abs=1e-12)
    picks, messages = iv.build_selected_strategies(
        section8.greeks, section8.expiry, move.move_pct, vrp, delta_source=iv.DeltaSource.vendor,
        sizing_pop=iv.SizingPop.legacy)
    assert messages == []
    context = iv.ScoringContext(section8.chain.spot, move.move_pct, vrp)
    return picks, context


def test_section8_end_to_end_with_ivcrush_greeks(section8):
    # tests/scoring/end_to_end_test.cpp "§8 end-to-end, VRP 2.2, ivcrush's own greeks: same order
    # and recommendation" (79.77828 / 79.68393 / 77.39144, each to 1e-5 there)
    picks, context = section8_picks(section8)
    assert [str(c.kind) for c in picks] == ["iron_condor", "bull_put_spread", "bear_call_spread"]
    ranking = iv.StrategyScorer("iv_crush_default").rank(picks, context)
    assert [t.index for t in ranking.top] == [1, 2, 0]
    assert [t.total for t in ranking.top] == pytest.approx([79.77828, 79.68393, 77.39144], abs=1e-5)
    b = ranking.top[0].breakdown
    assert b["pop"].points == pytest.approx(40.0, abs=1e-12)
    assert b["liquidity"].points == pytest.approx(22.0, abs=1e-12)
    assert b["vrp"].points == pytest.approx(17.0, abs=1e-12)
    assert b["edge"].points == 0.0 and b["profit_zone"].points == 0.0
    assert b["direction"].points == 0.0
    assert b.find("nothing") is None
    # Issue 16 (end_to_end_test.cpp check_no_trade): the BPS's expectation under the legacy POP,
    # 0.8199 x max profit - 0.1801 x max loss, is negative, so the verdict is no trade.
    best = picks[ranking.top[0].index]
    assert best.pop_legacy == pytest.approx(0.8199, abs=1e-12)
    cents = cents_half_away(0.8199 * best.max_profit - 0.1801 * best.max_loss)
    assert cents < 0
    assert ranking.verdict == "no_trade" and ranking.no_trade_reason == "non_positive_expectation"
    assert ranking.recommendation == (
        "No trade: Bull Put Spread ranks first, but its expected P/L under the legacy probability "
        f"is -${-cents // 100}.{-cents % 100:02d} per unit (a trade needs at least $0.01)")
    assert ranking.top[0].rationale == "✓ High liquidity, Excellent VRP edge, high POP, " + EXIT_NOTE
    assert ranking.top[1].rationale == "✓ High liquidity, Excellent VRP edge, high POP, " + EXIT_NOTE
    assert ranking.top[2].rationale == "✓ High liquidity, Excellent VRP edge, wide profit zone"
    assert ranking.scored == 3 and ranking.best.index == 1


def test_ranking_frame(section8):
    picks, context = section8_picks(section8)
    ranking = iv.StrategyScorer("iv_crush_default").rank(picks, context)
    frame = ranking.to_frame(picks)
    assert list(frame["rank"]) == [1, 2, 3]
    assert list(frame["index"]) == [1, 2, 0]
    assert list(frame["score"]) == [t.total for t in ranking.top]
    assert list(frame["legs"]) == ["sell 93P / buy 88P", "sell 107C / buy 112C",
                                   "sell 93P / buy 88P / sell 107C / buy 112C"]
    for name in ["pop", "liquidity", "vrp", "edge", "greeks", "size", "profit_zone", "direction"]:
        assert list(frame[name + "_points"]) == [t.breakdown[name].points for t in ranking.top]
    assert list(frame["rationale"]) == [t.rationale for t in ranking.top]
    assert list(frame["reward_risk"]) == [picks[t.index].reward_risk_ratio for t in ranking.top]
    assert frame.columns[-1] == "rationale"
    alone = ranking.to_frame()
    assert list(alone.columns[:3]) == ["rank", "index", "score"]


def test_every_shipped_policy_by_name(section8):
    names = iv.scoring_policy_names()
    assert names == ["iv_crush_default", "iv_crush_model", "iv_crush_empirical", "expected_value",
                     "conservative", "aggressive"]
    candidates = iv.generate_candidates(section8.greeks, section8.expiry, 6.63, 2.2).candidates
    context = iv.ScoringContext(100.0, 6.63, 2.2)
    for name in names:
        scorer = iv.StrategyScorer(name, top_n=5)
        ranking = scorer.rank(candidates, context)
        assert len(ranking.top) == 5 and ranking.scored == len(candidates)
        totals = [t.total for t in ranking.top]
        assert totals == sorted(totals, reverse=True)
        # The ranking agrees with scoring every candidate one by one (stable, best first).
        each = [scorer.score(c, context).total for c in candidates]
        expected = sorted(range(len(each)), key=lambda i: -each[i])[:5]
        assert [t.index for t in ranking.top] == expected
    # The original's name normalization: case, '-' and ' ' do not matter.
    assert iv.make_scoring_policy("IV-Crush Default").name == "iv_crush_default"
    with pytest.raises(iv.InvalidInput) as e:
        iv.make_scoring_policy("nope")
    assert str(e.value) == ("scoring policy = 'nope': unknown; known policies: iv_crush_default, "
                            "iv_crush_model, iv_crush_empirical, expected_value, conservative, "
                            "aggressive")


def test_scorer_and_context_errors():
    with pytest.raises(iv.InvalidInput) as e:
        iv.StrategyScorer("iv_crush_default", top_n=0)
    assert str(e.value) == "top_n = 0: must be at least 1"
    with pytest.raises(iv.InvalidInput) as e:
        iv.ScoringContext(0.0, 6.63, 2.2)
    assert str(e.value) == "spot = 0: must be positive"
    with pytest.raises(TypeError):
        iv.StrategyScorer(42)


class Delegating:
    """A Python policy that asks a shipped C++ policy: the ranking must be the C++ one."""

    def __init__(self, name):
        self.inner = iv.make_scoring_policy(name)

    def score(self, candidate, context):
        return self.inner.score(candidate, context)

    def rationale_options(self):
        return self.inner.rationale_options()


def test_python_policy_ranks_like_the_cpp_policy(section8):
    candidates = iv.generate_candidates(section8.greeks, section8.expiry, 6.63, 2.2).candidates
    context = iv.ScoringContext(100.0, 6.63, 2.2)
    cpp = iv.StrategyScorer("iv_crush_model", top_n=10).rank(candidates, context)
    scorer = iv.StrategyScorer(Delegating("iv_crush_model"), top_n=10)
    assert scorer.python_policy and scorer.policy.name == "python:Delegating"
    py = scorer.rank(candidates, context)
    assert [t.index for t in py.top] == [t.index for t in cpp.top]
    assert [t.total for t in py.top] == [t.total for t in cpp.top]
    assert [t.rationale for t in py.top] == [t.rationale for t in cpp.top]
    assert py.recommendation == cpp.recommendation


class ThetaPerRisk:
    """docs/scoring.md's ten-line C++ policy (tests/scoring/custom_policy_test.cpp), in Python:
    theta earned per dollar at risk; trades the chain cannot fill score 0."""

    def score(self, c, context):
        theta = c.greeks.theta_per_calendar_day if c.greeks else 0.0
        risk = c.max_loss
        points = 0.0 if c.liquidity == iv.LiquidityTier.reject else \
            min(max(1000.0 * theta / risk, 0.0), 100.0)
        b = iv.ScoreBreakdown()
        b.add("theta_per_risk", points, 1.0, "theta ${:.2f}/day on ${:.0f} at risk", [theta, risk])
        b.set_total(points)
        return b


def test_a_policy_written_in_python(section8):
    candidates = iv.generate_candidates(section8.greeks, section8.expiry, 6.63, 2.2).candidates
    context = iv.ScoringContext(100.0, 6.63, 2.2)
    ranking = iv.StrategyScorer(ThetaPerRisk(), top_n=3).rank(candidates, context)
    # Independent: the formula over the candidates' own fields, a stable sort, best first.
    points = []
    for c in candidates:
        theta = c.greeks.theta_per_calendar_day
        points.append(min(max(1000.0 * theta / c.max_loss, 0.0), 100.0))
    order = sorted(range(len(points)), key=lambda i: -points[i])[:3]
    assert [t.index for t in ranking.top] == order
    assert [t.total for t in ranking.top] == [points[i] for i in order]
    best = candidates[order[0]]
    assert ranking.top[0].breakdown["theta_per_risk"].reason == \
        f"theta ${best.greeks.theta_per_calendar_day:.2f}/day on ${best.max_loss:.0f} at risk"
    # Without rationale_options() the original's thresholds and the model POP are quoted.
    assert ranking.recommendation.startswith(str(best.kind).replace("_", " ").title())


def test_python_policy_may_return_a_number_and_errors_propagate(section8):
    candidates = iv.generate_candidates(section8.greeks, section8.expiry, 6.63, 2.2).candidates
    context = iv.ScoringContext(100.0, 6.63, 2.2)

    class ByCredit:
        def score(self, c, context):
            return min(100.0, 100.0 * c.net_credit_per_share)

    r = iv.StrategyScorer(ByCredit(), top_n=1).rank(candidates, context)
    # Many candidates score 100: the tie rule (docs/scoring.md) lists first the best expected P/L
    # per dollar of max loss under the policy's probability (a Python policy without
    # rationale_options: the model's), then the smaller max loss.
    scores = [min(100.0, 100.0 * c.net_credit_per_share) for c in candidates]
    tied = [i for i, s in enumerate(scores) if s == max(scores)]
    assert len(tied) > 1
    best = max(tied, key=lambda i: (candidates[i].expected_pnl_model / candidates[i].max_loss,
                                    -candidates[i].max_loss))
    assert r.top[0].index == best and r.top[0].breakdown["python"].weight == 1.0

    class Broken:
        def score(self, c, context):
            raise RuntimeError("policy bug")

    with pytest.raises(RuntimeError, match="policy bug"):
        iv.StrategyScorer(Broken()).rank(candidates, context)

    class OutOfRange:
        def score(self, c, context):
            return 150.0

    with pytest.raises(iv.InvalidInput) as e:
        iv.StrategyScorer(OutOfRange()).rank(candidates, context)
    assert str(e.value) == "score total = 150: must be finite and within [0, 100]"


def test_score_breakdown_from_python():
    b = iv.ScoreBreakdown()
    b.add("pop", 40.0, 0.40, "legacy POP {:.3f} vs target {:.2f}", [0.75, 0.65])
    b.add("profit_zone", -4.2, 0.0, "zone/range {:.3f}: x{:.4f}", [0.55, 0.85])
    b.set_total(35.8)
    assert b.total == 35.8 and b.sum_of_points() == pytest.approx(35.8)
    assert b["pop"].reason == "legacy POP 0.750 vs target 0.65"
    assert b.to_dict() == {"pop": 40.0, "profit_zone": -4.2}
    assert b.describe().splitlines()[0] == "total 35.80"
    with pytest.raises(iv.InvalidInput) as e:
        b.set_total(101.0)
    assert str(e.value) == "score total = 101: must be finite and within [0, 100]"
    with pytest.raises(iv.InvalidInput):
        b.add("bad", 1.0, 0.0, "{:.2f} {", [1.0])
    full = iv.ScoreBreakdown()
    for i in range(10):
        full.add(f"c{i}", 1.0)
    with pytest.raises(iv.InvalidInput) as e:
        full.add("eleventh", 1.0)
    assert str(e.value) == "score components = 11: at most 10"
    with pytest.raises(KeyError):
        b["missing"]


def test_python_policy_is_called_once_per_candidate(section8):
    """What a Python policy costs is one Python call per candidate, under the GIL (docs/python.md;
    the per-candidate figures are measured by benchmarks/python_bench.py, not here). Checked by
    counting, which no load can disturb: a ranking calls score() exactly once per candidate, and
    a delegating policy ranks exactly like the C++ one it calls."""
    base = iv.generate_candidates(section8.greeks, section8.expiry, 6.63, 2.2).candidates
    candidates = iv.CandidateList(list(base) * 15)  # about 2,000 candidates
    context = iv.ScoringContext(100.0, 6.63, 2.2)

    class Counting(Delegating):
        calls = 0

        def score(self, candidate, context):
            Counting.calls += 1
            return super().score(candidate, context)

    policy = Counting("iv_crush_default")
    python = iv.StrategyScorer(policy).rank(candidates, context)
    assert Counting.calls == len(candidates) == 15 * len(base)
    cpp = iv.StrategyScorer("iv_crush_default").rank(candidates, context)
    assert [t.index for t in python.top] == [t.index for t in cpp.top]
    assert [t.total for t in python.top] == [t.total for t in cpp.top]
    Counting.calls = 0
    iv.StrategyScorer(policy).rank(candidates, context)
    assert Counting.calls == len(candidates)
