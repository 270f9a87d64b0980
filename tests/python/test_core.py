"""Value types: the C++ arithmetic, comparisons and error messages, seen from Python.

Known answers come from the C++ tests named in each test's comment (tests/core/*.cpp).
"""

import datetime as dt
import math
import pickle

import pytest

import ivcrush as iv


def raises_invalid(message, code=None):
    """pytest.raises for ivcrush.InvalidInput with exactly C++'s message."""
    return pytest.raises(iv.InvalidInput, match="^" + _escape(message) + "$")


def _escape(text):
    import re

    return re.escape(text)


def test_money_arithmetic():
    # tests/core/money_test.cpp "money arithmetic is exact where the representation is"
    credit = iv.Money(1.25)
    fee = iv.Money.cents(65)
    assert math.isclose((credit - fee).dollars(), 0.60, abs_tol=1e-15)
    assert (credit + credit).dollars() == 2.5
    assert (-credit).dollars() == -1.25
    assert (credit * 4).dollars() == 5.0
    assert (4 * credit).dollars() == 5.0
    assert (credit / 5).dollars() == 0.25
    assert credit / iv.Money(0.5) == 2.5  # Money / Money -> float
    assert (credit * iv.Percentage.from_pct(50.0)).dollars() == 0.625
    assert (iv.Percentage.from_pct(50.0) * credit).dollars() == 0.625
    total = iv.Money.zero()
    total += credit
    total -= iv.Money.cents(25)
    assert total.dollars() == 1.0
    assert abs(iv.Money(-3)) == iv.Money(3)


def test_money_orders_and_formats():
    # tests/core/money_test.cpp "money orders and compares by amount"; io/format.hpp synopsis.
    assert iv.Money(-1) < iv.Money.zero()
    assert iv.Money.cents(100) == iv.Money(1)
    assert iv.Money(2) > iv.Money(1.99)
    assert str(iv.Money(1234.5)) == "$1,234.50"
    assert str(iv.Money(-0.05)) == "-$0.05"
    assert hash(iv.Money.cents(100)) == hash(iv.Money(1))


def test_money_rejects_non_finite_with_the_cpp_message():
    # tests/core/money_test.cpp "money rejects non-finite amounts and names the value"
    with raises_invalid("money = nan: must be finite"):
        iv.Money(float("nan"))
    with raises_invalid("money = inf: must be finite"):
        iv.Money(float("inf"))
    with raises_invalid("money = -inf: must be finite"):
        iv.Money(float("-inf"))
    try:
        iv.Money(float("nan"))
    except iv.InvalidInput as e:
        assert e.code == "not_finite"
        assert isinstance(e, ValueError)


@pytest.mark.parametrize(
    "expression",
    [
        "iv.Money(1) + iv.Percentage.from_pct(5)",  # an amount plus a ratio
        "iv.Money(1) + 1.0",  # no double -> Money conversion
        "iv.Money(1) * iv.Money(2)",
        "iv.Price(1) + iv.Price(2)",  # levels do not add
        "iv.Strike(100) + iv.Strike(105)",
        "iv.Percentage.from_pct(5) + 5.0",
        "iv.Volatility.from_fraction(0.2) + iv.Volatility.from_fraction(0.3)",
        "iv.Price(100) - iv.Percentage.from_pct(1)",
    ],
)
def test_combinations_cpp_rejects_raise_type_error(expression):
    # The combinations money.hpp / price.hpp / strike.hpp say do not exist (compile errors in C++).
    with pytest.raises(TypeError):
        eval(expression)


def test_price_is_a_level():
    # price.hpp synopsis; tests/core/price_strike_test.cpp "price is a level"
    spot = iv.Price(182.47)
    move = iv.Price(190.0) - spot
    assert isinstance(move, iv.Money)
    assert math.isclose(move.dollars(), 7.53, abs_tol=1e-12)
    up = spot + iv.Money(5.0)
    assert isinstance(up, iv.Price) and math.isclose(up.dollars(), 187.47, abs_tol=1e-12)
    assert isinstance(iv.Money(5.0) + spot, iv.Price)
    assert (spot - iv.Money(2.47)).dollars() == pytest.approx(180.0, abs=1e-12)
    assert iv.Price(200) / iv.Price(100) == 2.0
    assert str(spot) == "$182.47"


def test_price_errors():
    # tests/core/price_strike_test.cpp "price rejects negative and non-finite levels"
    with raises_invalid("price = -1.5: must not be negative"):
        iv.Price(-1.5)


def test_strikes_are_exact_keys():
    # tests/core/price_strike_test.cpp "strikes parsed from text and built from doubles ..."
    texts = ["182.5", "100", "92.14", "0.5", "2.125", "1050", "12.345", "7.0"]
    values = [182.5, 100.0, 92.14, 0.5, 2.125, 1050.0, 12.345, 7.0]
    for text, value in zip(texts, values):
        assert iv.Strike.parse(text) == iv.Strike(value)
        assert iv.Strike.parse(text).dollars() == value
    assert iv.Strike.parse("182.5").ticks() == 182_500
    assert iv.Strike.from_ticks(92_140) == iv.Strike.parse("92.14")
    assert iv.Strike(0.1 + 0.2) == iv.Strike.parse("0.3")
    ks = sorted(iv.Strike.parse(t) for t in ["105", "92.5", "100", "100.001", "99.999"])
    assert [str(k) for k in ks] == ["92.5", "99.999", "100", "100.001", "105"]


def test_strike_arithmetic():
    # tests/core/price_strike_test.cpp "strike arithmetic"
    k = iv.Strike.parse("182.5")
    assert iv.Strike.parse("190") - k == iv.Money(7.5)
    assert k - iv.Price(180.0) == iv.Money(2.5)
    assert iv.Price(180.0) - k == iv.Money(-2.5)
    assert k + iv.Money(1.25) == iv.Price(183.75)
    assert k - iv.Money(1.25) == iv.Price(181.25)
    assert k.price() == iv.Price(182.5)


def test_strike_errors():
    # tests/core/price_strike_test.cpp "strike errors name the field and the value"
    with raises_invalid("strike = -5: must not be negative"):
        iv.Strike(-5)
    with raises_invalid("strike = 0: must be positive"):
        iv.Strike(0)
    with raises_invalid("strike = '': is empty"):
        iv.Strike.parse("")
    with raises_invalid("strike = '1e3': is not a plain decimal number"):
        iv.Strike.parse("1e3")
    with raises_invalid("strike ticks = -1: must not be negative"):
        iv.Strike.from_ticks(-1)


def test_percentage():
    # tests/core/percentage_test.cpp "percentage converts between percent and fraction"
    p = iv.Percentage.from_pct(12.5)
    assert p.pct() == 12.5 and p.fraction() == 0.125
    assert iv.Percentage.from_fraction(0.05).pct() == 5.0
    assert math.isclose((iv.Percentage.from_pct(5) + iv.Percentage.from_pct(2.5)).pct(), 7.5,
                        rel_tol=4e-16)
    assert (-iv.Percentage.from_pct(5.0)).pct() == -5.0
    assert (iv.Percentage.from_pct(5.0) * 2.0).pct() == 10.0
    assert (2.0 * iv.Percentage.from_pct(5.0)).pct() == 10.0
    assert (iv.Percentage.from_pct(5.0) / 2.0).pct() == 2.5
    assert iv.Percentage.from_pct(9.0) / iv.Percentage.from_pct(6.0) == 1.5
    assert iv.Percentage.from_pct(1200.0).fraction() == 12.0
    with raises_invalid("percentage = nan: must be finite"):
        iv.Percentage.from_pct(float("nan"))


def test_volatility():
    # tests/core/volatility_time_test.cpp "volatility in fraction, vol points and variance"
    v = iv.Volatility.from_fraction(0.25)
    assert (v.fraction(), v.points(), v.variance()) == (0.25, 25.0, 0.0625)
    assert iv.Volatility.from_variance(0.0625) == v
    with raises_invalid("volatility = -0.2: must not be negative"):
        iv.Volatility.from_fraction(-0.2)
    with raises_invalid("variance = -1: must not be negative"):
        iv.Volatility.from_variance(-1.0)


def test_symbols():
    # tests/core/symbol_error_test.cpp "symbols accept real tickers" / "... reject bad text"
    for t in ["AAPL", "BRK.B", "BF-B", "A", "GOOGL", "X", "ABCDEFGHIJ", "Q1"]:
        assert str(iv.Symbol(t)) == t
    assert iv.Symbol("AAPL") < iv.Symbol("AMZN")
    with raises_invalid("symbol = 'aapl': must start with an upper-case letter A-Z"):
        iv.Symbol("aapl")
    with raises_invalid("symbol = 'BRK B': has the character ' ' (allowed: A-Z 0-9 . -)"):
        iv.Symbol("BRK B")
    with raises_invalid("symbol = 'ABCDEFGHIJK': is longer than 10 characters"):
        iv.Symbol.parse("ABCDEFGHIJK")


def test_dates_and_day_counts():
    # tests/core/volatility_time_test.cpp "year fractions from dates under named day counts"
    start, end = dt.date(2024, 5, 22), dt.date(2024, 6, 21)
    assert iv.weekdays_between(start, end) == 22
    assert math.isclose(iv.year_fraction(start, end, iv.DayCount.act_365), 30 / 365, rel_tol=1e-15)
    assert math.isclose(iv.year_fraction(start, end, iv.DayCount.trading_252), 22 / 252,
                        rel_tol=1e-15)
    assert iv.weekdays_between("2024-05-25", "2024-05-27") == 0  # ISO text is read as a date
    assert iv.parse_date("2024-02-29") == dt.date(2024, 2, 29)
    with raises_invalid("to date = 2024-05-22: is before from date 2024-06-21"):
        iv.year_fraction(end, start)
    with raises_invalid("date = '2023-02-29': is not a valid calendar date"):
        iv.parse_date("2023-02-29")
    with raises_invalid("date = '2024/05/22': is not YYYY-MM-DD"):
        iv.parse_date("2024/05/22")


def test_instants_keep_fractions_of_a_day():
    # tests/core/volatility_time_test.cpp "year fractions from timestamps keep fractions of a day"
    utc = dt.timezone.utc
    close = dt.datetime(2024, 5, 22, 20, tzinfo=utc)
    expiry = dt.datetime(2024, 5, 24, 20, tzinfo=utc)
    assert math.isclose(iv.year_fraction_between(close, expiry), 2 / 365, rel_tol=1e-15)
    with raises_invalid("to time = 1716408000s: is before from time 1716580800s (Unix seconds)"):
        iv.year_fraction_between(expiry, close)
    # A naive datetime is refused rather than guessed.
    with pytest.raises(ValueError, match="naive datetime"):
        iv.year_fraction_between(dt.datetime(2024, 5, 22), expiry)


def test_earnings_timing_wire_names():
    # tests/core/volatility_time_test.cpp "earnings timing round-trips its wire names"
    assert str(iv.EarningsTiming.before_open) == "BMO"
    assert str(iv.EarningsTiming.after_close) == "AMC"
    for t in [iv.EarningsTiming.before_open, iv.EarningsTiming.after_close,
              iv.EarningsTiming.during_market, iv.EarningsTiming.unknown]:
        assert iv.EarningsTiming.parse(str(t)) == t
    with raises_invalid("earnings timing = 'amc': must be one of BMO, AMC, DMH, UNKNOWN"):
        iv.parse_earnings_timing("amc")


def test_value_types_pickle():
    # Dask ships arguments by pickle: every value type round-trips exactly.
    for value in [iv.Money(1.25), iv.Price(182.47), iv.Strike.parse("182.5"),
                  iv.Percentage.from_pct(6.63), iv.Volatility.from_points(32.5),
                  iv.YearFraction.from_years(0.5), iv.Symbol("BRK.B")]:
        assert pickle.loads(pickle.dumps(value)) == value
