// ivcrush/io/json.hpp: JSON serialization of the domain types (optional target ivcrush::json,
// needs nlohmann_json 3).
//
//   #include <ivcrush/io/json.hpp>
//   std::string text = ivcrush::json::to_text(chain);          // a versioned document
//   auto again = ivcrush::json::from_text<OptionChain>(text);  // validated like fresh input
//   nlohmann::json v = ivcrush::json::to_value(Money::dollars(1.25));      // 1.25
//   auto m = ivcrush::json::from_value<Money>(v);                          // exact
//
// Everything here is explicit: codecs are json::Codec<T> specialisations in namespace
// ivcrush::json, which nlohmann's implicit conversions never see. The layers:
//   io/json/codec.hpp     Codec, to_value/from_value, JsonError, Path, strict readers
//   io/json/core.hpp      Money, Price, Strike, Percentage, Volatility, YearFraction, Symbol,
//                         EarningsTiming, DayCount, dates and UTC instants
//   io/json/chain.hpp     OptionRight, VendorGreeks, OptionQuote, Expiration, ContractKey,
//                         OptionChain (read back through ChainBuilder)
//   io/json/earnings.hpp  earnings records, historical moves, VRP, consistency, VIX regime
//   io/json/analytics.hpp implied moves, skew, term structure, event move, liquidity
//   io/json/scoring.hpp   ScoreBreakdown (write-only) and its owned read form
//   io/json/strategy.hpp  legs, strategies, fees, payoff options and results, greeks, sizing
//   io/json/document.hpp  the {"schema","version","type","data"} envelope and strict text I/O
// Wire forms, strictness and error messages: docs/json.md.
#pragma once

#include "ivcrush/io/json/analytics.hpp"
#include "ivcrush/io/json/chain.hpp"
#include "ivcrush/io/json/codec.hpp"
#include "ivcrush/io/json/core.hpp"
#include "ivcrush/io/json/document.hpp"
#include "ivcrush/io/json/earnings.hpp"
#include "ivcrush/io/json/scoring.hpp"
#include "ivcrush/io/json/strategy.hpp"
