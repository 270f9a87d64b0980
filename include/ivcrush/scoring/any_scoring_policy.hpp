// ivcrush/scoring/any_scoring_policy.hpp: a scoring policy chosen at run time, for the edge of a
// program (a command line, a config file), and the registry of the shipped policies by name.
//
//   AnyScoringPolicy p = make_scoring_policy("IV-Crush Default");   // name normalized
//   StrategyScorer<AnyScoringPolicy> scorer(p);                     // same ranking as the template
//   AnyScoringPolicy mine(MyPolicy{...}, "my_policy");              // any ScoringPolicy
//   for (auto name : scoring_policy_names()) { ... }                // the shipped names
//
// The shipped names: iv_crush_default, iv_crush_model, iv_crush_empirical, expected_value,
// conservative, aggressive (policies/iv_crush.hpp, policies/expected_value.hpp). Names are
// normalized as the original did: lowercase, '-' and ' ' become '_'.
// Type erasure costs one indirect call per candidate (plus the breakdown's return); the
// library's own code never uses it: StrategyScorer<P> calls the policy directly. The wrapped
// policy is held on the heap, allocated when the wrapper is built or copied, never when scoring.
// AnyScoringPolicy is itself a ScoringPolicy and forwards rationale_options() (the defaults when
// the wrapped policy has none) and score_upper_bound() (100 when the wrapped policy has none:
// has_score_upper_bound() says so, and the pruned analysis then ranks exhaustively). A moved-from
// wrapper may only be assigned or destroyed. Errors: an unknown name throws InvalidInput
// (ErrorCode::out_of_range) listing the known names.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ivcrush/config.hpp"
#include "ivcrush/scoring/policies/expected_value.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "ivcrush/scoring/scoring_policy.hpp"

namespace ivcrush::inline v0 {

class AnyScoringPolicy {
 public:
  // The sameness test comes first so that checking ScoringPolicy<AnyScoringPolicy> (copyable?)
  // does not recurse into this constructor.
  template <class P>
  requires(!std::is_same_v<std::remove_cvref_t<P>, AnyScoringPolicy> &&
           ScoringPolicy<P>) explicit AnyScoringPolicy(P policy, std::string name = "custom")
      : vtable_(&vtable_for<P>), object_(new P(std::move(policy))), name_(std::move(name)) {}

  AnyScoringPolicy(const AnyScoringPolicy& other)
      : vtable_(other.vtable_),
        object_(other.vtable_ ? other.vtable_->clone(other.object_) : nullptr),
        name_(other.name_) {}
  AnyScoringPolicy(AnyScoringPolicy&& other) noexcept
      : vtable_(std::exchange(other.vtable_, nullptr)),
        object_(std::exchange(other.object_, nullptr)),
        name_(std::move(other.name_)) {}
  AnyScoringPolicy& operator=(const AnyScoringPolicy& other) {
    if (this != &other) *this = AnyScoringPolicy(other);
    return *this;
  }
  AnyScoringPolicy& operator=(AnyScoringPolicy&& other) noexcept {
    if (this != &other) {
      reset();
      vtable_ = std::exchange(other.vtable_, nullptr);
      object_ = std::exchange(other.object_, nullptr);
      name_ = std::move(other.name_);
    }
    return *this;
  }
  ~AnyScoringPolicy() { reset(); }

  [[nodiscard]] ScoreBreakdown score(const Candidate& c, const ScoringContext& ctx) const {
    IVCRUSH_ASSERT(vtable_ != nullptr, "score() on a moved-from AnyScoringPolicy");
    return vtable_->score(object_, c, ctx);
  }
  [[nodiscard]] RationaleOptions rationale_options() const {
    IVCRUSH_ASSERT(vtable_ != nullptr, "rationale_options() on a moved-from AnyScoringPolicy");
    return vtable_->rationale(object_);
  }
  // The wrapped policy's score_upper_bound (scoring_policy.hpp); 100, the bound of every
  // total, when it has none (has_score_upper_bound() says which).
  [[nodiscard]] double score_upper_bound(const CandidateOutline& o,
                                         const ScoringContext& ctx) const {
    IVCRUSH_ASSERT(vtable_ != nullptr, "score_upper_bound() on a moved-from AnyScoringPolicy");
    return vtable_->bound ? vtable_->bound(object_, o, ctx) : 100.0;
  }
  [[nodiscard]] bool has_score_upper_bound() const noexcept {
    return vtable_ != nullptr && vtable_->bound != nullptr;
  }
  [[nodiscard]] std::string_view name() const noexcept { return name_; }

 private:
  struct VTable {
    ScoreBreakdown (*score)(const void*, const Candidate&, const ScoringContext&);
    RationaleOptions (*rationale)(const void*);
    double (*bound)(const void*, const CandidateOutline&, const ScoringContext&);  // or nullptr
    void* (*clone)(const void*);
    void (*destroy)(void*) noexcept;
  };

  // The wrapped policy's bound, or nullptr when it has none.
  template <class P>
  static constexpr auto bound_for() noexcept
      -> double (*)(const void*, const CandidateOutline&, const ScoringContext&) {
    if constexpr (BoundsScore<P>) {
      return [](const void* p, const CandidateOutline& o, const ScoringContext& ctx) {
        return static_cast<const P*>(p)->score_upper_bound(o, ctx);
      };
    } else {
      return nullptr;
    }
  }

  template <class P>
  static constexpr VTable vtable_for{
      [](const void* p, const Candidate& c, const ScoringContext& ctx) {
        return static_cast<const P*>(p)->score(c, ctx);
      },
      [](const void* p) { return rationale_options_of(*static_cast<const P*>(p)); }, bound_for<P>(),
      [](const void* p) -> void* { return new P(*static_cast<const P*>(p)); },
      [](void* p) noexcept { delete static_cast<P*>(p); }};

  void reset() noexcept {
    if (vtable_) vtable_->destroy(object_);
    vtable_ = nullptr;
    object_ = nullptr;
  }

  const VTable* vtable_;
  void* object_;
  std::string name_;
};

static_assert(ScoringPolicy<AnyScoringPolicy>);
static_assert(ExplainsRationale<AnyScoringPolicy>);
static_assert(BoundsScore<AnyScoringPolicy>);

// The shipped policies' names, in registry order.
[[nodiscard]] inline std::span<const std::string_view> scoring_policy_names() noexcept {
  static constexpr std::array<std::string_view, 6> names{"iv_crush_default",   "iv_crush_model",
                                                         "iv_crush_empirical", "expected_value",
                                                         "conservative",       "aggressive"};
  return names;
}

// The shipped policy called `name` (normalized first), with its default parameters.
[[nodiscard]] inline AnyScoringPolicy make_scoring_policy(std::string_view name) {
  const std::string key = normalize_policy_name(name);
  if (key == "iv_crush_default") return AnyScoringPolicy(IvCrushScoring::original(), key);
  if (key == "iv_crush_model") return AnyScoringPolicy(IvCrushScoring::model_pop(), key);
  if (key == "iv_crush_empirical") return AnyScoringPolicy(IvCrushScoring::empirical_pop(), key);
  if (key == "expected_value") return AnyScoringPolicy(ExpectedValueScoring(), key);
  if (key == "conservative") return AnyScoringPolicy(IvCrushScoring::conservative(), key);
  if (key == "aggressive") return AnyScoringPolicy(IvCrushScoring::aggressive(), key);
  std::string known;
  for (const auto n : scoring_policy_names()) {
    if (!known.empty()) known += ", ";
    known += n;
  }
  detail::throw_invalid(ErrorCode::out_of_range, "scoring policy", fmt::format("'{}'", name),
                        fmt::format("unknown; known policies: {}", known));
}

}  // namespace ivcrush::inline v0
