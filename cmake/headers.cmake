# Every public header of ivcrush::ivcrush, grouped by layer. A header not listed here is neither
# verified to compile alone nor installed: add each new header to its layer's block.
set(IVCRUSH_HEADERS
    # top level
    include/ivcrush/ivcrush.hpp
    include/ivcrush/config.hpp
    include/ivcrush/version.hpp
    # core
    include/ivcrush/core/error.hpp
    include/ivcrush/core/money.hpp
    include/ivcrush/core/percentage.hpp
    include/ivcrush/core/price.hpp
    include/ivcrush/core/strike.hpp
    include/ivcrush/core/symbol.hpp
    include/ivcrush/core/time.hpp
    include/ivcrush/core/volatility.hpp
    # pricing
    # earnings
    include/ivcrush/earnings/earnings_event.hpp
    # io
    include/ivcrush/io/format.hpp
    # detail (no stability promise; installed because public headers include them)
    include/ivcrush/detail/validate.hpp
)
