#include "platform/parallel.h"

#ifndef PETREL_NO_THREADS
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>
#endif

namespace petrel::internal::platform {

void parallelFor(uint32_t count, void (*task)(void* ctx, uint32_t index), void* ctx, uint32_t max_threads) {
#ifndef PETREL_NO_THREADS
  uint32_t cores = std::max(1u, std::thread::hardware_concurrency());
  uint32_t threads = std::min(count, max_threads ? max_threads : cores);
  if (threads > 1) {
    std::atomic<uint32_t> next{0};
    auto work = [&] {
      for (uint32_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < count;) task(ctx, i);
    };
    std::vector<std::thread> helpers;
    helpers.reserve(threads - 1);
    for (uint32_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
    for (std::thread& h : helpers) h.join();
    return;
  }
#else
  (void)max_threads;
#endif
  for (uint32_t i = 0; i < count; ++i) task(ctx, i);
}

}  // namespace petrel::internal::platform
