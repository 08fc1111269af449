// Serving clients that speak an older TL layer than ours (Telethon, GramJS,
// an app built last year). Most constructors are the same in every layer; for
// the few whose definition changed, an overlay (tests/data/layers/N.tl) gives
// that layer's definitions, and the translator rewrites those objects field by
// field, matched by name: requests from the layer's terms into ours, answers
// and pushes from ours into the layer's. Fields one side lacks are dropped or,
// when required, filled with zero values; an object the old layer cannot
// express at all is an error naming it.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string_view>

#include "layer/tl/bytes.hpp"

namespace layer::fakedc {

class Translator {
 public:
  // current: our schema (api.tl and mtproto.tl); overlays: layer → the
  // definitions of that layer that differ from ours.
  Translator(std::string_view current, const std::map<int, std::string_view>& overlays);
  ~Translator();
  Translator(const Translator&) = delete;
  Translator& operator=(const Translator&) = delete;

  // Whether layer has an overlay: other layers are served as ours.
  bool translates(int layer) const;

  // A request in the layer's terms, in ours. Throws tl::DecodeError for bytes
  // that are not a request of that layer, std::runtime_error when it cannot be
  // expressed in ours.
  tl::Bytes request_to_current(int layer, std::span<const std::byte> request) const;
  // The answer to `request` (in our terms) in the layer's terms.
  tl::Bytes result_to_layer(int layer, std::span<const std::byte> request,
                            std::span<const std::byte> result) const;
  // A boxed object (an Updates push, say) in the layer's terms.
  tl::Bytes to_layer(int layer, std::span<const std::byte> object) const;

 private:
  struct Schemas;
  std::unique_ptr<Schemas> schemas_;
};

// Our schema (mtproto.tl and api.tl) and the overlays of tests/data/layers,
// built into the fake DC.
std::string_view current_schema_text();
const std::map<int, std::string_view>& built_in_overlays();

// The translator over the built-in schemas, plus `extra` overlays (which win
// over built-in ones of the same layer); the built-in one is shared.
std::shared_ptr<const Translator> make_translator(const std::map<int, std::string>& extra);

}  // namespace layer::fakedc
