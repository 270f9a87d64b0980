// tests/sqlite/temp_database.hpp: a database file of its own for each test run, under the build
// directory (IVCRUSH_TEST_TMP_DIR), named by test, process id and a counter so that CTest's
// parallel processes never share one; removed (with its -wal and -shm files) afterwards.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "ivcrush/adapters/sqlite/database.hpp"
#include "ivcrush/adapters/sqlite/migrations.hpp"
#include "ivcrush/adapters/sqlite/schema.hpp"

namespace ivcrush::test {

class TempDatabase {
 public:
  explicit TempDatabase(std::string_view name) {
    static std::atomic<int> counter{0};
    const std::filesystem::path dir(IVCRUSH_TEST_TMP_DIR);
    std::filesystem::create_directories(dir);
    path_ = dir / fmt::format("{}_{}_{}.sqlite", name, ::getpid(), counter++);
    remove();
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  ~TempDatabase() { remove(); }

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  // Applies every ivcrush migration (the state SqliteStorage needs).
  void migrate_all() const {
    Database db(path_);
    (void)migrate(db, schema_migrations(), migrated_at());
  }

  static std::chrono::sys_seconds migrated_at() {
    using namespace std::chrono;
    return sys_days{year{2024} / May / 1} + hours{13} + minutes{30};
  }

 private:
  void remove() const noexcept {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_.string() + suffix, ec);
    }
  }

  std::filesystem::path path_;
};

}  // namespace ivcrush::test
