"""pandas views of ivcrush results, and chains from DataFrames.

The C++ side returns tables as columns (``to_columns()``: a dict of numpy arrays built in one C++
pass); the helpers here only wrap them into DataFrames, so pandas is imported when a frame is
first asked for. ``chain_from_frame`` goes the other way: it hands a DataFrame's columns to
``chain_from_arrays`` as numpy arrays, one C++ call for the whole chain (no Python loop per row).
"""

import numpy as np

from . import _ivcrush as _c

__all__ = ["frame", "chain_from_frame", "moves_frame", "ranking_frame"]


def _pandas():
    import pandas

    return pandas


def frame(columns, index=None):
    """A DataFrame from a dict of equally long columns (column order kept)."""
    return _pandas().DataFrame(columns, index=index)


# The optional columns of chain_from_arrays, read from a frame when present.
_OPTIONAL_COLUMNS = (
    "last",
    "bid_size",
    "ask_size",
    "volume",
    "open_interest",
    "vendor_iv",
    "vendor_delta",
    "vendor_gamma",
    "vendor_theta_per_day",
    "vendor_vega_per_vol_point",
    "source_line",
)


def _floats(series):
    """A float64 array with NaN for missing values (pandas' NA, None, NaN alike)."""
    return series.to_numpy(dtype="float64", na_value=np.nan)


def chain_from_frame(df, underlying, as_of, spot, columns=None, **options):
    """Builds an OptionChain from a DataFrame of quotes, one row per quote.

    Required columns: expiration (dates, datetime64 or 'YYYY-MM-DD' text), strike, right
    ('C'/'P'/'call'/'put'), bid (NaN: no bid, a one-sided quote), ask. Optional: last, bid_size,
    ask_size, volume, open_interest, vendor_iv, vendor_delta, vendor_gamma,
    vendor_theta_per_day, vendor_vega_per_vol_point, source_line, and one_sided (True rows are
    read as having no bid, so a frame from OptionChain.to_frame() builds the same chain back).
    ``columns`` maps these names to the frame's own ({'strike': 'K', ...}); ``options`` go to
    chain_from_arrays (one_sided=, duplicates=). Returns a ChainBuildResult (chain, rejects).
    """
    names = dict(columns or {})

    def col(name):
        return df[names.get(name, name)]

    def has(name):
        return names.get(name, name) in df.columns

    bid = _floats(col("bid"))
    if has("one_sided"):
        bid = np.where(col("one_sided").to_numpy(dtype=bool), np.nan, bid)
    optional = {name: _floats(col(name)) for name in _OPTIONAL_COLUMNS if has(name)}
    return _c.chain_from_arrays(
        underlying,
        as_of,
        spot,
        col("expiration").to_numpy(),
        _floats(col("strike")),
        col("right").to_numpy(),
        bid,
        _floats(col("ask")),
        **optional,
        **options,
    )


def moves_frame(moves):
    """HistoricalMoves as a DataFrame (one row per move, percentages in percent)."""
    return frame(_c.moves_columns(moves))


def ranking_frame(ranking, candidates=None):
    """A Ranking as a DataFrame, best first: rank, index, score, the candidate's columns (when
    ``candidates``, the list that was ranked, is given), one <component>_points column per score
    component, and the rationale."""
    ranked = frame(ranking.to_columns())
    if candidates is None or len(ranked) == 0:
        return ranked
    chosen = frame(candidates.to_columns()).iloc[ranked["index"].to_numpy()]
    chosen = chosen.reset_index(drop=True)
    head = ranked[["rank", "index", "score"]]
    tail = ranked.drop(columns=["rank", "index", "score"])
    return _pandas().concat([head, chosen, tail], axis=1)


def _to_frame(self):
    return frame(self.to_columns())


# to_frame() on every class with a to_columns() table.
for _cls in (_c.OptionChain, _c.ChainGreeks, _c.CandidateList):
    _cls.to_frame = _to_frame
_c.Ranking.to_frame = ranking_frame
_c.ChainBuildResult.rejects_frame = lambda self: frame(self.rejects_columns())
_c.SkewAnalysis.points_frame = lambda self: frame(self.points_columns())
_c.TermStructure.points_frame = lambda self: frame(self.points_columns())
_c.TermStructure.forwards_frame = lambda self: frame(self.forwards_columns())
_c.GenerationResult.to_frame = lambda self: frame(self.candidates.to_columns())
del _cls
