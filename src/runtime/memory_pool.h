// A pool of linear-memory slots for fast instantiation (docs/ARCHITECTURE.md,
// "Instantiation from templates"). Each slot is one reservation of address
// space, made on first use and kept: acquiring a slot maps the module's
// data image copy-on-write into it (or finds it still mapped from the last
// instance of the same module), releasing one puts it back in that state
// without unmapping. Shared by every store of an engine, on any thread.
//
// Where there is no virtual memory the pool is never created (create()
// returns null) and memories come from platform/allocator.h as before.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "platform/mutex.h"

namespace petrel::internal {

// The initial contents of one memory after its active data segments:
// [offset, offset + bytes.size()) holds `bytes` (offset and size are
// multiples of the host page), everything else is zero. Where the host
// can, the bytes also live in a sealed memory file that slots map
// copy-on-write.
class MemoryImage {
 public:
  // `memory` is the memory's initial contents up to the end of its last
  // segment; leading and trailing zero pages are left out of the image.
  static std::shared_ptr<const MemoryImage> create(const std::vector<uint8_t>& memory);
  ~MemoryImage();
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;

  uint64_t offset() const { return offset_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  int file() const { return file_; }  // -1: no memory file (copy the bytes)
  uint64_t end() const { return offset_ + bytes_.size(); }

 private:
  MemoryImage() = default;
  uint64_t offset_ = 0;
  std::vector<uint8_t> bytes_;
  int file_ = -1;
};

struct MemoryPoolConfig {
  uint32_t max_memories = 1000;               // slots
  uint64_t max_memory_bytes = uint64_t{1} << 32;  // per slot: the most a pooled memory can grow to
  // Bytes at the start of a slot that release() restores by rewriting them
  // in place (the image's bytes, zeros elsewhere) instead of discarding the
  // pages; they stay resident, so the next instance takes no page faults
  // there. See docs/PERFORMANCE.md for the measurements behind the default.
  uint64_t keep_resident_bytes = uint64_t{1} << 20;
};

class MemoryPool {
 public:
  // Null where the host has no virtual memory.
  static std::shared_ptr<MemoryPool> create(const MemoryPoolConfig& config);
  ~MemoryPool();
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  struct Lease {
    uint8_t* base = nullptr;
    uint32_t slot = 0;
    uint64_t committed_bytes = 0;  // readable and writable from base; zero (or image) past the size
  };
  // A slot whose first `bytes` read as `image` (null: all zero). False when
  // every slot is taken, `bytes` exceeds the slot size, or the host refuses
  // to map; the caller then makes an ordinary memory.
  bool acquire(const std::shared_ptr<const MemoryImage>& image, uint64_t bytes, Lease& lease);
  // Gives a slot back. `used_bytes`: the largest size the memory had (every
  // byte below may be dirty); `committed_bytes`: what it committed.
  void release(uint32_t slot, uint64_t used_bytes, uint64_t committed_bytes);

  const MemoryPoolConfig& config() const { return config_; }
  uint64_t slotBytes() const { return slot_bytes_; }
  uint32_t slotsInUse() const;

 private:
  explicit MemoryPool(const MemoryPoolConfig& config);
  struct Slot {
    uint8_t* base = nullptr;  // null until first used
    uint64_t committed = 0;
    std::shared_ptr<const MemoryImage> image;  // mapped (or copied) at [image->offset(), image->end())
    bool in_use = false;
  };
  bool prepare(Slot& slot, const std::shared_ptr<const MemoryImage>& image, uint64_t bytes);
  void reset(Slot& slot, uint64_t used_bytes);

  MemoryPoolConfig config_;
  uint64_t slot_bytes_ = 0;
  std::vector<Slot> slots_;      // sized once; a slot's fields belong to its holder while in use
  mutable platform::Mutex mutex_;  // guards free_ and in_use_
  std::vector<uint32_t> free_;   // most recently released last
  uint32_t in_use_ = 0;
};

}  // namespace petrel::internal
