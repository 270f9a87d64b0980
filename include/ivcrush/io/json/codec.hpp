// ivcrush/io/json/codec.hpp: the JSON codec machinery (optional target ivcrush::json).
//
//   nlohmann::json j = json::to_value(Money::dollars(1.25));            // 1.25
//   Money m = json::from_value<Money>(j);                                // exact round trip
//   json::from_value<Money>(nlohmann::json("abc"), json::Path::root("bid"));
//     // throws JsonError: bid = "abc": expected a number
//
// What: the customisation point json::Codec<T> (one specialisation per domain type, holding the
// function pair to_json(const T&) -> nlohmann::json and from_json(const nlohmann::json&, const
// Path&) -> T, or a field list for plain records), the explicit entry points to_value and
// from_value, JsonError, Path, and the readers for numbers, integers, strings and objects that
// every codec uses. The codecs live in namespace ivcrush::json, not in the namespace of the types,
// so nlohmann's adl_serializer never finds them: `nlohmann::json j = money;` and `Money m = j;`
// do not compile, and every conversion is an explicit to_value / from_value call.
// Rules (docs/json.md): objects are strict (every field present, `null` for an empty optional,
// no unknown field); numbers must be finite and fit the target (an integer field rejects 1.5,
// 1e30 and 2^63; a double field rejects an integer above 2^53, which would not be exact).
// Errors: JsonError (an InvalidInput) whose message is "<path> = <value>: <reason>", the path
// from the document root ("data.expirations[2].calls[14].bid"); a value rejected by a domain
// factory keeps its ErrorCode and message, prefixed by the path ("data.symbol: symbol = 'aapl':
// must start with an upper-case letter A-Z").
// Complexity: linear in the document; the Path is a chain of stack frames, built into a string
// only when an error is thrown.
#pragma once

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0::json {

// Where a value sits in a document: "data.expirations[2].calls[14].bid". A Path refers to its
// parent, so it is built on the way down (path.field("bid")) and never stored.
class Path {
 public:
  // The root, optionally named ("data" for the payload of a document).
  [[nodiscard]] static constexpr Path root(std::string_view name = {}) noexcept {
    Path p;
    p.key_ = name;
    return p;
  }

  [[nodiscard]] constexpr Path field(std::string_view key) const noexcept {
    Path p;
    p.parent_ = this;
    p.key_ = key;
    return p;
  }
  [[nodiscard]] constexpr Path index(std::size_t i) const noexcept {
    Path p;
    p.parent_ = this;
    p.index_ = i;
    p.is_index_ = true;
    return p;
  }

  // "data.quotes[3].bid"; "(root)" for an unnamed root.
  [[nodiscard]] std::string str() const {
    std::string out;
    append_to(out);
    return out.empty() ? std::string("(root)") : out;
  }

 private:
  constexpr Path() noexcept = default;

  void append_to(std::string& out) const {
    if (parent_ != nullptr) parent_->append_to(out);
    if (is_index_) {
      out += fmt::format("[{}]", index_);
    } else if (!key_.empty()) {
      if (!out.empty()) out += '.';
      out += key_;
    }
  }

  const Path* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  bool is_index_ = false;
};

// A document or value that is not what the schema says. code() is ErrorCode::malformed for
// structural problems (wrong JSON type, missing or unknown field, bad envelope) and the domain's
// own code for a value a factory rejected (ErrorCode::negative for "price = -1"); path() is where.
class JsonError : public InvalidInput {
 public:
  JsonError(ErrorCode code, std::string path, const std::string& message)
      : InvalidInput(code, message), path_(std::move(path)) {}

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// The customisation point. A specialisation provides either
//   static nlohmann::json to_json(const T&);  static T from_json(const nlohmann::json&, const
//   Path&);
// or, for a plain record, `static constexpr auto fields = std::tuple{field("name", &T::name),
// ...}` (and optionally `static void check(const T&, const Path&)` for cross-field rules).
// A specialisation that is used in documents also names its type: `static constexpr
// std::string_view type_name = "money";`.
template <class T>
struct Codec;

template <class T, class M>
struct Field {
  std::string_view name;
  M T::*member;
};

template <class T, class M>
[[nodiscard]] constexpr Field<T, M> field(std::string_view name, M T::*member) noexcept {
  return {name, member};
}

template <class T>
concept RecordCodec = requires {
  Codec<T>::fields;
};

template <class T>
concept HasCodec = RecordCodec<T> || requires(const T& v, const nlohmann::json& j, const Path& p) {
  { Codec<T>::to_json(v) } -> std::same_as<nlohmann::json>;
  { Codec<T>::from_json(j, p) } -> std::same_as<T>;
};

// A write-only codec: to_json only, for a type that cannot be rebuilt from its JSON (a
// ScoreBreakdown holds string_views to literals; io/json/scoring.hpp reads its wire form into an
// owned record instead). to_value and to_text accept it; from_value does not compile.
template <class T>
concept WriteOnlyCodec = !RecordCodec<T> && requires(const T& v) {
  { Codec<T>::to_json(v) } -> std::same_as<nlohmann::json>;
};

template <class T>
concept Encodable = HasCodec<T> || WriteOnlyCodec<T>;

template <Encodable T>
[[nodiscard]] nlohmann::json to_value(const T& value);
template <HasCodec T>
[[nodiscard]] T from_value(const nlohmann::json& j, const Path& path = Path::root());

namespace detail {

// The value as it appears in a message: scalars as JSON text (long strings cut), containers
// abbreviated, invalid UTF-8 replaced (dump would throw on it).
[[nodiscard]] inline std::string describe(const nlohmann::json& j) {
  if (j.is_object()) return "{...}";
  if (j.is_array()) return "[...]";
  // JSON text has no NaN or infinity (dump would print null), but a value built in code can.
  if (j.is_number_float() && !std::isfinite(j.get<double>())) {
    return fmt::format("{}", j.get<double>());
  }
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  constexpr std::size_t max_chars = 48;
  if (text.size() > max_chars) {
    text.resize(max_chars);
    text += "...";
  }
  return text;
}

[[noreturn]] inline void fail(const Path& path, const nlohmann::json& value,
                              std::string_view reason, ErrorCode code = ErrorCode::malformed) {
  auto where = path.str();
  auto message = fmt::format("{} = {}: {}", where, describe(value), reason);
  throw JsonError(code, std::move(where), message);
}

[[noreturn]] inline void fail(const Path& path, std::string_view reason,
                              ErrorCode code = ErrorCode::malformed) {
  auto where = path.str();
  auto message = fmt::format("{}: {}", where, reason);
  throw JsonError(code, std::move(where), message);
}

// Runs a domain factory; an InvalidInput it throws becomes a JsonError at `path` with the same
// code (a JsonError from a nested decode already names its full path and passes through).
template <class F>
[[nodiscard]] auto at(const Path& path, F&& make) -> decltype(make()) {
  try {
    return std::forward<F>(make)();
  } catch (const JsonError&) {
    throw;
  } catch (const InvalidInput& e) {
    fail(path, e.what(), e.code());
  }
}

// 2^53: above it not every integer is a double, so an integer there is not read as a double.
inline constexpr std::uint64_t max_exact_integer = std::uint64_t{1} << 53;

[[nodiscard]] inline double read_double(const nlohmann::json& j, const Path& path) {
  if (j.is_number_float()) {
    const double v = j.get<double>();
    if (!ivcrush::detail::is_finite(v)) fail(path, j, "must be finite", ErrorCode::not_finite);
    return v;
  }
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > max_exact_integer) {
      fail(path, j, "is an integer too large to be exact as a double", ErrorCode::out_of_range);
    }
    return static_cast<double>(v);
  }
  if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v > static_cast<std::int64_t>(max_exact_integer) ||
        v < -static_cast<std::int64_t>(max_exact_integer)) {
      fail(path, j, "is an integer too large to be exact as a double", ErrorCode::out_of_range);
    }
    return static_cast<double>(v);
  }
  fail(path, j, "expected a number");
}

template <std::integral I>
[[nodiscard]] I read_integer(const nlohmann::json& j, const Path& path) {
  if (!j.is_number_integer()) fail(path, j, "expected an integer");
  const auto out_of_range = [&]() {
    fail(path, j,
         fmt::format("is outside [{}, {}]", std::numeric_limits<I>::min(),
                     std::numeric_limits<I>::max()),
         ErrorCode::out_of_range);
  };
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (!std::in_range<I>(v)) out_of_range();
    return static_cast<I>(v);
  }
  const auto v = j.get<std::int64_t>();
  if (!std::in_range<I>(v)) out_of_range();
  return static_cast<I>(v);
}

[[nodiscard]] inline const std::string& read_string(const nlohmann::json& j, const Path& path) {
  if (!j.is_string()) fail(path, j, "expected a string");
  return j.get_ref<const std::string&>();
}

// Encodes a double; JSON has no NaN or infinity (nlohmann would write null), so a non-finite
// value is refused instead of being written as something else.
[[nodiscard]] inline nlohmann::json write_double(double v) {
  ivcrush::detail::require_finite("json number", v);
  return nlohmann::json(v);
}

// A strict object: every field read must be present; finish() rejects fields nobody read.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& j, const Path& path) : j_(j), path_(path) {
    if (!j.is_object()) fail(path, j, "expected an object");
  }

  // The member `key`, which must be present (null is a value: an empty optional).
  [[nodiscard]] const nlohmann::json& member(std::string_view key) {
    const auto it = j_.find(key);
    if (it == j_.end()) fail(path_.field(key), "is missing (every field is required)");
    seen_.push_back(key);
    return *it;
  }

  template <class T>
  [[nodiscard]] T get(std::string_view key) {
    const nlohmann::json& m = member(key);
    return from_value<T>(m, path_.field(key));
  }

  void finish() const {
    if (seen_.size() == j_.size()) return;  // keys are unique, so every one was read
    for (const auto& [key, value] : j_.items()) {
      if (std::find(seen_.begin(), seen_.end(), std::string_view(key)) == seen_.end()) {
        fail(path_.field(key), value, "unknown field");
      }
    }
  }

  [[nodiscard]] const Path& path() const noexcept { return path_; }

 private:
  const nlohmann::json& j_;
  const Path& path_;
  boost::container::small_vector<std::string_view, 16> seen_;
};

// Enumerations travel as their wire names (the to_string of each enum); only the names listed
// are accepted, exactly (no case folding, no alternative spellings).
template <class E, std::size_t N>
[[nodiscard]] E read_enum(const nlohmann::json& j, const Path& path, const E (&values)[N]) {
  const std::string& text = read_string(j, path);
  for (const E v : values) {
    if (text == to_string(v)) return v;
  }
  std::string names;
  for (const E v : values) names += fmt::format("{}{}", names.empty() ? "" : ", ", to_string(v));
  fail(path, j, fmt::format("must be one of {}", names));
}

template <class T>
concept HasCheck = requires(const T& v, const Path& p) {
  Codec<T>::check(v, p);
};

}  // namespace detail

// Plain records: generated from the field list.
template <RecordCodec T>
[[nodiscard]] nlohmann::json record_to_json(const T& value) {
  nlohmann::json out = nlohmann::json::object();
  std::apply(
      [&](const auto&... f) { ((out[std::string(f.name)] = to_value(value.*(f.member))), ...); },
      Codec<T>::fields);
  return out;
}

template <RecordCodec T>
[[nodiscard]] T record_from_json(const nlohmann::json& j, const Path& path) {
  detail::ObjectReader r(j, path);
  T value{};
  std::apply(
      [&](const auto&... f) {
        ((value.*(f.member) =
              r.template get<std::remove_cvref_t<decltype(value.*(f.member))>>(f.name)),
         ...);
      },
      Codec<T>::fields);
  r.finish();
  if constexpr (detail::HasCheck<T>) Codec<T>::check(value, path);
  return value;
}

template <Encodable T>
nlohmann::json to_value(const T& value) {
  if constexpr (RecordCodec<T>) {
    return record_to_json(value);
  } else {
    return Codec<T>::to_json(value);
  }
}

template <HasCodec T>
T from_value(const nlohmann::json& j, const Path& path) {
  if constexpr (RecordCodec<T>) {
    return record_from_json<T>(j, path);
  } else {
    return Codec<T>::from_json(j, path);
  }
}

// Base of an enumeration's codec: the wire name is the enum's to_string, and only the listed
// values are read back. `template <> struct Codec<Side> : EnumCodec<Side, Side::buy, Side::sell>
// { static constexpr std::string_view type_name = "side"; };`
template <class E, E... Values>
struct EnumCodec {
  static nlohmann::json to_json(E e) { return std::string(to_string(e)); }
  static E from_json(const nlohmann::json& j, const Path& p) {
    static constexpr E all[] = {Values...};
    return detail::read_enum(j, p, all);
  }
};

// ---- the building blocks -----------------------------------------------------------------

template <>
struct Codec<double> {
  static nlohmann::json to_json(double v) { return detail::write_double(v); }
  static double from_json(const nlohmann::json& j, const Path& p) {
    return detail::read_double(j, p);
  }
};

template <std::integral I>
requires(!std::same_as<I, bool>) struct Codec<I> {
  static nlohmann::json to_json(I v) { return nlohmann::json(v); }
  static I from_json(const nlohmann::json& j, const Path& p) {
    return detail::read_integer<I>(j, p);
  }
};

template <>
struct Codec<bool> {
  static nlohmann::json to_json(bool v) { return nlohmann::json(v); }
  static bool from_json(const nlohmann::json& j, const Path& p) {
    if (!j.is_boolean()) detail::fail(p, j, "expected true or false");
    return j.get<bool>();
  }
};

template <>
struct Codec<std::string> {
  static nlohmann::json to_json(const std::string& v) { return nlohmann::json(v); }
  static std::string from_json(const nlohmann::json& j, const Path& p) {
    return detail::read_string(j, p);
  }
};

// An empty optional is null (never an absent field).
template <HasCodec T>
struct Codec<std::optional<T>> {
  static nlohmann::json to_json(const std::optional<T>& v) {
    return v ? to_value(*v) : nlohmann::json(nullptr);
  }
  static std::optional<T> from_json(const nlohmann::json& j, const Path& p) {
    if (j.is_null()) return std::nullopt;
    return from_value<T>(j, p);
  }
};

template <HasCodec T>
struct Codec<std::vector<T>> {
  static nlohmann::json to_json(const std::vector<T>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(to_value(x));
    return out;
  }
  static std::vector<T> from_json(const nlohmann::json& j, const Path& p) {
    if (!j.is_array()) detail::fail(p, j, "expected an array");
    std::vector<T> out;
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(from_value<T>(j[i], p.index(i)));
    return out;
  }
};

}  // namespace ivcrush::inline v0::json
