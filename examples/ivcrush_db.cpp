// ivcrush-db: inspect and migrate an ivcrush SQLite database (needs the ivcrush::sqlite target).
//
//   ivcrush-db <database> status              applied and pending migrations
//   ivcrush-db <database> migrate [target]    apply pending migrations (up to target)
//   ivcrush-db <database> rollback <target>   undo the migrations above target
//   ivcrush-db create <name> [directory]      write a skeleton for migration N+1
//
// The migrations are the ones compiled into the library (ivcrush/adapters/sqlite/schema.hpp).
// A database file that does not exist is created (empty, version 0). Errors go to stderr with
// exit status 1; a usage error exits with 2.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "ivcrush/adapters/sqlite/database.hpp"
#include "ivcrush/adapters/sqlite/migrations.hpp"
#include "ivcrush/adapters/sqlite/schema.hpp"

namespace {

using namespace ivcrush;

constexpr std::string_view usage =
    "usage: ivcrush-db <database> status\n"
    "       ivcrush-db <database> migrate [target]\n"
    "       ivcrush-db <database> rollback <target>\n"
    "       ivcrush-db create <name> [directory]\n";

int usage_error(std::string_view why) {
  fmt::print(stderr, "ivcrush-db: {}\n{}", why, usage);
  return 2;
}

std::optional<int> parse_version(std::string_view text) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

void print_status(Database& db) {
  const MigrationStatus s = migration_status(db, schema_migrations());
  fmt::print("schema version {} of {}, {} pending\n", s.current_version, s.latest_version,
             s.pending.size());
  for (const AppliedMigration& a : s.applied) {
    fmt::print("  applied  {:>3} {:<20} {} {}\n", a.version, a.name, a.applied_at, a.checksum);
  }
  for (const Migration& m : s.pending) {
    fmt::print("  pending  {:>3} {:<20} {}\n", m.version, m.name, migration_checksum(m));
  }
}

int create(std::string_view name, const std::filesystem::path& directory) {
  const int version = next_migration_version(schema_migrations());
  const std::string source = migration_skeleton(version, name);  // validates the name
  const std::filesystem::path path =
      directory / fmt::format("migration_{:04}_{}.hpp", version, name);
  if (std::filesystem::exists(path)) {
    fmt::print(stderr, "ivcrush-db: {} exists; not overwritten\n", path.string());
    return 1;
  }
  std::ofstream out(path);
  out << source;
  out.close();
  if (!out) {
    fmt::print(stderr, "ivcrush-db: cannot write {}\n", path.string());
    return 1;
  }
  fmt::print("wrote {}\n", path.string());
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 3) return usage_error("missing arguments");
  const std::string_view first = argv[1];
  if (first == "create") {
    if (argc > 4) return usage_error("too many arguments");
    return create(argv[2], argc == 4 ? std::filesystem::path(argv[3]) : ".");
  }
  const std::string_view command = argv[2];
  Database db{std::filesystem::path(first)};
  if (command == "status") {
    if (argc != 3) return usage_error("status takes no argument");
    print_status(db);
    return 0;
  }
  if (command == "migrate") {
    if (argc > 4) return usage_error("too many arguments");
    std::optional<int> target;
    if (argc == 4) {
      target = parse_version(argv[3]);
      if (!target) return usage_error(fmt::format("target '{}' is not a version number", argv[3]));
    }
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const std::size_t n = migrate(db, schema_migrations(), now, target);
    fmt::print("applied {} migration{}; schema version {}\n", n, n == 1 ? "" : "s",
               migration_status(db, schema_migrations()).current_version);
    return 0;
  }
  if (command == "rollback") {
    if (argc != 4) return usage_error("rollback needs a target version");
    const std::optional<int> target = parse_version(argv[3]);
    if (!target) return usage_error(fmt::format("target '{}' is not a version number", argv[3]));
    const std::size_t n = rollback(db, schema_migrations(), *target);
    fmt::print("rolled back {} migration{}; schema version {}\n", n, n == 1 ? "" : "s",
               migration_status(db, schema_migrations()).current_version);
    return 0;
  }
  return usage_error(fmt::format("unknown command '{}'", command));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "ivcrush-db: {}\n", e.what());
    return 1;
  }
}
