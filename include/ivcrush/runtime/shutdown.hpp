// ivcrush/runtime/shutdown.hpp: graceful shutdown of a long-running program, without globals.
//
//   int main() {
//     ShutdownCoordinator shutdown;                        // first: destroyed last
//     SignalWatcher signals(shutdown);                     // runtime/signal_watcher.hpp (POSIX)
//     (void)shutdown.on_shutdown([&] { results.flush(); });          // runs last
//     (void)shutdown.on_shutdown([&] { fmt::print("stopping\n"); }); // runs first
//     std::jthread worker([token = shutdown.stop_token()] {
//       while (!token.stop_requested()) scan_next();      // workers poll the stop flag
//     });
//   }   // normal exit: the coordinator runs the callbacks here, unless a signal already did
//
// A ShutdownCoordinator owns a std::stop_source (the stop flag workers poll through
// stop_token(), or react to with std::stop_callback) and a stack of cleanup callbacks.
// - run_cleanup() requests stop, then runs the callbacks in reverse registration order (LIFO),
//   exactly once however many threads call it: the first caller runs them, the others block until
//   it has finished, so nothing is torn down while a callback still runs.
// - An exception from a callback is caught, passed to the failure handler given at construction
//   (on the thread running the cleanup), counted, and the remaining callbacks still run. A
//   failure handler that throws is ignored, for the same reason.
// - The destructor calls run_cleanup(): "normal exit" is the end of the coordinator's scope.
//   std::exit and std::quick_exit skip it, as they skip every destructor of automatic objects.
// - on_shutdown() after the cleanup has started returns false and does not keep the callback
//   (a worker racing a signal learns that it must clean up itself).
// Thread safety: every member may be called from any thread. A callback may call stop_token(),
// stop_requested() and on_shutdown() (which then returns false), not run_cleanup() or the
// wait functions (it would wait for itself).
// Signals are not handled here: this header is portable C++ and starts no thread. SignalWatcher
// connects SIGINT/SIGTERM to a coordinator.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <stop_token>
#include <utility>
#include <vector>

namespace ivcrush::inline v0 {

class ShutdownCoordinator {
 public:
  using Callback = std::function<void()>;
  using FailureHandler = std::function<void(std::exception_ptr)>;

  ShutdownCoordinator() = default;
  explicit ShutdownCoordinator(FailureHandler on_failure) : on_failure_(std::move(on_failure)) {}

  ShutdownCoordinator(const ShutdownCoordinator&) = delete;
  ShutdownCoordinator& operator=(const ShutdownCoordinator&) = delete;

  ~ShutdownCoordinator() { run_cleanup(); }

  [[nodiscard]] std::stop_token stop_token() const noexcept { return stop_.get_token(); }
  [[nodiscard]] bool stop_requested() const noexcept { return stop_.stop_requested(); }

  // Sets the stop flag (runs the std::stop_callbacks registered on the token, on this thread);
  // true iff this call set it.
  bool request_stop() noexcept { return stop_.request_stop(); }

  // Pushes a cleanup callback; false (callback dropped) once the cleanup has started.
  [[nodiscard]] bool on_shutdown(Callback callback) {
    const std::lock_guard lock(mutex_);
    if (state_ != State::idle) return false;
    callbacks_.push_back(std::move(callback));
    return true;
  }

  // Requests stop and runs the callbacks LIFO, once. Returns how many callbacks threw in this
  // call (0 when another call ran them; that call is waited for).
  std::size_t run_cleanup() noexcept {
    request_stop();
    std::vector<Callback> callbacks;
    {
      std::unique_lock lock(mutex_);
      if (state_ != State::idle) {
        done_.wait(lock, [this] { return state_ == State::done; });
        return 0;
      }
      state_ = State::running;
      callbacks.swap(callbacks_);
    }
    std::size_t failures = 0;
    for (auto it = callbacks.rbegin(); it != callbacks.rend(); ++it) {
      // Containing every exception is the point: one failed cleanup must not skip the others.
      try {
        (*it)();
      } catch (...) {
        ++failures;
        report(std::current_exception());
      }
    }
    callbacks.clear();  // destroy the callables before declaring the cleanup done
    {
      const std::lock_guard lock(mutex_);
      state_ = State::done;
      failures_ = failures;
    }
    done_.notify_all();
    return failures;
  }

  [[nodiscard]] bool cleanup_done() const {
    const std::lock_guard lock(mutex_);
    return state_ == State::done;
  }

  // How many callbacks threw during the cleanup (0 before it).
  [[nodiscard]] std::size_t failure_count() const {
    const std::lock_guard lock(mutex_);
    return failures_;
  }

  // Blocks until the cleanup has run (started by a signal, another thread or run_cleanup).
  void wait_for_cleanup() const {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return state_ == State::done; });
  }

  // As above with a timeout; true iff the cleanup has run.
  template <class Rep, class Period>
  [[nodiscard]] bool wait_for_cleanup(std::chrono::duration<Rep, Period> timeout) const {
    std::unique_lock lock(mutex_);
    return done_.wait_for(lock, timeout, [this] { return state_ == State::done; });
  }

 private:
  enum class State { idle, running, done };

  void report(std::exception_ptr error) const noexcept {
    if (!on_failure_) return;
    try {
      on_failure_(std::move(error));
    } catch (...) {  // a failing failure handler must not stop the remaining callbacks either
    }
  }

  std::stop_source stop_;
  FailureHandler on_failure_;
  mutable std::mutex mutex_;
  mutable std::condition_variable done_;
  std::vector<Callback> callbacks_;
  State state_ = State::idle;
  std::size_t failures_ = 0;
};

}  // namespace ivcrush::inline v0
