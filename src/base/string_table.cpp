#include "base/string_table.h"

#include <utility>

namespace petrel::internal {

// FNV-1a: short keys (names, type encodings), one multiply a byte.
uint32_t StringTable::hash(std::string_view key) {
  uint32_t h = 2166136261u;
  for (char c : key) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
  return h;
}

size_t StringTable::probe(std::string_view key) const {
  size_t i = hash(key) & mask();
  while (slots_[i].value && slots_[i].key != key) i = (i + 1) & mask();
  return i;
}

const void* StringTable::find(std::string_view key) const {
  if (!capacity_) return nullptr;
  return slots_[probe(key)].value;
}

bool StringTable::insert(std::string_view key, const void* value) {
  // At most half full, so probes stay short and an empty slot always exists.
  if ((used_ + 1) * 2 > capacity_) grow();
  Slot& slot = slots_[probe(key)];
  if (slot.value) return false;
  slot = Slot{key, value};
  ++used_;
  return true;
}

void StringTable::erase(std::string_view key) {
  if (!capacity_) return;
  size_t hole = probe(key);
  if (!slots_[hole].value) return;
  // Backward-shift deletion: move later entries of the probe run into the
  // hole when the hole lies between their home slot and where they are, so
  // every remaining key is still found by probing from its home.
  for (size_t i = (hole + 1) & mask(); slots_[i].value; i = (i + 1) & mask()) {
    size_t home = hash(slots_[i].key) & mask();
    bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
    if (movable) {
      slots_[hole] = slots_[i];
      hole = i;
    }
  }
  slots_[hole] = Slot{};
  --used_;
}

void StringTable::grow() {
  std::unique_ptr<Slot[]> old = std::move(slots_);
  size_t old_capacity = capacity_;
  capacity_ = old_capacity ? old_capacity * 2 : 8;
  slots_.reset(new Slot[capacity_]);  // all empty
  for (size_t i = 0; i < old_capacity; ++i)
    if (old[i].value) slots_[probe(old[i].key)] = old[i];
}

}  // namespace petrel::internal
