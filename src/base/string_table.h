// A hash table from byte strings to pointers: open addressing with linear
// probing and backward-shift deletion, so no tombstones. The core's only
// hash table (export names, interned type groups): libstdc++'s unordered
// containers cost a microcontroller 2-3 KB of flash for their rehash policy
// and node code, and a list searched linearly instead lets a hostile module
// with many names or types take quadratic time. Keys are views into strings
// the caller keeps alive while they are in the table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace petrel::internal {

class StringTable {
 public:
  // The value stored under `key`, or null.
  const void* find(std::string_view key) const;
  // Stores `value` (not null) under `key` unless the key is there already;
  // returns false, and keeps the old value, if it is.
  bool insert(std::string_view key, const void* value);
  // Removes `key` if present.
  void erase(std::string_view key);
  size_t size() const { return used_; }

 private:
  struct Slot {
    std::string_view key;
    const void* value = nullptr;  // null: the slot is empty
  };
  static uint32_t hash(std::string_view key);
  size_t mask() const { return capacity_ - 1; }
  // The slot holding `key`, or the empty slot where it would go.
  size_t probe(std::string_view key) const;
  void grow();

  // A plain array, as it only ever is replaced whole by one twice as long.
  std::unique_ptr<Slot[]> slots_;
  size_t capacity_ = 0;  // a power of two, or 0
  size_t used_ = 0;
};

// The same table holding T*: one copy of the code whatever T is.
template <class T>
class StringMap {
 public:
  T* find(std::string_view key) const { return static_cast<T*>(const_cast<void*>(table_.find(key))); }
  bool insert(std::string_view key, T* value) { return table_.insert(key, value); }
  void erase(std::string_view key) { table_.erase(key); }
  size_t size() const { return table_.size(); }

 private:
  StringTable table_;
};

}  // namespace petrel::internal
