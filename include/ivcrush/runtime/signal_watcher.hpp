// ivcrush/runtime/signal_watcher.hpp: SIGINT/SIGTERM → a ShutdownCoordinator (POSIX only).
//
//   ShutdownCoordinator shutdown;
//   SignalWatcher signals(shutdown);                 // default: {SIGINT, SIGTERM}
//   ... workers poll shutdown.stop_token() ...
//   // Ctrl-C: the stop flag is set and the cleanup callbacks run (LIFO, once), on the watcher's
//   // thread; main then returns normally and the coordinator does not run them again.
//
// Signal dispositions are process-global by nature, so this type is the one place in ivcrush
// that touches process-global state, and it says so:
// - Its constructor installs a handler for each signal (sigaction, SA_RESTART) and remembers the
//   previous disposition; its destructor restores them (RAII). At most one SignalWatcher may be
//   alive in a process; constructing a second throws std::logic_error.
// - The handler does only what is async-signal-safe: it reads a lock-free std::atomic<int> (the
//   pipe's write end) and write()s one byte to a non-blocking self-pipe, preserving errno.
//   These atomics are the process-global part, kept in one detail struct.
// - A watcher thread, started by the constructor and joined by the destructor (the one thread
//   ivcrush itself starts), blocks in read() on the pipe. On the first signal it calls
//   coordinator.request_stop() then coordinator.run_cleanup(); later signals are counted and
//   otherwise ignored, as the original did (so a stuck cleanup needs SIGKILL, or the watcher's
//   destruction, which restores the previous handlers). The callbacks therefore run on a signal
//   (the original's never did: its handler set the "shutting down" flag that made cleanup return
//   early).
// - The coordinator must outlive the watcher: declare the watcher after it. Between the watcher's
//   destruction and the coordinator's, a signal gets the previous disposition.
// Errors: a signal that cannot be caught (SIGKILL, SIGSTOP) or is not a signal throws InvalidInput
// ("signal = 9: cannot be caught"); pipe or thread creation failures throw std::system_error.
// Build: needs POSIX (<signal.h>, <unistd.h>, <fcntl.h>) and threads. On glibc >= 2.34 (Debian
// 12) no link flag is needed; elsewhere link Threads::Threads.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/runtime/shutdown.hpp"

namespace ivcrush::inline v0 {
namespace detail {

// The only process-global state in ivcrush: what a signal handler may touch.
struct SignalPipeState {
  static_assert(std::atomic<int>::is_always_lock_free);
  static_assert(std::atomic<bool>::is_always_lock_free);
  static inline std::atomic<int> write_fd{-1};  // the self-pipe's write end, -1 when none
  static inline std::atomic<int> in_flight{0};  // handlers between their load and write
  static inline std::atomic<bool> installed{false};

  static void on_signal(int signal_number) noexcept {
    const int saved_errno = errno;
    in_flight.fetch_add(1);  // seq_cst pairs with the destructor's store(-1) then load
    const int fd = write_fd.load();
    if (fd >= 0) {
      const auto byte = static_cast<unsigned char>(signal_number);
      [[maybe_unused]] const auto written = ::write(fd, &byte, 1);  // full pipe: signal dropped
    }
    in_flight.fetch_sub(1);
    errno = saved_errno;
  }
};

}  // namespace detail

class SignalWatcher {
 public:
  explicit SignalWatcher(ShutdownCoordinator& coordinator,
                         std::initializer_list<int> signals = {SIGINT, SIGTERM})
      : coordinator_(&coordinator), signals_(signals) {
    for (const int signal_number : signals_) {
      // Values above 255 would not fit the pipe's one byte per signal.
      if (signal_number <= 0 || signal_number > 255 || signal_number == SIGKILL ||
          signal_number == SIGSTOP) {
        detail::throw_invalid(ErrorCode::out_of_range, "signal", signal_number, "cannot be caught");
      }
    }
    if (detail::SignalPipeState::installed.exchange(true)) {
      throw std::logic_error("ivcrush::SignalWatcher: one is already installed in this process");
    }
    try {
      open_pipe();
      thread_ = std::thread([this] { watch(); });
      install_handlers();
    } catch (...) {
      teardown();  // leaves the process as it was, then rethrows
      throw;
    }
  }

  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  ~SignalWatcher() { teardown(); }

  // Signals received so far (the first one triggered the shutdown).
  [[nodiscard]] std::size_t signals_received() const noexcept { return received_.load(); }

 private:
  void open_pipe() {
    int fds[2] = {-1, -1};
    if (::pipe(fds) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    read_fd_ = fds[0];
    write_fd_ = fds[1];
    // Non-blocking write end: a handler must never block. Close-on-exec for both ends.
    if (::fcntl(write_fd_, F_SETFL, O_NONBLOCK) != 0 ||
        ::fcntl(read_fd_, F_SETFD, FD_CLOEXEC) != 0 ||
        ::fcntl(write_fd_, F_SETFD, FD_CLOEXEC) != 0) {
      throw std::system_error(errno, std::generic_category(), "fcntl");
    }
    detail::SignalPipeState::write_fd.store(write_fd_);
  }

  void install_handlers() {
    for (const int signal_number : signals_) {
      struct sigaction action {};
      action.sa_handler = &detail::SignalPipeState::on_signal;
      sigemptyset(&action.sa_mask);
      action.sa_flags = SA_RESTART;
      struct sigaction previous {};
      if (::sigaction(signal_number, &action, &previous) != 0) {
        throw std::system_error(errno, std::generic_category(), "sigaction");
      }
      previous_.push_back(previous);
    }
  }

  void watch() noexcept {
    for (;;) {
      unsigned char byte = 0;
      const auto got = ::read(read_fd_, &byte, 1);
      if (got < 0 && errno == EINTR) continue;
      if (got != 1) return;  // end of file: the destructor closed the write end
      if (received_.fetch_add(1) == 0) {
        coordinator_->request_stop();
        coordinator_->run_cleanup();
      }
    }
  }

  // Restores the handlers, stops the watcher, closes the pipe, releases the process-wide slot.
  void teardown() noexcept {
    for (std::size_t i = 0; i < previous_.size(); ++i) {
      ::sigaction(signals_[i], &previous_[i], nullptr);
    }
    previous_.clear();
    // No handler may be about to write to a descriptor we are closing: after this store a new
    // handler sees -1, and one that loaded the old value is counted in in_flight.
    detail::SignalPipeState::write_fd.store(-1);
    while (detail::SignalPipeState::in_flight.load() != 0) std::this_thread::yield();
    // Closing the write end wakes the watcher with end-of-file once it has read what is left.
    if (write_fd_ >= 0) ::close(write_fd_);
    if (thread_.joinable()) thread_.join();
    if (read_fd_ >= 0) ::close(read_fd_);
    read_fd_ = write_fd_ = -1;
    detail::SignalPipeState::installed.store(false);
  }

  ShutdownCoordinator* coordinator_;
  std::vector<int> signals_;
  std::vector<struct sigaction> previous_;  // parallel to signals_ while installed
  int read_fd_ = -1;
  int write_fd_ = -1;
  std::atomic<std::size_t> received_{0};
  std::thread thread_;
};

}  // namespace ivcrush::inline v0
