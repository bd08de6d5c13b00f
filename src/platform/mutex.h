// A mutex that disappears in single-threaded builds (microcontrollers):
// define PETREL_NO_THREADS and every lock is a no-op.
#pragma once

#ifndef PETREL_NO_THREADS
#include <mutex>
#endif

namespace petrel::internal::platform {

#ifndef PETREL_NO_THREADS
using Mutex = std::mutex;
using LockGuard = std::lock_guard<std::mutex>;
#else
struct Mutex {
  void lock() {}
  void unlock() {}
};
struct LockGuard {
  explicit LockGuard(Mutex&) {}
};
#endif

}  // namespace petrel::internal::platform
