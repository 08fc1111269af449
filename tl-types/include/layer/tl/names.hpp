#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace layer::tl {

// The name of a constructor or function exactly as the schema writes it
// ("messages.sendMessage", "boolTrue"), for every id of api.tl and mtproto.tl;
// nothing for an id neither schema defines.
std::optional<std::string_view> name_for_id(std::uint32_t id) noexcept;

}  // namespace layer::tl
