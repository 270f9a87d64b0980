// ivcrush/io/json/chain.hpp: JSON codecs of quotes and option chains (optional target
// ivcrush::json).
//
//   nlohmann::json j = json::to_value(chain);
//   // {"underlying":"AAPL","as_of":"2024-05-01T20:00:00Z","spot":182.47,
//   //  "expirations":[{"expiration":"2024-05-17",
//   //                  "calls":[{"strike":"180","bid":3.1,"ask":3.25,"last":null,...}],
//   //                  "puts":[...]}]}
//   OptionChain c = json::from_value<OptionChain>(j);   // rebuilt through ChainBuilder
//
// A chain is written per expiration, calls and puts each ordered by strike, every quote with all
// its fields (null for what the source did not give). It is read back through ChainBuilder
// (default options: one-sided quotes kept, duplicates rejected), so a document is validated
// exactly like fresh quotes: any quote the builder would reject (crossed, negative, a zero ask, an
// expiration before the as-of date, a duplicate contract) makes the whole document invalid, with
// the builder's message prefixed by the quote's path ("data.expirations[0].calls[3].bid = 2.7: is
// above ask 2.6 (crossed market)"). A one-sided quote is written with "bid": 0 and "one_sided":
// true; a one-sided quote with another bid is rejected. An expiration listed twice or without
// quotes is rejected (a chain holds neither). A standalone OptionQuote is validated by the same
// rules. Complexity: O(n log n) to read (the build), O(n) to write.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/io/json/codec.hpp"
#include "ivcrush/io/json/core.hpp"

namespace ivcrush::inline v0::json {

template <>
struct Codec<OptionRight> : EnumCodec<OptionRight, OptionRight::call, OptionRight::put> {
  static constexpr std::string_view type_name = "option_right";
};

template <>
struct Codec<VendorGreeks> {
  static constexpr std::string_view type_name = "vendor_greeks";
  static constexpr auto fields =
      std::tuple{field("delta", &VendorGreeks::delta), field("gamma", &VendorGreeks::gamma),
                 field("theta_per_day", &VendorGreeks::theta_per_day),
                 field("vega_per_vol_point", &VendorGreeks::vega_per_vol_point)};
};

template <>
struct Codec<Expiration> {
  static constexpr std::string_view type_name = "expiration";
  static nlohmann::json to_json(Expiration e) { return to_value(e.date()); }
  static Expiration from_json(const nlohmann::json& j, const Path& p) {
    const auto date = from_value<std::chrono::year_month_day>(j, p);
    return detail::at(p, [&] { return Expiration::from_date(date); });
  }
};

namespace detail {

inline void write_quote_fields(nlohmann::json& out, const OptionQuote& q) {
  out["bid"] = to_value(q.bid);
  out["ask"] = to_value(q.ask);
  out["last"] = to_value(q.last);
  out["bid_size"] = to_value(q.bid_size);
  out["ask_size"] = to_value(q.ask_size);
  out["volume"] = to_value(q.volume);
  out["open_interest"] = to_value(q.open_interest);
  out["vendor_iv"] = to_value(q.vendor_iv);
  out["vendor_greeks"] = to_value(q.vendor_greeks);
  out["one_sided"] = q.one_sided;
}

// The quote fields of an object as ChainBuilder input (raw numbers: the builder validates them).
inline void read_quote_fields(ObjectReader& r, QuoteInput& in) {
  const Path& p = r.path();
  const double bid = r.get<double>("bid");
  in.ask = r.get<double>("ask");
  in.last = r.get<std::optional<double>>("last");
  in.bid_size = r.get<std::optional<std::int64_t>>("bid_size");
  in.ask_size = r.get<std::optional<std::int64_t>>("ask_size");
  in.volume = r.get<std::optional<std::int64_t>>("volume");
  in.open_interest = r.get<std::optional<std::int64_t>>("open_interest");
  in.vendor_iv = r.get<std::optional<double>>("vendor_iv");
  const auto greeks = r.get<VendorGreeks>("vendor_greeks");
  in.vendor_delta = greeks.delta;
  in.vendor_gamma = greeks.gamma;
  in.vendor_theta_per_day = greeks.theta_per_day;
  in.vendor_vega_per_vol_point = greeks.vega_per_vol_point;
  const bool one_sided = r.get<bool>("one_sided");
  if (one_sided && bid != 0.0) {
    fail(p.field("bid"), nlohmann::json(bid), "must be 0 for a one-sided quote",
         ErrorCode::inconsistent);
  }
  in.bid = one_sided ? std::nullopt : std::optional<double>(bid);
}

// Throws the first reject of a build as a JsonError at the quote's path; `quote_path(sequence)`
// renders the path of the quote added in that position.
template <class QuotePath>
void throw_first_reject(const ChainBuildResult& result, QuotePath&& quote_path) {
  if (result.rejects.empty()) return;
  const RejectedQuote& r = result.rejects.front();
  const std::string where = quote_path(r.sequence);
  throw JsonError(error_code(r.reason), where + "." + std::string(r.field),
                  fmt::format("{}.{}", where, r.message));
}

}  // namespace detail

// A quote on its own (without its contract): validated by ChainBuilder's rules.
template <>
struct Codec<OptionQuote> {
  static constexpr std::string_view type_name = "option_quote";
  static nlohmann::json to_json(const OptionQuote& q) {
    nlohmann::json out = nlohmann::json::object();
    detail::write_quote_fields(out, q);
    return out;
  }
  static OptionQuote from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    QuoteInput in;
    detail::read_quote_fields(r, in);
    r.finish();
    // A one-quote chain far from any date limit runs exactly the builder's checks.
    using namespace std::chrono;
    in.expiration = year{2100} / January / 4;
    in.strike = 1.0;
    ChainBuilder b(Symbol::parse("X"), sys_seconds{sys_days{year{2000} / January / 3}},
                   Price::dollars(1.0));
    b.add(in);
    auto result = std::move(b).build();
    detail::throw_first_reject(result, [&](std::size_t) { return p.str(); });
    return result.chain.quotes().front();
  }
};

template <>
struct Codec<ContractKey> {
  static constexpr std::string_view type_name = "contract_key";
  static constexpr auto fields =
      std::tuple{field("expiration", &ContractKey::expiration),
                 field("strike", &ContractKey::strike), field("right", &ContractKey::right)};
};

template <>
struct Codec<OptionChain> {
  static constexpr std::string_view type_name = "option_chain";

  static nlohmann::json to_json(const OptionChain& c) {
    nlohmann::json out = nlohmann::json::object();
    out["underlying"] = to_value(c.underlying());
    out["as_of"] = to_value(c.as_of());
    out["spot"] = to_value(c.spot());
    nlohmann::json expirations = nlohmann::json::array();
    for (const Expiration e : c.expirations()) {
      const auto view = c.expiration(e);
      nlohmann::json calls = nlohmann::json::array();
      nlohmann::json puts = nlohmann::json::array();
      for (const Strike k : view->strikes()) {
        for (const auto right : {OptionRight::call, OptionRight::put}) {
          const OptionQuote* q = view->quote(k, right);
          if (q == nullptr) continue;
          nlohmann::json entry = nlohmann::json::object();
          entry["strike"] = to_value(k);
          detail::write_quote_fields(entry, *q);
          (right == OptionRight::call ? calls : puts).push_back(std::move(entry));
        }
      }
      expirations.push_back(nlohmann::json{
          {"expiration", to_value(e)}, {"calls", std::move(calls)}, {"puts", std::move(puts)}});
    }
    out["expirations"] = std::move(expirations);
    return out;
  }

  static OptionChain from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    const auto underlying = r.get<Symbol>("underlying");
    const auto as_of = r.get<std::chrono::sys_seconds>("as_of");
    const auto spot = r.get<Price>("spot");
    const nlohmann::json& exps = r.member("expirations");
    r.finish();
    if (!(spot.dollars() > 0.0)) {
      detail::fail(p.field("spot"), to_value(spot), "must be positive", ErrorCode::out_of_range);
    }
    std::optional<ChainBuilder> builder;
    detail::at(p.field("as_of"), [&] { builder.emplace(underlying, as_of, spot); });
    const Path exps_path = p.field("expirations");
    if (!exps.is_array()) detail::fail(exps_path, exps, "expected an array");
    struct QuotePlace {
      std::size_t expiration;
      OptionRight right;
      std::size_t index;
    };
    std::vector<QuotePlace> places;  // per add() sequence, to name a rejected quote's path
    std::vector<std::chrono::year_month_day> seen;
    for (std::size_t i = 0; i < exps.size(); ++i) {
      const Path ep = exps_path.index(i);
      detail::ObjectReader er(exps[i], ep);
      const auto expiration = er.get<std::chrono::year_month_day>("expiration");
      const nlohmann::json& calls = er.member("calls");
      const nlohmann::json& puts = er.member("puts");
      er.finish();
      if (std::find(seen.begin(), seen.end(), expiration) != seen.end()) {
        detail::fail(ep.field("expiration"), exps[i]["expiration"], "is listed twice",
                     ErrorCode::inconsistent);
      }
      seen.push_back(expiration);
      std::size_t count = 0;
      for (const auto right : {OptionRight::call, OptionRight::put}) {
        const nlohmann::json& list = right == OptionRight::call ? calls : puts;
        const Path lp = ep.field(right == OptionRight::call ? "calls" : "puts");
        if (!list.is_array()) detail::fail(lp, list, "expected an array");
        for (std::size_t k = 0; k < list.size(); ++k) {
          const Path qp = lp.index(k);
          detail::ObjectReader qr(list[k], qp);
          QuoteInput in;
          in.expiration = expiration;
          in.right = right;
          in.strike = qr.get<Strike>("strike").dollars();  // exact: from_dollars recovers it
          detail::read_quote_fields(qr, in);
          qr.finish();
          in.source_line = places.size() + 1;
          places.push_back({i, right, k});
          builder->add(in);
          ++count;
        }
      }
      if (count == 0) {
        detail::fail(ep, exps[i], "has no quotes (a chain holds only expirations with quotes)",
                     ErrorCode::empty);
      }
    }
    auto result = std::move(*builder).build();
    detail::throw_first_reject(result, [&](std::size_t sequence) {
      const QuotePlace& q = places.at(sequence);
      return exps_path.index(q.expiration)
          .field(q.right == OptionRight::call ? "calls" : "puts")
          .index(q.index)
          .str();
    });
    return std::move(result.chain);
  }
};

}  // namespace ivcrush::inline v0::json
