"""ivcrush: analytics for earnings options trading ("IV crush"), the Python bindings of the
C++20 library (docs/python.md is the reference).

    import ivcrush as iv
    chain, rejects = iv.chain_from_frame(quotes, "JPM", as_of, spot)   # one C++ call
    greeks = iv.ChainGreeks(chain)
    sigma = iv.implied_volatility("call", premiums, spot, strikes, years)  # numpy, GIL released
    ranking = iv.StrategyScorer("iv_crush_model").rank(candidates, context)

Bad input raises ivcrush.InvalidInput (a ValueError) with the C++ message.
"""

from ._ivcrush import *  # noqa: F401,F403 (the C++ classes and functions)
from ._ivcrush import __version__, InvalidInput  # noqa: F401
from .frames import *  # noqa: F401,F403
from .workflows import *  # noqa: F401,F403
