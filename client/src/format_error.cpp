#include "layer/client/format_error.hpp"

#include <utility>

namespace layer::client {

FormatError::FormatError(std::size_t offset, std::string reason)
    : std::invalid_argument("at byte " + std::to_string(offset) + ": " + reason),
      offset_(offset),
      reason_(std::move(reason)) {}

}  // namespace layer::client
