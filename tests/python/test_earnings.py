"""Earnings analytics: historical moves, implied move, VRP, consistency, skew, term structure and
liquidity, with the C++ tests' known answers (each test names its source in tests/earnings/).
"""

import datetime as dt
import math

import numpy as np
import pytest

import ivcrush as iv

UTC = dt.timezone.utc
AS_OF = dt.datetime(2024, 5, 10, 20, 0, tzinfo=UTC)  # tests/chain/chain_fixtures.hpp


def jpm_bars(timing="BMO"):
    """tests/earnings/historical_moves_test.cpp jpm_2024_04_12(): data/earnings_moves.csv."""
    day = dt.date(2024, 4, 12)
    bar = iv.DailyBar(day, 182.282832, 182.873262, 176.688114, 176.930099, volume=31532300)
    return iv.AnnouncementBars(iv.EarningsEvent("JPM", day, timing), 189.164871, bar,
                               previous_volume=10137700)


def test_jpm_before_open_reacts_on_the_announcement_day():
    # tests/earnings/historical_moves_test.cpp "historical moves: JPM 2024-04-12 before open
    # reacts on the announcement day"
    m = iv.measure_move(jpm_bars())
    assert m.ok and m.reason() == ""
    mv = m.move
    assert mv.reaction_timing == iv.EarningsTiming.before_open and not mv.timing_inferred
    assert mv.reference_close == 189.164871
    assert mv.reaction_date == dt.date(2024, 4, 12)
    assert mv.close_move_pct == pytest.approx(-12.234772 / 189.164871 * 100.0, abs=1e-9)
    assert mv.gap_move_pct == pytest.approx(-3.638117, abs=1e-6)
    assert mv.intraday_range_pct == pytest.approx(3.269713, abs=1e-6)
    assert mv.magnitude_pct(iv.MoveMetric.close) == -mv.close_move_pct
    assert mv.volume_ratio == pytest.approx(31532300.0 / 10137700.0, abs=1e-15)


def test_after_close_without_the_next_session_is_a_status():
    # tests/earnings/historical_moves_test.cpp "historical moves: NVDA 2024-05-22 after close
    # without the next session is unusable"
    day = dt.date(2024, 5, 22)
    bars = iv.AnnouncementBars(iv.EarningsEvent("NVDA", day, "AMC"), 95.342667,
                               iv.DailyBar(day, 95.415632, 95.976374, 93.206637, 94.90686),
                               previous_volume=328946000)
    m = iv.measure_move(bars)
    assert not m.ok and m.move is None
    assert m.status == iv.MoveStatus.missing_reaction_bar
    assert m.reason() == ("NVDA 2024-05-22 AMC: the announcement-day bar is the session before the "
                          "news; the reaction needs the next session's bar")


def test_jpm_last_twelve_reactions_from_the_bundled_file(data_dir):
    # tests/earnings/historical_moves_test.cpp "historical moves: JPM's last 12 reactions match the
    # file and average 2.8054 %" (read here through the CSV reader).
    reactions, rejects = iv.read_earnings_reactions(str(data_dir / "earnings_reactions.csv"))
    assert rejects == []
    jpm = [r for r in reactions if r.event.symbol == "JPM"
           and dt.date(2023, 1, 1) <= r.event.date <= dt.date(2025, 10, 14)]
    moves = iv.historical_moves(jpm)
    assert len(moves) == 12
    assert iv.mean_magnitude_pct(moves) == pytest.approx(2.80535917, abs=1e-6)
    signed = sum(m.close_move_pct for m in moves) / 12
    assert signed == pytest.approx(0.9605307, abs=1e-6)
    frame = iv.moves_frame(moves)
    assert list(frame["close_move_pct"].round(6))[5] == -6.467782
    assert (frame["symbol"] == "JPM").all()


def test_reader_errors(tmp_path):
    with pytest.raises(iv.InvalidInput) as e:
        iv.read_earnings_reactions(str(tmp_path / "missing.csv"))
    assert e.value.code == "unreadable"


def test_vrp_im_12_on_moves_4_5_6_9():
    # tests/earnings/vrp_test.cpp "vrp §8: IM 12 on moves 4 5 6 9"
    v = iv.analyze_vrp(12.0, [4, 5, 6, 9])
    assert v.ok and v.status == iv.VrpStatus.ok
    s = v.statistics
    assert s.mean_pct == pytest.approx(6.0, abs=1e-9)
    assert v.vrp_ratio == pytest.approx(2.0, abs=1e-9)
    assert v.recommendation == iv.Recommendation.excellent
    assert s.median_pct == pytest.approx(5.5, abs=1e-9)
    assert s.mad_pct == pytest.approx(1.0, abs=1e-9)
    assert s.mad_to_median_ratio == pytest.approx(0.181818, abs=1e-6)
    assert v.edge_score == pytest.approx(1.6923077, abs=1e-6)
    assert s.std_dev_pct == pytest.approx(1.8708287, abs=1e-6)
    assert s.cv_ratio == pytest.approx(0.3118048, abs=1e-6)
    assert s.tail_risk_ratio == pytest.approx(1.5, abs=1e-9)
    assert s.tail_risk_level == iv.TailRiskLevel.normal
    assert v.median_vrp_ratio == pytest.approx(12.0 / 5.5, abs=1e-9)
    # Signs are dropped: the same history with mixed signs gives the same answer.
    assert iv.analyze_vrp(12.0, np.array([-4.0, 5.0, -6.0, 9.0])).vrp_ratio == v.vrp_ratio


def test_vrp_statuses_profiles_and_errors():
    # tests/earnings/vrp_test.cpp "vrp §8: IM 10 on moves 5 5 5 5 under LEGACY and BALANCED" and
    # "vrp: bad arguments are rejected with the field and value"
    assert iv.analyze_vrp(10.0, [5, 5, 5, 5], thresholds="LEGACY").recommendation == \
        iv.Recommendation.marginal
    assert iv.analyze_vrp(10.0, [5, 5, 5, 5]).recommendation == iv.Recommendation.excellent
    thin = iv.analyze_vrp(10.0, [5, 5])
    assert thin.status == iv.VrpStatus.insufficient_history
    assert thin.reason() == "need 4+ historical moves, got 2"
    with pytest.raises(iv.InvalidInput) as e:
        iv.analyze_vrp(-5.0, [4, 5, 6, 7])
    assert str(e.value) == "implied move = -5%: must not be negative"
    with pytest.raises(iv.InvalidInput) as e:
        iv.analyze_vrp(5.0, [4, 5, 6, 7], min_history=0)
    assert str(e.value) == "min history = 0: must be at least 1"
    t = iv.VrpThresholds.of("conservative")
    assert (t.excellent_ratio, t.good_ratio, t.marginal_ratio) == (2.0, 1.5, 1.2)


def test_vrp_over_historical_moves_with_a_metric():
    moves = [iv.measure_move(jpm_bars()).move] * 4
    v = iv.analyze_vrp(13.0, moves, metric=iv.MoveMetric.close)
    assert v.statistics.mean_pct == pytest.approx(6.467782, abs=1e-6)
    gap = iv.analyze_vrp(13.0, moves, metric=iv.MoveMetric.gap)
    assert gap.statistics.mean_pct == pytest.approx(3.638117, abs=1e-6)


def test_consistency_8_8_8_8_4_4_4_4():
    # tests/earnings/consistency_test.cpp "consistency §8: moves 8 8 8 8 4 4 4 4"
    c = iv.analyze_consistency([8, 8, 8, 8, 4, 4, 4, 4])
    assert c.ok and c.sample_size == 8
    assert c.weighted_mean_pct == pytest.approx(6.6281101, abs=1e-6)
    assert c.std_dev_pct == pytest.approx(2.2410514, abs=1e-6)
    assert c.consistency_score == pytest.approx(66.188682, abs=1e-6)
    assert c.trend_slope_pct_per_quarter == pytest.approx(0.7619048, abs=1e-6)
    assert c.trend == iv.MoveTrend.increasing
    assert c.trustworthiness_ratio == pytest.approx(0.3088805, abs=1e-6)
    assert c.recent_bias_pct == pytest.approx(20.698055, abs=1e-6)
    hand = (8.0 * 3.186625 + 4.0 * 1.66343816640625) / (3.186625 + 1.66343816640625)
    assert c.weighted_mean_pct == pytest.approx(hand, abs=1e-12)
    b = iv.basic_consistency([8, 8, 8, 8, 4, 4, 4, 4])
    assert b.median_pct == pytest.approx(6.0) and b.mad_pct == pytest.approx(2.0)
    assert b.consistency_ratio == pytest.approx(1 - 2 / 6)
    assert iv.basic_consistency([]) is None


def leg_chain(spot, legs):
    """tests/earnings/implied_move_test.cpp chain_of(): (strike, right, bid, ask, vendor_iv)."""
    k, r, bid, ask, vendor = map(list, zip(*legs))
    return iv.chain_from_arrays("TEST", AS_OF, spot, [dt.date(2024, 5, 17)] * len(legs), k, r,
                                bid, ask, open_interest=[500] * len(legs),
                                vendor_iv=[np.nan if v is None else v for v in vendor]).chain


def test_implied_move_atm_straddle():
    # tests/earnings/implied_move_test.cpp "implied move §8: ATM 100, legs 2.50/2.60 -> straddle
    # 5.10, 5.10 %, 105.10 / 94.90"
    chain = leg_chain(100.0, [(100, "C", 2.50, 2.60, None), (100, "P", 2.50, 2.60, None)])
    m = iv.atm_straddle_move(chain, dt.date(2024, 5, 17))
    assert m.ok and m.method == iv.ImpliedMoveMethod.atm_straddle
    assert m.atm_strike == 100.0
    assert m.straddle == pytest.approx(5.10, abs=1e-12)
    assert m.move_pct == pytest.approx(5.10, abs=1e-6)
    assert m.upper_bound == pytest.approx(105.10, abs=1e-9)
    assert m.lower_bound == pytest.approx(94.90, abs=1e-9)
    assert m.avg_iv is None
    expected = iv.expected_move(chain, dt.date(2024, 5, 17))
    assert expected.move_pct == pytest.approx(0.85 * 5.10, abs=1e-9)
    missing = iv.atm_straddle_move(chain, dt.date(2024, 5, 24))
    assert missing.status == iv.ImpliedMoveStatus.no_expiration and not missing.ok


def test_implied_move_interpolated():
    # tests/earnings/implied_move_test.cpp "implied move §8: interpolated at S = 152.5 (w 0.5)" and
    # "the standard calculator on the S = 152.5 chain ties up to 155"
    legs = [(150, "C", 5.0, 5.5, 0.28), (150, "P", 5.0, 5.5, 0.30), (155, "C", 4.0, 4.5, 0.32),
            (155, "P", 4.0, 4.5, 0.34)]
    chain = leg_chain(152.5, legs)
    m = iv.interpolated_straddle_move(chain, dt.date(2024, 5, 17), ivs="vendor")
    assert m.ok and m.bracket == iv.StraddleBracket.interpolated
    assert m.upper_weight == pytest.approx(0.5, abs=1e-12)
    assert m.straddle == pytest.approx(9.50, abs=1e-9)
    assert m.move_pct == pytest.approx(6.2295082, abs=1e-6)
    assert m.avg_iv * 100 == pytest.approx(31.0, abs=1e-9)
    assert (m.atm_strike, m.upper_strike) == (150.0, 155.0)
    atm = iv.atm_straddle_move(chain, dt.date(2024, 5, 17), ivs="vendor")
    assert atm.atm_strike == 155.0
    assert atm.move_pct == pytest.approx(5.5737705, abs=1e-6)
    assert atm.call_iv * 100 == pytest.approx(32.0, abs=1e-9)
    with pytest.raises(iv.InvalidInput) as e:
        iv.atm_straddle_move(chain, dt.date(2024, 5, 17), ivs="ours")
    assert e.value.code == "malformed"


def skew_chain(vendor):
    """tests/earnings/skew_test.cpp: IV(call) = 30 + 100 m², IV(put) = 32 - 60 m + 200 m² (points),
    strikes 85..115 step 3, as vendor IVs (vendor=True) or baked into BSM prices at r = 3 %."""
    strikes = np.arange(85.0, 115.0 + 1e-9, 3.0)
    m = (strikes - 100.0) / 100.0
    call_iv = (30.0 + 100.0 * m * m) / 100.0
    put_iv = (32.0 - 60.0 * m + 200.0 * m * m) / 100.0
    k = np.repeat(strikes, 2)
    right = np.tile(["C", "P"], len(strikes))
    sigma = np.column_stack([call_iv, put_iv]).ravel()
    expiry = dt.date(2024, 6, 21)
    if vendor:
        bid, ask, vendor_iv = np.full(len(k), 1.00), np.full(len(k), 1.05), sigma
    else:
        price = iv.bsm_price(right, 100.0, k, 42 / 365, sigma, 0.03)
        bid, ask, vendor_iv = price, price, None
    return iv.chain_from_arrays("TEST", AS_OF, 100.0, [expiry] * len(k), k, right, bid, ask,
                                open_interest=np.full(len(k), 500), vendor_iv=vendor_iv).chain


def test_skew_section8():
    # tests/earnings/skew_test.cpp "skew §8: 2 - 60m + 100m² from strikes 85..115 -> weak bearish
    # smile" (vendor IVs) and "skew: our computed IVs are the default source"
    s = iv.analyze_skew(skew_chain(vendor=True), dt.date(2024, 6, 21))
    assert s.ok and s.num_points == 10
    assert s.skew_atm_points == pytest.approx(2.0, abs=1e-9)
    assert s.curvature_points == pytest.approx(200.0, abs=1e-7)
    assert s.slope_atm_points == pytest.approx(-60.0, abs=1e-8)
    assert s.r_squared == pytest.approx(1.0, abs=1e-12)
    assert s.shape == iv.SmileShape.smile
    assert s.bias == iv.DirectionalBias.weak_bearish
    assert s.bias_confidence == pytest.approx(0.4, abs=1e-9)
    points = s.points_frame()
    assert (points["strike"].iloc[0], points["strike"].iloc[-1]) == (85.0, 115.0)
    chain = skew_chain(vendor=False)
    ours = iv.analyze_skew(iv.ChainGreeks(chain, rate=0.03), dt.date(2024, 6, 21))
    assert ours.ok and ours.num_points == 10
    assert ours.slope_atm_points == pytest.approx(-60.0, abs=1e-6)
    assert iv.analyze_skew(chain, dt.date(2024, 6, 21)).status == iv.SkewStatus.insufficient_points


def event_chain(base, event_sigma):
    """tests/earnings/term_structure_test.cpp event_spec(): w(T) = base² T + event² on expirations
    3, 10 and 17 days out, strikes 90..110 step 5, r = 4 %, q = 1 %."""
    rows = []
    for days in (3, 10, 17):
        t = days / 365.0
        sigma = math.sqrt((base * base * t + event_sigma * event_sigma) / t)
        for k in (90.0, 95.0, 100.0, 105.0, 110.0):
            for right in ("C", "P"):
                rows.append((dt.date(2024, 5, 10) + dt.timedelta(days=days), k, right, t, sigma))
    e, k, r, t, s = map(list, zip(*rows))
    price = iv.bsm_price(r, 100.0, k, t, s, 0.04, 0.01)
    return iv.chain_from_arrays("TEST", AS_OF, 100.0, e, k, r, price, price,
                                open_interest=[500] * len(rows)).chain


def test_term_structure_and_event_move():
    # tests/earnings/term_structure_test.cpp "term structure: ATM IVs, total variances and forwards
    # of a generated chain" and "the event move recovers a 6 % one-day σ over a 30 % base"
    chain = event_chain(0.30, 0.06)
    g = iv.ChainGreeks(chain, rate=0.04, dividend_yield=0.01)
    ts = iv.analyze_term_structure(g)
    points = ts.points_frame()
    assert list(points["atm_strike"]) == [100.0] * 3
    t = points["time_years"].to_numpy()
    assert np.allclose(points["total_variance"], 0.09 * t + 0.0036, atol=1e-12, rtol=0)
    forwards = ts.forwards_frame()
    assert list(forwards["status"]) == ["ok", "ok"]
    assert np.allclose(forwards["variance_per_year"], 0.09, atol=1e-8, rtol=0)
    assert ts.shape == iv.TermShape.backwardation and not ts.has_calendar_arbitrage
    event = iv.EarningsEvent("TEST", dt.date(2024, 5, 13), "BMO")
    for base in (iv.BaseVarianceSource.next_expiration, iv.BaseVarianceSource.later_expirations):
        em = iv.implied_event_move(g, event, base=base)
        assert em.ok and em.event_expiration == dt.date(2024, 5, 13)
        assert em.base_volatility == pytest.approx(0.30, abs=1e-8)
        assert em.event_total_variance == pytest.approx(0.0036, abs=1e-11)
        assert em.event_sigma_pct == pytest.approx(6.0, abs=1e-7)
        assert em.expected_absolute_move_pct == pytest.approx(
            6.0 * math.sqrt(2.0 / math.pi), abs=1e-7)
    assert iv.implied_event_move(ts, dt.date(2024, 5, 13)).event_sigma_pct == \
        pytest.approx(6.0, abs=1e-7)
    # tests/earnings/term_structure_test.cpp "an event day replacing a day of diffusion"
    with pytest.raises(iv.InvalidInput) as e:
        iv.implied_event_move(g, event, event_day_diffusion_removed_years=8.0 / 365.0)
    assert str(e.value) == ("event day diffusion removed (years) = 0.021917808219178082: must be at "
                            "most 7 days")


def test_liquidity_domain_three_tier():
    # tests/earnings/liquidity_test.cpp "liquidity §8: domain 3-tier with production thresholds"
    def tier(oi, spread, volume):
        return iv.assess_liquidity(open_interest=oi, volume=volume, spread_pct=spread,
                                   thresholds="domain_three_tier")

    assert tier(200, 12.0, 10).tier == iv.LiquidityTier.excellent
    assert tier(200, 12.0, 10).reasons == []
    w = tier(10, 25.0, 0)
    assert w.tier == iv.LiquidityTier.warning and w.is_tradeable and w.has_warnings
    assert w.reasons == ["OI 10 < 50", "Spread 25.0% > 18.0%"]
    r = tier(9, 5.0, 0)
    assert r.tier == iv.LiquidityTier.reject and r.reasons == ["OI 9 < 10"]
    assert tier(150, 15.0, 10).tier == iv.LiquidityTier.warning  # never GOOD on three tiers


def test_liquidity_unknown_open_interest():
    # tests/earnings/liquidity_test.cpp "liquidity: unknown, zero and positive open interest
    # under both policies" (scorer preset: OI < 50 rejects)
    def tier(oi, unknown_oi):
        return iv.assess_liquidity(open_interest=oi, volume=0, spread_pct=5.0,
                                   unknown_oi=unknown_oi)

    unknown = tier(None, "acceptable")
    assert unknown.tier == iv.LiquidityTier.unknown and unknown.is_tradeable
    assert not unknown.open_interest_known
    assert unknown.reasons == ["OI unknown (no open interest in the data)"]
    zero = tier(None, iv.LiquidityPolicy.unknown_is_zero)
    assert zero.tier == iv.LiquidityTier.reject
    assert zero.reasons == ["OI unknown, counted as 0 < 50"]
    for p in ("acceptable", "zero"):
        assert tier(0, p).tier == iv.LiquidityTier.reject  # a known zero
        assert tier(500, p).tier == iv.LiquidityTier.excellent
    with pytest.raises(iv.InvalidInput, match="unknown_oi = 'none': must be acceptable or zero"):
        tier(None, "none")


@pytest.mark.parametrize(
    "bid,ask,oi,volume,spread,oi_score,volume_score,spread_score,overall,tier,liquid",
    [
        # tests/earnings/liquidity_test.cpp "liquidity §8: LiquidityScorer table (class defaults)"
        (2.0, 2.1, 500, 100, 4.8780, 100, 80, 100, 93.6842, "excellent", True),
        (2.0, 2.3, 150, 20, 13.9535, 90, 56, 75.4919, 75.4452, "good", True),
        (1.0, 1.25, 60, 0, 22.2222, 66.667, 50, 56.4103, 58.7045, "warning", True),
        (2.0, 2.1, 40, 100, 4.8780, 60, 80, 100, 76.8421, "reject", True),
        (1.0, 1.3, 300, 50, 26.0870, 100, 65, 47.8261, 75.2174, "reject", False),
    ],
)
def test_liquidity_scorer_table(bid, ask, oi, volume, spread, oi_score, volume_score, spread_score,
                                overall, tier, liquid):
    q = iv.OptionQuote(bid, ask, open_interest=oi, volume=volume)
    s = iv.score_liquidity(q)
    assert s.spread_pct == pytest.approx(spread, abs=5e-5)
    assert s.open_interest_score == pytest.approx(oi_score, abs=5e-4)
    assert s.volume_score == pytest.approx(volume_score, abs=5e-5)
    assert s.spread_score == pytest.approx(spread_score, abs=5e-5)
    assert s.overall == pytest.approx(overall, abs=5e-5)
    assert s.meets_minimums == liquid and s.depth_score is None
    assert iv.assess_liquidity(q).tier == getattr(iv.LiquidityTier, tier)


def test_liquidity_score_unknown_open_interest_is_absent_not_zero():
    # tests/earnings/liquidity_test.cpp "liquidity score: unknown open interest or volume is
    # absent, not zero": (0.30 x 80 + 0.25 x 100) / 0.55
    s = iv.score_liquidity(iv.OptionQuote(2.0, 2.1, open_interest=None, volume=100))
    assert s.open_interest_score is None and s.meets_minimums is None
    assert s.overall == pytest.approx((0.30 * 80 + 0.25 * 100) / 0.55, abs=1e-12)
    wide = iv.score_liquidity(iv.OptionQuote(1.0, 1.3, open_interest=None, volume=50))
    assert wide.meets_minimums is False


def test_liquidity_production_anchors():
    # tests/earnings/liquidity_test.cpp "liquidity §8: the first three rows with from_config() give
    # 100.0 / 89.34 / 68.1781"
    def score(bid, ask, oi, volume):
        q = iv.OptionQuote(bid, ask, open_interest=oi, volume=volume)
        return iv.score_liquidity(q, anchors="production").overall

    assert score(2.0, 2.1, 500, 100) == pytest.approx(100.0, abs=5e-2)
    assert score(2.0, 2.3, 150, 20) == pytest.approx(89.34, abs=5e-3)
    assert score(1.0, 1.25, 60, 0) == pytest.approx(68.1781, abs=5e-5)


def test_events_pickle_and_compare():
    import pickle

    e = iv.EarningsEvent("CIEN", "2025-12-11", "BMO")
    assert pickle.loads(pickle.dumps(e)) == e
    assert e.timing == iv.EarningsTiming.before_open and e.date == dt.date(2025, 12, 11)
    with pytest.raises(iv.InvalidInput):
        iv.EarningsEvent("CIEN", "2025-12-11", "bmo")
