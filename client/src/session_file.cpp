#include "session_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

#include "layer/client/errors.hpp"

namespace layer::client {
namespace {

[[noreturn]] void fail_errno(const std::filesystem::path& file, const char* what) {
  throw std::system_error(errno, std::system_category(), file.string() + ": " + what);
}

class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

int open_0600(const std::filesystem::path& file) {
  // O_CREAT without O_EXCL: an existing file keeps its mode, a new one gets
  // 0600 (less whatever the umask removes) from the first instant.
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR);
  if (fd < 0) fail_errno(file, "cannot open");
  return fd;
}

}  // namespace

SessionFileLock::SessionFileLock(const std::filesystem::path& database) {
  std::filesystem::path lock_path = database;
  lock_path += "-lock";
  Fd fd(open_0600(lock_path));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      throw std::system_error(make_error_code(client_errc::session_in_use),
                              database.string() + ": in use by another process or SqliteSessionStore (" +
                                  lock_path.string() + " is locked)");
    }
    fail_errno(lock_path, "cannot lock");
  }
  fd_ = fd.release();
}

SessionFileLock::~SessionFileLock() {
  ::close(fd_);
}

void prepare_database_file(const std::filesystem::path& database) {
  static constexpr char kMagic[16] = "SQLite format 3";  // with its terminating NUL, as on disk
  Fd fd(open_0600(database));
  char head[sizeof kMagic];
  std::size_t got = 0;
  while (got < sizeof head) {
    const ssize_t n = ::read(fd.get(), head + got, sizeof head - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_errno(database, "cannot read");
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got != 0 && (got < sizeof head || std::memcmp(head, kMagic, sizeof kMagic) != 0)) {
    throw std::system_error(make_error_code(client_errc::foreign_session_file),
                            database.string() + ": not an SQLite database, refusing to use it as a session");
  }
}

}  // namespace layer::client
