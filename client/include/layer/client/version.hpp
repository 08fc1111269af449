#pragma once

#include <string>

namespace layer::client {

// "layer <version> (TL layer N, SQLite x.y.z)": what a bot prints at start-up.
std::string version_string();

}  // namespace layer::client
