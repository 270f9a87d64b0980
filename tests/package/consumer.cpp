// A minimal program built against ivcrush the way a user builds it.
#include <fmt/format.h>

#include <ivcrush/ivcrush.hpp>

int main() {
  const auto symbol = ivcrush::Symbol::parse("AAPL");
  const auto strike = ivcrush::Strike::parse("182.5");
  const auto credit = ivcrush::Money::dollars(1234.5);
  fmt::print("ivcrush {}.{}.{}: {} {} call, credit {}\n", ivcrush::version.major,
             ivcrush::version.minor, ivcrush::version.patch, symbol, strike, credit);
  return 0;
}
