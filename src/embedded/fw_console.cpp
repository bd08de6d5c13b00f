#include "embedded/fw_console.h"

#include "embedded/fw_internal.h"

#include <cstring>
#include <string>

#include "petrel_port.h"
#include "runtime/guest_memory.h"
#include "runtime/store.h"

namespace petrel::internal::fw {
namespace {

// WASI errnos (wasi_snapshot_preview1.witx).
constexpr uint32_t kSuccess = 0, kBadf = 8, kFault = 21, kInval = 28, kNosys = 52, kSpipe = 70;

void putErrno(Slot* results, uint32_t e) {
  results[0].bits = 0;
  results[0].i32 = e;
}

uint32_t fdWrite(const GuestMemory& mem, const Slot* a) {
  uint32_t fd = a[0].i32, iovs = a[1].i32, count = a[2].i32, nwritten_ptr = a[3].i32;
  if (fd != 1 && fd != 2) return kBadf;
  const uint8_t* list = mem.span(iovs, uint64_t{count} * 8);
  if (!list) return kFault;
  uint64_t total = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf, len;
    std::memcpy(&buf, list + 8 * i, 4);
    std::memcpy(&len, list + 8 * i + 4, 4);
    const uint8_t* p = mem.span(buf, len);
    if (!p) return kFault;
    petrel_port_console_write(static_cast<int>(fd), p, len);
    total += len;
  }
  return mem.store<uint32_t>(nwritten_ptr, static_cast<uint32_t>(total)) ? kSuccess : kFault;
}

// Empty arguments and environment: counts 0, 0 bytes.
uint32_t sizesZero(const GuestMemory& mem, const Slot* a) {
  return mem.store<uint32_t>(a[0].i32, 0) && mem.store<uint32_t>(a[1].i32, 0) ? kSuccess : kFault;
}
uint32_t listEmpty(const GuestMemory&, const Slot*) { return kSuccess; }

uint32_t clockTimeGet(const GuestMemory& mem, const Slot* a) {
  // realtime (0), monotonic (1), process and thread CPU time (2, 3): the
  // port's one monotonic clock, in nanoseconds.
  if (a[0].i32 > 3) return kInval;
  return mem.store<uint64_t>(a[2].i32, petrel_port_clock_us() * 1000) ? kSuccess : kFault;
}

uint32_t fdFdstatGet(const GuestMemory& mem, const Slot* a) {
  uint32_t fd = a[0].i32;
  if (fd > 2) return kBadf;
  uint8_t* p = mem.span(a[1].i32, 24);
  if (!p) return kFault;
  std::memset(p, 0, 24);
  p[0] = 2;  // character device
  uint64_t rights = fd == 0 ? 0x2 /* fd_read */ : 0x40 /* fd_write */;
  std::memcpy(p + 8, &rights, 8);
  return kSuccess;
}

uint32_t fdClose(const GuestMemory&, const Slot* a) { return a[0].i32 <= 2 ? kSuccess : kBadf; }
uint32_t fdSeek(const GuestMemory&, const Slot* a) { return a[0].i32 <= 2 ? kSpipe : kBadf; }
uint32_t schedYield(const GuestMemory&, const Slot*) { return kSuccess; }

struct ConsoleFunction {
  const char* name;
  const char* params;  // i = i32, I = i64; every one returns an errno (i32), but proc_exit
  uint32_t (*impl)(const GuestMemory&, const Slot*);
};

constexpr ConsoleFunction kFunctions[] = {
    {"fd_write", "iiii", fdWrite},
    {"args_sizes_get", "ii", sizesZero},
    {"args_get", "ii", listEmpty},
    {"environ_sizes_get", "ii", sizesZero},
    {"environ_get", "ii", listEmpty},
    {"clock_time_get", "iIi", clockTimeGet},
    {"fd_fdstat_get", "ii", fdFdstatGet},
    {"fd_close", "i", fdClose},
    {"fd_seek", "iIii", fdSeek},
    {"sched_yield", "", schedYield},
    // No preopened directories: wasi-libc asks fd 3 on and stops at EBADF.
    {"fd_prestat_get", "ii", [](const GuestMemory&, const Slot*) { return kBadf; }},
    {"fd_prestat_dir_name", "iii", [](const GuestMemory&, const Slot*) { return kBadf; }},
};

Status callConsole(void* env, HostCallContext& ctx, const Slot* args, Slot* results) {
  const ConsoleFunction& f = *static_cast<const ConsoleFunction*>(env);
  putErrno(results, f.impl(GuestMemory(ctx), args));
  return Status::success();
}

Status procExit(void*, HostCallContext&, const Slot* args, Slot*) {
  Error exit = Error::make(ErrorKind::Exit, "exit");
  exit.exit_code = static_cast<int32_t>(args[0].i32);
  return exit;
}

Status noSystem(void*, HostCallContext&, const Slot*, Slot* results) {
  putErrno(results, kNosys);
  return Status::success();
}

FuncType typeOf(const char* params, bool errno_result) {
  FuncType t;
  for (const char* p = params; *p; ++p) t.params.push_back(*p == 'I' ? ValType::i64() : ValType::i32());
  if (errno_result) t.results.push_back(ValType::i32());
  return t;
}

}  // namespace

Result<FunctionInstance*> ConsoleHost::resolveImport(const Module& module, const Import& import) {
  const FuncType& wanted = module.types[import.type_index].func;
  auto unlinkable = [&](const char* why) {
    return Error::make(ErrorKind::Unlinkable,
                       std::string("import ") + kWasiModule + "." + import.name + ": " + why);
  };
  if (import.name == "proc_exit") {
    FuncType t = typeOf("i", false);
    if (!(wanted == t)) return unlinkable("wrong type (expected (i32) -> ())");
    return store_.createHostFunction(t, procExit, nullptr);
  }
  for (const ConsoleFunction& f : kFunctions) {
    if (import.name != f.name) continue;
    FuncType t = typeOf(f.params, true);
    if (!(wanted == t)) return unlinkable("wrong type for this WASI function");
    return store_.createHostFunction(t, callConsole, const_cast<ConsoleFunction*>(&f));
  }
  // Anything else of preview1: present, answering ENOSYS, when its type
  // returns one errno (all of preview1's but proc_exit do).
  if (wanted.results.size() == 1 && wanted.results[0] == ValType::i32())
    return store_.createHostFunction(wanted, noSystem, nullptr);
  return unlinkable("not a WASI preview1 function the firmware console can answer");
}

namespace {
class ConsoleProvider final : public ImportProvider {
 public:
  explicit ConsoleProvider(Store& store) : host_(store) {}
  const char* moduleName() const override { return kWasiModule; }
  Result<FunctionInstance*> resolveImport(const Module& module, const Import& import) override {
    return host_.resolveImport(module, import);
  }

 private:
  ConsoleHost host_;
};
}  // namespace

ImportProvider* makeConsoleProvider(Store& store, const void*) { return new ConsoleProvider(store); }

}  // namespace petrel::internal::fw
