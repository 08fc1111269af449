#include "layer/tl/boxed.hpp"

#include <string>
#include <utility>

#include "layer/tl/errors.hpp"
#include "layer/tl/printer.hpp"
#include "layer/tl/writer.hpp"

namespace layer::tl::detail {

AnyBox::AnyBox(const AnyBox& other)
    : info_(other.info_), value_(other.value_ ? other.info_->clone(other.value_) : nullptr) {}

AnyBox::AnyBox(AnyBox&& other) noexcept
    : info_(std::exchange(other.info_, nullptr)), value_(std::exchange(other.value_, nullptr)) {}

AnyBox& AnyBox::operator=(const AnyBox& other) {
  if (this != &other) *this = AnyBox(other);
  return *this;
}

AnyBox& AnyBox::operator=(AnyBox&& other) noexcept {
  std::swap(info_, other.info_);
  std::swap(value_, other.value_);
  return *this;
}

AnyBox::~AnyBox() {
  if (value_) info_->destroy(value_);
}

void AnyBox::serialize(Writer& w) const {
  if (!info_) throw EncodeError("cannot serialize an empty boxed TL value");
  w.write_u32(info_->id);
  info_->write(value_, w);
}

void AnyBox::print(Printer& out) const {
  if (info_) {
    info_->print(value_, out);
  } else {
    out.begin("<empty>");
    out.end();
  }
}

bool operator==(const AnyBox& a, const AnyBox& b) {
  if (a.info_ != b.info_) return false;
  return !a.info_ || a.info_->equal(a.value_, b.value_);
}

void AnyBox::read(Reader& r, std::uint32_t id, const TypeInfo* info, std::string_view expected) {
  if (!info) {
    r.fail(DecodeErrc::unknown_constructor,
           id_text(id) + " is not a constructor of " + std::string(expected));
  }
  Reader::DepthGuard guard(r);
  void* value = info->read(r);
  *this = AnyBox(info, value);
}

}  // namespace layer::tl::detail
