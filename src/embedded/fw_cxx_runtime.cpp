// The C++ runtime of the firmware build (cmake/EmbeddedProfile.cmake links it
// into the firmware, never into a host program): operator new/delete on the
// firmware's allocator (fw_allocator.cpp), and the pieces a -fno-exceptions
// build still references from libstdc++ (std::__throw_*), so no unwinder or
// exception code is linked. Each of those is a call that cannot happen in
// the core (it checks sizes before it allocates) and ends the firmware if it
// ever did.
#include <cstdlib>
#include <memory>
#include <new>
#include <typeinfo>

#include "embedded/fw_internal.h"

using petrel::internal::fw::allocateBytes;
using petrel::internal::fw::releaseBytes;

// C++ allocation. Out of memory ends the firmware (abort): the core asks
// for large blocks (linear memories, stacks) through the platform allocator,
// which fails softly; what comes here are its small bookkeeping objects.
void* operator new(std::size_t n) {
  void* p = allocateBytes(n);
  if (!p) std::abort();
  return p;
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocateBytes(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocateBytes(n); }
void operator delete(void* p) noexcept { releaseBytes(p); }
void operator delete[](void* p) noexcept { releaseBytes(p); }
void operator delete(void* p, std::size_t) noexcept { releaseBytes(p); }
void operator delete[](void* p, std::size_t) noexcept { releaseBytes(p); }

// What libstdc++ would throw: never reached by the core (it checks sizes and
// indices itself), so reaching one is a bug that ends the firmware.
namespace std {
void __throw_bad_alloc() { abort(); }
void __throw_length_error(const char*) { abort(); }
void __throw_bad_array_new_length() { abort(); }
void __throw_out_of_range_fmt(const char*, ...) { abort(); }
void __throw_logic_error(const char*) { abort(); }
void __throw_out_of_range(const char*) { abort(); }
void __throw_invalid_argument(const char*) { abort(); }
void __throw_bad_function_call() { abort(); }
void __throw_system_error(int) { abort(); }
// std::make_shared's control block asks whether a type_info is its tag;
// without RTTI no caller passes one.
bool _Sp_make_shared_tag::_S_eq(const type_info&) noexcept { return false; }
}  // namespace std

// Function-local statics: one thread (the embedded build has none), so a
// guard is a flag.
extern "C" int __cxa_guard_acquire(int* guard) { return *reinterpret_cast<char*>(guard) == 0; }
extern "C" void __cxa_guard_release(int* guard) { *reinterpret_cast<char*>(guard) = 1; }
extern "C" void __cxa_guard_abort(int*) {}
// Destructors of statics never run on a device that never exits.
extern "C" int __aeabi_atexit(void*, void (*)(void*), void*) { return 0; }
