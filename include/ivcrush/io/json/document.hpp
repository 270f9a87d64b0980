// ivcrush/io/json/document.hpp: versioned JSON documents and JSON text (optional target
// ivcrush::json).
//
//   std::string text = json::to_text(chain);
//   // {"schema":"ivcrush","version":1,"type":"option_chain","data":{...}}
//   OptionChain c = json::from_text<OptionChain>(text);
//   json::from_text<OptionChain>(R"({"schema":"ivcrush","version":2,...})");
//     // throws JsonError: version = 2: unsupported (this build reads version 1)
//
// A document is the envelope {"schema": "ivcrush", "version": 1, "type": <Codec<T>::type_name>,
// "data": <to_value(value)>}, exactly those four members. Reading checks the schema, then the
// version (only schema_version is read: a document from a newer ivcrush is refused, never half
// read), then the type, then decodes data with paths rooted at "data" ("data.spot = -1: ...").
// to_text writes compact JSON (no spaces); doubles are written in the shortest text that parses
// back to the same double, so a text round trip is exact.
// parse_text reads JSON text strictly: not valid JSON (truncated, NaN, Infinity, comments,
// trailing commas, invalid UTF-8), a number out of the double range (1e400) and an object
// with a repeated key are errors (nlohmann keeps the last of repeated keys silently; ivcrush
// refuses). Every error is a JsonError. Complexity: linear in the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ivcrush/io/json/codec.hpp"

namespace ivcrush::inline v0::json {

inline constexpr std::string_view schema_name = "ivcrush";
// The version this build writes and reads. It changes when a change to the wire form would make
// an older reader misread a document (renamed or re-typed fields, changed units).
inline constexpr std::int64_t schema_version = 1;

template <class T>
concept DocumentType = HasCodec<T> && requires {
  { Codec<T>::type_name } -> std::convertible_to<std::string_view>;
};

// What to_document and to_text accept: a DocumentType, or a named write-only codec.
template <class T>
concept WritableDocument = Encodable<T> && requires {
  { Codec<T>::type_name } -> std::convertible_to<std::string_view>;
};

template <WritableDocument T>
[[nodiscard]] nlohmann::json to_document(const T& value) {
  nlohmann::json doc = nlohmann::json::object();
  doc["schema"] = std::string(schema_name);
  doc["version"] = schema_version;
  doc["type"] = std::string(Codec<T>::type_name);
  doc["data"] = to_value(value);
  return doc;
}

template <DocumentType T>
[[nodiscard]] T from_document(const nlohmann::json& doc) {
  const Path root = Path::root();
  detail::ObjectReader r(doc, root);
  const nlohmann::json& schema = r.member("schema");
  if (!schema.is_string() || schema.get_ref<const std::string&>() != schema_name) {
    detail::fail(root.field("schema"), schema, fmt::format("must be \"{}\"", schema_name));
  }
  const nlohmann::json& version = r.member("version");
  if (detail::read_integer<std::int64_t>(version, root.field("version")) != schema_version) {
    detail::fail(root.field("version"), version,
                 fmt::format("unsupported (this build reads version {})", schema_version),
                 ErrorCode::out_of_range);
  }
  const nlohmann::json& type = r.member("type");
  if (detail::read_string(type, root.field("type")) != Codec<T>::type_name) {
    detail::fail(root.field("type"), type, fmt::format("expected \"{}\"", Codec<T>::type_name));
  }
  const nlohmann::json& data = r.member("data");
  r.finish();
  return from_value<T>(data, Path::root("data"));
}

namespace detail {

// Tracks where the parser is, to name a repeated key's path.
class DuplicateKeyGuard {
 public:
  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start:
        enter_value();
        frames_.push_back(Frame{event == E::object_start, 0, {}, {}});
        break;
      case E::object_end:
      case E::array_end: frames_.pop_back(); break;
      case E::key: {
        Frame& f = frames_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second) {
          auto where = path();
          throw JsonError(ErrorCode::inconsistent, where,
                          fmt::format("{}: is a repeated key (the object has it twice)", where));
        }
        break;
      }
      case E::value: enter_value(); break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object;
    std::size_t next_index;  // arrays: the index of the next element
    std::string key;         // objects: the key being read
    std::unordered_set<std::string> keys;
  };

  void enter_value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().next_index;
  }

  [[nodiscard]] std::string path() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.object) {
        out += fmt::format("{}{}", out.empty() ? "" : ".", f.key);
      } else {
        out += fmt::format("[{}]", f.next_index - 1);
      }
    }
    return out;
  }

  std::vector<Frame> frames_;
};

}  // namespace detail

// Strict JSON text to a value (see the synopsis); every error is a JsonError.
[[nodiscard]] inline nlohmann::json parse_text(std::string_view text) {
  try {
    return nlohmann::json::parse(text.begin(), text.end(), detail::DuplicateKeyGuard{},
                                 /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const JsonError&) {
    throw;
  } catch (const nlohmann::json::out_of_range& e) {  // 406: a number beyond the double range
    throw JsonError(ErrorCode::out_of_range, "(root)",
                    fmt::format("(root): is not valid JSON: {}", e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw JsonError(ErrorCode::malformed, "(root)",
                    fmt::format("(root): is not valid JSON: {}", e.what()));
  }
}

// Compact text of a document or value (no spaces; shortest round-trip doubles).
[[nodiscard]] inline std::string dump(const nlohmann::json& j) { return j.dump(); }

template <WritableDocument T>
[[nodiscard]] std::string to_text(const T& value) {
  return dump(to_document(value));
}

template <DocumentType T>
[[nodiscard]] T from_text(std::string_view text) {
  return from_document<T>(parse_text(text));
}

}  // namespace ivcrush::inline v0::json
