#include "runtime/memory_pool.h"

#include <algorithm>
#include <cstring>

#include "platform/virtual_memory.h"

namespace petrel::internal {

// --- MemoryImage -------------------------------------------------------------

std::shared_ptr<const MemoryImage> MemoryImage::create(const std::vector<uint8_t>& memory) {
  std::shared_ptr<MemoryImage> image(new MemoryImage());
  size_t page = platform::hostPageSize();
  size_t first = 0, last = memory.size();
  while (first < last && memory[first] == 0) ++first;
  while (last > first && memory[last - 1] == 0) --last;
  if (first == last) return image;  // all zero: an empty image
  size_t begin = first & ~(page - 1);
  size_t end = platform::roundUpToHostPage(last);
  image->offset_ = begin;
  image->bytes_.assign(end - begin, 0);
  std::memcpy(image->bytes_.data(), memory.data() + begin, last - begin);
  image->file_ = platform::createMemoryImage(image->bytes_.data(), image->bytes_.size());
  return image;
}

MemoryImage::~MemoryImage() { platform::closeMemoryImage(file_); }

// --- MemoryPool --------------------------------------------------------------

std::shared_ptr<MemoryPool> MemoryPool::create(const MemoryPoolConfig& config) {
  if (!PETREL_HAS_VIRTUAL_MEMORY || config.max_memories == 0 || config.max_memory_bytes == 0) return nullptr;
  return std::shared_ptr<MemoryPool>(new MemoryPool(config));
}

MemoryPool::MemoryPool(const MemoryPoolConfig& config) : config_(config) {
  slot_bytes_ = platform::roundUpToHostPage(static_cast<size_t>(config.max_memory_bytes));
  slots_.resize(config.max_memories);
  // Reversed, so that slots are first handed out from 0 up and released
  // slots (pushed at the back) are reused first, while their pages are warm.
  free_.reserve(config.max_memories);
  for (uint32_t i = config.max_memories; i-- > 0;) free_.push_back(i);
}

MemoryPool::~MemoryPool() {
  for (Slot& s : slots_)
    if (s.base) platform::releaseAddressSpace(s.base, static_cast<size_t>(slot_bytes_));
}

uint32_t MemoryPool::slotsInUse() const {
  platform::LockGuard lock(mutex_);
  return in_use_;
}

bool MemoryPool::acquire(const std::shared_ptr<const MemoryImage>& image, uint64_t bytes, Lease& lease) {
  if (bytes > slot_bytes_) return false;
  uint32_t index;
  {
    platform::LockGuard lock(mutex_);
    if (free_.empty()) return false;
    // Prefer a recent slot that already holds this image: it needs no
    // mapping at all. Only the last few are looked at, to keep the lock short.
    size_t pick = free_.size() - 1;
    size_t stop = free_.size() > 16 ? free_.size() - 16 : 0;
    for (size_t i = free_.size(); i-- > stop;) {
      if (slots_[free_[i]].image == image) {
        pick = i;
        break;
      }
    }
    index = free_[pick];
    free_.erase(free_.begin() + static_cast<ptrdiff_t>(pick));
    ++in_use_;
  }
  Slot& slot = slots_[index];
  if (!prepare(slot, image, bytes)) {
    platform::LockGuard lock(mutex_);
    free_.push_back(index);
    --in_use_;
    return false;
  }
  slot.in_use = true;
  lease.base = slot.base;
  lease.slot = index;
  lease.committed_bytes = slot.committed;
  return true;
}

bool MemoryPool::prepare(Slot& slot, const std::shared_ptr<const MemoryImage>& image, uint64_t bytes) {
  auto fail = [&] {
    // Whatever state the slot is in, dropping its reservation makes it
    // clean again (the next user reserves afresh).
    if (slot.base) platform::releaseAddressSpace(slot.base, static_cast<size_t>(slot_bytes_));
    slot.base = nullptr;
    slot.committed = 0;
    slot.image.reset();
    return false;
  };
  if (!slot.base) {
    slot.base = static_cast<uint8_t*>(platform::reserveAddressSpace(static_cast<size_t>(slot_bytes_)));
    if (!slot.base) return false;
    slot.committed = 0;
  }
  uint64_t need = platform::roundUpToHostPage(static_cast<size_t>(bytes));
  if (need > slot.committed) {
    if (!platform::commitPages(slot.base + slot.committed, static_cast<size_t>(need - slot.committed))) return fail();
    slot.committed = need;
  }
  if (slot.image != image) {
    // An image always lies below the initial size of its memory, so the
    // range of the old one is committed, and the new one will be.
    if (slot.image && !slot.image->bytes().empty() &&
        !platform::mapZeroPages(slot.base + slot.image->offset(), slot.image->bytes().size()))
      return fail();
    slot.image.reset();
    if (image && !image->bytes().empty()) {
      if (image->end() > slot.committed) return fail();
      uint8_t* at = slot.base + image->offset();
      if (image->file() >= 0) {
        if (!platform::mapMemoryImage(at, image->bytes().size(), image->file())) return fail();
      } else {
        std::memcpy(at, image->bytes().data(), image->bytes().size());
      }
    }
    slot.image = image;
  }
  return true;
}

void MemoryPool::reset(Slot& slot, uint64_t used_bytes) {
  uint64_t used = std::min<uint64_t>(platform::roundUpToHostPage(static_cast<size_t>(used_bytes)), slot.committed);
  uint64_t keep = std::min<uint64_t>(used, config_.keep_resident_bytes & ~uint64_t{platform::hostPageSize() - 1});
  const MemoryImage* image = slot.image.get();
  uint64_t image_begin = image ? image->offset() : 0, image_end = image ? image->end() : 0;
  // [0, keep): rewritten in place. These pages stay resident (and, in the
  // image, private), so the next instance takes no faults there; rewriting
  // a resident 4 KiB page costs a fraction of a page fault.
  auto restore = [&](uint64_t from, uint64_t to) {
    uint64_t a = std::max(from, image_begin), b = std::min(to, image_end);
    if (a < b) {
      if (from < a) std::memset(slot.base + from, 0, a - from);
      std::memcpy(slot.base + a, image->bytes().data() + (a - image_begin), b - a);
      if (b < to) std::memset(slot.base + b, 0, to - b);
    } else if (from < to) {
      std::memset(slot.base + from, 0, to - from);
    }
  };
  // Only pages touched since they were last clean need rewriting: the
  // kernel says which anonymous pages are resident. Image pages always look
  // resident (the memory file's pages are), so they are always rewritten;
  // an image is small.
  const size_t page = platform::hostPageSize();
  constexpr size_t kChunkPages = 256;
  uint8_t resident[kChunkPages];
  for (uint64_t chunk = 0; chunk < keep; chunk += kChunkPages * page) {
    size_t bytes = static_cast<size_t>(std::min<uint64_t>(keep - chunk, kChunkPages * page));
    if (!platform::residentPages(slot.base + chunk, bytes, resident)) {
      restore(chunk, chunk + bytes);
      continue;
    }
    size_t pages = bytes / page;
    for (size_t i = 0; i < pages;) {
      uint64_t at = chunk + i * page;
      bool dirty = (resident[i] & 1) || (at < image_end && at + page > image_begin);
      size_t j = i + 1;
      while (j < pages) {
        uint64_t next = chunk + j * page;
        bool next_dirty = (resident[j] & 1) || (next < image_end && next + page > image_begin);
        if (next_dirty != dirty) break;
        ++j;
      }
      if (dirty) restore(at, chunk + j * page);
      i = j;
    }
  }
  // [keep, used): discarded. Anonymous pages read as zero again and pages of
  // the mapped image as the image again, both faulted in on next touch.
  bool ok = platform::discardPages(slot.base + keep, static_cast<size_t>(used - keep));
  // An image without a memory file was copied in, so discarding zeroed it.
  if (ok && image && image->file() < 0 && image_end > keep) restore(std::max(keep, image_begin), image_end);
  if (!ok) {
    platform::releaseAddressSpace(slot.base, static_cast<size_t>(slot_bytes_));
    slot.base = nullptr;
    slot.committed = 0;
    slot.image.reset();
  }
}

void MemoryPool::release(uint32_t index, uint64_t used_bytes, uint64_t committed_bytes) {
  Slot& slot = slots_[index];
  slot.committed = std::max(slot.committed, committed_bytes);
  reset(slot, used_bytes);
  slot.in_use = false;
  platform::LockGuard lock(mutex_);
  free_.push_back(index);
  --in_use_;
}

}  // namespace petrel::internal
