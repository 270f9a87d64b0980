// ivcrush/detail/math_policy.hpp: the one Boost.Math policy ivcrush passes to every Boost.Math
// call. No stability promise.
//
// promote_double<false>: Boost.Math otherwise evaluates double functions in long double on x86
// (about 5x slower for the normal cdf, measured), for no accuracy ivcrush needs. Errors throw
// (std::domain_error and friends): callers validate first, so a throw is a bug surfacing, never
// silent NaN. The policy is passed as an argument, never configured through BOOST_MATH_* macros,
// which would change Boost.Math for every translation unit of the program.
#pragma once

#include <boost/math/policies/policy.hpp>

namespace ivcrush::inline v0::detail {

using math_policy = boost::math::policies::policy<
    boost::math::policies::promote_double<false>, boost::math::policies::promote_float<false>,
    boost::math::policies::domain_error<boost::math::policies::throw_on_error>,
    boost::math::policies::pole_error<boost::math::policies::throw_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::throw_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::throw_on_error>>;

}  // namespace ivcrush::inline v0::detail
