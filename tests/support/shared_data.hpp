// tests/support/shared_data.hpp: the data files tests read from outside the test itself.
//
// shared_chain_file(): the real end-of-day chains (QuantConnect/Lean sample data, unclear
// licence: never in the repository). IVCRUSH_SHARED_DATA_DIR (a compile definition, else the
// environment variable) names the directory holding option_chains_eod.csv; tests that need it
// are skipped with `doctest::skip(!has_shared_chain_file())` on a clean checkout.
// bundled_reactions(ticker): one ticker's rows of the bundled data/earnings_reactions.csv
// (IVCRUSH_DATA_DIR), newest first, the reader's rejects required empty.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/earnings_csv.hpp"

namespace ivcrush::test {

inline std::filesystem::path shared_chain_file() {
#ifdef IVCRUSH_SHARED_DATA_DIR
  const std::filesystem::path dir = IVCRUSH_SHARED_DATA_DIR;
#else
  const char* env = std::getenv("IVCRUSH_SHARED_DATA_DIR");
  const std::filesystem::path dir = env != nullptr ? env : "";
#endif
  return dir.empty() ? std::filesystem::path() : dir / "option_chains_eod.csv";
}

inline bool has_shared_chain_file() {
  const auto path = shared_chain_file();
  std::error_code ec;
  return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

#ifdef IVCRUSH_DATA_DIR
inline ReactionHistoryBuffer bundled_reactions(std::string_view ticker) {
  const auto read =
      io::read_earnings_reactions(std::string(IVCRUSH_DATA_DIR) + "/earnings_reactions.csv");
  REQUIRE(read.rejects.empty());
  const Symbol symbol = Symbol::parse(ticker);
  std::vector<HistoricalMove> out;
  for (const auto& r : read.rows) {
    if (r.event.symbol == symbol) out.push_back(to_historical_move(r));
  }
  return ReactionHistoryBuffer(std::move(out));
}
#endif

}  // namespace ivcrush::test
