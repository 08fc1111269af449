#include "layer/client/version.hpp"

#include <sqlite3.h>

#include <boost/version.hpp>

#include "layer/mtproto/version.hpp"

namespace layer::client {

std::string version_string() {
  return "layer 0.1.0 (TL layer " + std::to_string(mtproto::tl_layer()) + ", Boost " +
         std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
         ", SQLite " + sqlite3_libversion() + ")";
}

}  // namespace layer::client
