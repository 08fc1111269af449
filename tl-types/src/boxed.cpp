#include "layer/tl/boxed.hpp"

#include <string>
#include <utility>

#include "layer/tl/errors.hpp"
#include "layer/tl/printer.hpp"
#include "layer/tl/writer.hpp"

namespace layer::tl::detail {

AnyBox::AnyBox(const AnyBox& other) : info_(other.info_), storage_(other.storage_) {
  if (info_ && !info_->stored_inline) storage_.heap = info_->clone(other.storage_.heap);
}

AnyBox::AnyBox(AnyBox&& other) noexcept
    : info_(std::exchange(other.info_, nullptr)), storage_(std::exchange(other.storage_, Storage{})) {}

AnyBox& AnyBox::operator=(const AnyBox& other) {
  if (this != &other) *this = AnyBox(other);
  return *this;
}

AnyBox& AnyBox::operator=(AnyBox&& other) noexcept {
  std::swap(info_, other.info_);
  std::swap(storage_, other.storage_);
  return *this;
}

AnyBox::~AnyBox() {
  if (info_ && !info_->stored_inline) info_->destroy(storage_.heap);
}

void AnyBox::serialize(Writer& w) const {
  if (!info_) throw EncodeError("cannot serialize an empty boxed TL value");
  w.write_u32(info_->id);
  info_->write(value(), w);
}

void AnyBox::print(Printer& out) const {
  if (info_) {
    info_->print(value(), out);
  } else {
    out.begin("<empty>");
    out.end();
  }
}

bool operator==(const AnyBox& a, const AnyBox& b) {
  if (a.info_ != b.info_) return false;
  return !a.info_ || a.info_->equal(a.value(), b.value());
}

void AnyBox::read(Reader& r, std::uint32_t id, const TypeInfo* info, std::string_view expected) {
  if (!info) {
    r.fail(DecodeErrc::unknown_constructor,
           id_text(id) + " is not a constructor of " + std::string(expected));
  }
  if (!empty()) {
    // Read beside the old value, so that a failed read leaves it as it was.
    AnyBox fresh;
    fresh.read(r, id, info, expected);
    *this = std::move(fresh);
    return;
  }
  Reader::DepthGuard guard(r);
  // Straight into this box: a value read elsewhere and copied in would cost
  // a store-to-load stall on the inline bytes.
  void* value = info->read(r, storage_.bytes);
  if (!info->stored_inline) storage_.heap = value;
  info_ = info;  // only now, so a throw leaves the box empty
}

}  // namespace layer::tl::detail
