// The world on disk: the state file holds auth keys, so it is written 0600
// and replaced atomically; a damaged one is refused as a whole.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "world_file.hpp"

namespace layer::fakedc {
namespace {

void write_file_0600(const std::string& path, std::span<const std::byte> data) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + temp);
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw std::system_error(error, std::generic_category(), "cannot write " + temp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || std::rename(temp.c_str(), path.c_str()) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot replace " + path);
  }
}

}  // namespace

void World::save(const std::string& path) const {
  tl::Bytes out;
  {
    tl::Writer w(out);
    WorldFile::write(*this, w);
  }
  write_file_0600(path, out);
}

void World::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read state file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string data = text.str();
  World loaded(clock_, *rng_, unauthorized_keys_per_dc_);
  try {
    tl::Reader r(std::as_bytes(std::span(data.data(), data.size())));
    WorldFile::read(loaded, r);
    if (r.remaining() != 0) r.fail(tl::DecodeErrc::trailing_bytes, "after the world");
  } catch (const tl::DecodeError& e) {
    throw std::runtime_error("state file " + path + ": " + e.what());
  }
  *this = std::move(loaded);
}

}  // namespace layer::fakedc
