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
    include/ivcrush/core/option_right.hpp
    include/ivcrush/core/earnings_event.hpp
    # pricing
    include/ivcrush/pricing/normal.hpp
    include/ivcrush/pricing/black_scholes.hpp
    include/ivcrush/pricing/greeks.hpp
    include/ivcrush/pricing/implied_vol.hpp
    include/ivcrush/pricing/lognormal.hpp
    # chain
    include/ivcrush/chain/option_right.hpp  # forwarding (deprecated)
    include/ivcrush/chain/option_quote.hpp
    include/ivcrush/chain/new_york_time.hpp
    include/ivcrush/chain/expiration.hpp
    include/ivcrush/chain/option_chain.hpp
    include/ivcrush/chain/chain_builder.hpp
    include/ivcrush/chain/modeled_chain.hpp
    include/ivcrush/chain/chain_greeks.hpp
    # earnings
    include/ivcrush/earnings/earnings_event.hpp  # forwarding (deprecated)
    include/ivcrush/earnings/daily_bar.hpp
    include/ivcrush/earnings/earnings_reaction.hpp
    include/ivcrush/earnings/implied_move_observation.hpp
    include/ivcrush/earnings/historical_moves.hpp
    include/ivcrush/earnings/reaction_history.hpp
    include/ivcrush/earnings/vrp.hpp
    include/ivcrush/earnings/consistency.hpp
    include/ivcrush/earnings/regime.hpp
    include/ivcrush/earnings/implied_move.hpp
    include/ivcrush/earnings/directional_bias.hpp
    include/ivcrush/earnings/skew.hpp
    include/ivcrush/earnings/term_structure.hpp
    include/ivcrush/earnings/liquidity.hpp
    # strategy
    include/ivcrush/strategy/leg.hpp
    include/ivcrush/strategy/strategy.hpp
    include/ivcrush/strategy/commissions.hpp
    include/ivcrush/strategy/payoff.hpp
    include/ivcrush/strategy/probability.hpp
    include/ivcrush/strategy/position_greeks.hpp
    include/ivcrush/strategy/sizing.hpp
    include/ivcrush/strategy/candidate.hpp
    include/ivcrush/strategy/candidate_outline.hpp
    include/ivcrush/strategy/legacy_pop.hpp
    include/ivcrush/strategy/builders.hpp
    include/ivcrush/strategy/generator.hpp
    # scoring
    include/ivcrush/scoring/score_breakdown.hpp
    include/ivcrush/scoring/scoring_policy.hpp
    include/ivcrush/scoring/dominance.hpp
    include/ivcrush/scoring/rank_order.hpp
    include/ivcrush/scoring/verdict.hpp
    include/ivcrush/scoring/rationale.hpp
    include/ivcrush/scoring/strategy_scorer.hpp
    include/ivcrush/scoring/policies/iv_crush.hpp
    include/ivcrush/scoring/policies/expected_value.hpp
    include/ivcrush/scoring/any_scoring_policy.hpp
    include/ivcrush/scoring/ticker_scorer.hpp
    # analysis (one ticker's pipeline; the modeled event chain)
    include/ivcrush/analysis/event_chain_model.hpp
    include/ivcrush/analysis/event_expiration.hpp
    include/ivcrush/analysis/ticker_analysis.hpp
    # backtest (metrics of closed trades, walk-forward selection, chain sources, the replay loop)
    include/ivcrush/backtest/performance.hpp
    include/ivcrush/backtest/walk_forward.hpp
    include/ivcrush/backtest/chain_source.hpp
    include/ivcrush/backtest/backtester.hpp
    # ports (concepts and their documented semantics)
    include/ivcrush/ports/cache.hpp
    include/ivcrush/ports/metrics.hpp
    include/ivcrush/ports/storage.hpp
    include/ivcrush/ports/backtest_store.hpp
    # adapters (reference models of the ports)
    include/ivcrush/adapters/memory_cache.hpp
    include/ivcrush/adapters/null_metrics.hpp
    include/ivcrush/adapters/metrics_snapshot.hpp
    include/ivcrush/adapters/metrics_registry.hpp
    include/ivcrush/adapters/metrics_exposition.hpp
    include/ivcrush/adapters/tiered_cache.hpp
    include/ivcrush/adapters/memory_storage.hpp
    include/ivcrush/adapters/memory_backtest_store.hpp
    include/ivcrush/adapters/backtest_rows.hpp
    # runtime (process lifecycle; signal_watcher.hpp is POSIX and not in the umbrella)
    include/ivcrush/runtime/shutdown.hpp
    include/ivcrush/runtime/signal_watcher.hpp
    # io
    include/ivcrush/io/format.hpp
    include/ivcrush/io/payoff_svg.hpp
    include/ivcrush/io/backtest_report.hpp
    include/ivcrush/io/csv.hpp
    include/ivcrush/io/chain_csv.hpp
    include/ivcrush/io/earnings_csv.hpp
    include/ivcrush/io/earnings_dataset.hpp
    include/ivcrush/io/earnings_format.hpp
    # detail (no stability promise; installed because public headers include them)
    include/ivcrush/detail/validate.hpp
    include/ivcrush/detail/utf8.hpp
    include/ivcrush/detail/statistics.hpp
    include/ivcrush/detail/erfcx.hpp
    include/ivcrush/detail/fast_inverse_normal.hpp
    include/ivcrush/detail/rational_cubic.hpp
    include/ivcrush/detail/math_policy.hpp
)
