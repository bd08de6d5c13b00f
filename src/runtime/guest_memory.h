// Bounds-checked access to the calling instance's linear memory, for host
// functions (WASI, petrel_hw, the firmware's console). Every pointer and
// length a guest passes goes through here: an access outside the memory
// fails (the host function reports an error code) and never touches host
// memory. Values are little-endian whatever the host is.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/instance.h"
#include "runtime/objects.h"

namespace petrel::internal {

class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}
  // The memory 0 of the instance whose code called a host function (empty
  // when it has none).
  explicit GuestMemory(const HostCallContext& ctx) {
    if (ctx.caller && ctx.caller->memory0) {
      base_ = ctx.caller->memory0->data;
      size_ = ctx.caller->memory0->size_bytes;
    }
  }

  uint64_t size() const { return size_; }

  // [ptr, ptr + len) lies inside the memory. 64-bit arithmetic: a 32-bit
  // pointer plus a 32-bit length cannot wrap.
  bool contains(uint64_t ptr, uint64_t len) const { return ptr <= size_ && len <= size_ - ptr; }

  // Host address of [ptr, ptr + len), or nullptr when out of bounds. A
  // zero-length range at the end is valid (and points at the end).
  uint8_t* span(uint64_t ptr, uint64_t len) const {
    if (!contains(ptr, len)) return nullptr;
    return base_ ? base_ + ptr : reinterpret_cast<uint8_t*>(&empty_);
  }

  template <class T>
  bool load(uint64_t ptr, T& out) const {
    const uint8_t* p = span(ptr, sizeof(T));
    if (!p) return false;
    std::memcpy(&out, p, sizeof(T));
    out = fromLittle(out);
    return true;
  }
  template <class T>
  bool store(uint64_t ptr, T value) const {
    uint8_t* p = span(ptr, sizeof(T));
    if (!p) return false;
    value = fromLittle(value);
    std::memcpy(p, &value, sizeof(T));
    return true;
  }
  bool storeBytes(uint64_t ptr, const void* data, uint64_t len) const {
    uint8_t* p = span(ptr, len);
    if (!p) return false;
    if (len) std::memcpy(p, data, len);
    return true;
  }
  bool loadString(uint64_t ptr, uint64_t len, std::string& out) const {
    const uint8_t* p = span(ptr, len);
    if (!p) return false;
    out.assign(reinterpret_cast<const char*>(p), len);
    return true;
  }

 private:
  template <class T>
  static T fromLittle(T v) {
    if constexpr (std::endian::native == std::endian::little || sizeof(T) == 1) {
      return v;
    } else {
      T r;
      auto* s = reinterpret_cast<const uint8_t*>(&v);
      auto* d = reinterpret_cast<uint8_t*>(&r);
      for (size_t i = 0; i < sizeof(T); ++i) d[i] = s[sizeof(T) - 1 - i];
      return r;
    }
  }

  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  static inline uint64_t empty_ = 0;
};

}  // namespace petrel::internal
