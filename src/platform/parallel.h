// Running independent tasks on the host's cores (validating the function
// bodies of a large module). Single-threaded builds (PETREL_NO_THREADS,
// microcontrollers) run them one after another on the calling thread.
#pragma once

#include <cstdint>

namespace petrel::internal::platform {

// Runs task(ctx, i) for every i in [0, count), on up to `max_threads` threads
// (the calling thread included; 0: one per core), and returns when all have
// finished. Tasks are handed out in order, one at a time, so uneven tasks
// still balance.
void parallelFor(uint32_t count, void (*task)(void* ctx, uint32_t index), void* ctx, uint32_t max_threads = 0);

}  // namespace petrel::internal::platform
