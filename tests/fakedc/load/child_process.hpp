// A child process for tests: started with posix_spawn, its stdout read line by
// line through a pipe, its stderr sent to a file, stopped with a signal. The
// destructor kills a child that is still running, so a failing test leaves no
// server behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace layer::fakedc::load {

class ChildProcess {
 public:
  // Starts program with args; throws std::system_error when it cannot.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::string& stderr_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }

  // The next line the child wrote to stdout, without its newline; nothing at
  // end of file or once deadline passed.
  std::optional<std::string> read_line(std::chrono::steady_clock::time_point deadline);

  // A field of /proc/<pid>/status in kB ("VmHWM" is the peak resident set).
  std::optional<long> status_kib(const std::string& field) const;

  // Sends signal and waits for the child until timeout; the wait status
  // (see WIFEXITED), or nothing when it had to be killed.
  std::optional<int> stop(int signal, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string pending_;
};

}  // namespace layer::fakedc::load
