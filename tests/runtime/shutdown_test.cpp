// Graceful shutdown: LIFO cleanup exactly once (normal exit, explicit, concurrent, on a signal),
// exceptions contained, stop flag seen by workers, handlers restored, one watcher per process.
#include "ivcrush/runtime/shutdown.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ivcrush/runtime/signal_watcher.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono_literals;

// What callbacks append to; callbacks may run on the watcher thread, hence the mutex.
struct Journal {
  std::mutex mutex;
  std::vector<std::string> entries;
  void add(std::string s) {
    const std::lock_guard lock(mutex);
    entries.push_back(std::move(s));
  }
  std::vector<std::string> get() {
    const std::lock_guard lock(mutex);
    return entries;
  }
};

TEST_CASE("normal exit: the destructor runs the callbacks once, last registered first") {
  Journal journal;
  {
    ShutdownCoordinator shutdown;
    for (const char* name : {"close db", "flush results", "print summary"}) {
      CHECK(shutdown.on_shutdown([&journal, name] { journal.add(name); }));
    }
    CHECK_FALSE(shutdown.stop_requested());
  }
  CHECK(journal.get() == std::vector<std::string>{"print summary", "flush results", "close db"});
}

TEST_CASE("run_cleanup requests stop, runs once, and later registrations are refused") {
  Journal journal;
  ShutdownCoordinator shutdown;
  const std::stop_token token = shutdown.stop_token();
  (void)shutdown.on_shutdown([&] { journal.add("a"); });
  (void)shutdown.on_shutdown(
      [&] { journal.add(token.stop_requested() ? "b saw stop" : "b did not see stop"); });
  CHECK(shutdown.run_cleanup() == 0);
  CHECK(token.stop_requested());
  CHECK(shutdown.cleanup_done());
  CHECK(shutdown.run_cleanup() == 0);  // nothing runs twice
  CHECK_FALSE(shutdown.on_shutdown([&] { journal.add("late"); }));
  CHECK(journal.get() == std::vector<std::string>{"b saw stop", "a"});
}

TEST_CASE("an exception in one callback does not stop the others") {
  Journal journal;
  std::vector<std::string> failures;
  {
    ShutdownCoordinator shutdown([&](std::exception_ptr e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        failures.emplace_back(ex.what());
      }
    });
    (void)shutdown.on_shutdown([&] { journal.add("first registered"); });
    (void)shutdown.on_shutdown([] { throw std::runtime_error("disk full"); });
    (void)shutdown.on_shutdown([] { throw 42; });  // not even a std::exception
    (void)shutdown.on_shutdown([&] { journal.add("last registered"); });
    CHECK(shutdown.run_cleanup() == 2);
    CHECK(shutdown.failure_count() == 2);
  }
  CHECK(journal.get() == std::vector<std::string>{"last registered", "first registered"});
  // 42 reached the handler too, which let it escape: contained as well.
  CHECK(failures == std::vector<std::string>{"disk full"});
}

TEST_CASE("a throwing failure handler is contained too") {
  Journal journal;
  ShutdownCoordinator shutdown([](std::exception_ptr) { throw std::logic_error("handler"); });
  (void)shutdown.on_shutdown([&] { journal.add("still runs"); });
  (void)shutdown.on_shutdown([] { throw std::runtime_error("x"); });
  CHECK(shutdown.run_cleanup() == 1);
  CHECK(journal.get() == std::vector<std::string>{"still runs"});
}

TEST_CASE("two threads calling run_cleanup: the callbacks run exactly once, both return after") {
  std::atomic<int> runs{0};
  std::atomic<bool> second_returned_early{false};
  ShutdownCoordinator shutdown;
  (void)shutdown.on_shutdown([&] {
    std::this_thread::sleep_for(20ms);  // long enough for the other caller to arrive
    ++runs;
  });
  auto call = [&] {
    shutdown.run_cleanup();
    if (runs.load() != 1) second_returned_early = true;
  };
  {
    std::jthread a(call);
    std::jthread b(call);
  }
  CHECK(runs.load() == 1);
  CHECK_FALSE(second_returned_early.load());
}

TEST_CASE("SIGTERM sets the stop flag, runs the callbacks once in LIFO order, stops workers") {
  Journal journal;
  ShutdownCoordinator shutdown;
  {
    SignalWatcher signals(shutdown);
    for (const char* name : {"1", "2", "3"}) {
      (void)shutdown.on_shutdown([&journal, name] { journal.add(name); });
    }
    std::atomic<long> iterations{0};
    std::jthread worker([&, token = shutdown.stop_token()] {
      while (!token.stop_requested()) {
        ++iterations;
        std::this_thread::sleep_for(1ms);
      }
    });
    REQUIRE(std::raise(SIGTERM) == 0);
    REQUIRE(shutdown.wait_for_cleanup(10s));
    CHECK(shutdown.stop_requested());
    CHECK(journal.get() == std::vector<std::string>{"3", "2", "1"});
    worker.join();  // returns because the worker saw the flag

    // A second signal is counted and ignored.
    REQUIRE(std::raise(SIGINT) == 0);
    for (int i = 0; i < 1000 && signals.signals_received() < 2; ++i)
      std::this_thread::sleep_for(1ms);
    CHECK(signals.signals_received() == 2);
    CHECK(journal.get().size() == 3);
  }
  CHECK(journal.get().size() == 3);  // nor did the watcher's destruction run anything
}  // nor the coordinator's

volatile std::sig_atomic_t previous_handler_calls = 0;
extern "C" void previous_handler(int) { previous_handler_calls = previous_handler_calls + 1; }

TEST_CASE("the watcher restores the previous handlers, and only one may exist") {
  struct sigaction mine {};
  mine.sa_handler = &previous_handler;
  sigemptyset(&mine.sa_mask);
  struct sigaction before {};
  REQUIRE(::sigaction(SIGTERM, &mine, &before) == 0);
  {
    ShutdownCoordinator shutdown;
    SignalWatcher signals(shutdown);
    ShutdownCoordinator other;
    CHECK_THROWS_WITH_AS(SignalWatcher{other},
                         "ivcrush::SignalWatcher: one is already installed in this process",
                         std::logic_error);
  }
  std::raise(SIGTERM);
  CHECK(previous_handler_calls == 1);
  // With the slot free again, a new watcher can be installed.
  {
    ShutdownCoordinator shutdown;
    SignalWatcher signals(shutdown, {SIGUSR1});
    std::raise(SIGUSR1);
    CHECK(shutdown.wait_for_cleanup(10s));
  }
  REQUIRE(::sigaction(SIGTERM, &before, nullptr) == 0);
}

TEST_CASE("signals that cannot be caught are rejected, leaving nothing installed") {
  ShutdownCoordinator shutdown;
  CHECK_THROWS_WITH_AS(SignalWatcher(shutdown, {SIGTERM, SIGKILL}), "signal = 9: cannot be caught",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(SignalWatcher(shutdown, {0}), "signal = 0: cannot be caught", InvalidInput);
  CHECK_NOTHROW(SignalWatcher{shutdown});  // the process-wide slot was not taken
}

}  // namespace
