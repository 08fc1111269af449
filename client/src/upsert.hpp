// Insert-or-replace into the small vectors a session keeps (DCs by id,
// channels by id, peers by Peer): few enough entries that a scan beats a map,
// and the vector keeps the order the stores load them in.
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "layer/client/session_store.hpp"

namespace layer::client::detail {

template <class T, class Key>
void upsert(std::vector<T>& into, const T& value, Key key) {
  const auto it = std::find_if(into.begin(), into.end(), [&](const T& x) { return key(x) == key(value); });
  if (it == into.end()) {
    into.push_back(value);
  } else {
    *it = value;
  }
}

inline void upsert_channels(std::vector<ChannelPts>& into, std::span<const ChannelPts> from) {
  for (const ChannelPts& c : from) upsert(into, c, [](const ChannelPts& x) { return x.channel_id; });
}

}  // namespace layer::client::detail
