#include "wasi/wasi_context.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "runtime/instance.h"

namespace petrel::internal::wasi {


Result<std::unique_ptr<WasiContext>> WasiContext::create(WasiConfig&& config) {
  std::unique_ptr<WasiContext> ctx(new WasiContext());
  ctx->args_ = std::move(config.args);
  ctx->env_ = std::move(config.env);
  ctx->stdio_fds_[0] = config.stdin_fd;
  ctx->stdio_fds_[1] = config.stdout_fd;
  ctx->stdio_fds_[2] = config.stderr_fd;
  if (config.stdin_in_memory) {
    ctx->stdio_in_memory_[0] = true;
    ctx->memory_stdio_[0].data = config.stdin_data;
    ctx->memory_stdio_[0].size = config.stdin_size;
  }
  std::string* sinks[2] = {config.stdout_sink, config.stderr_sink};
  for (int i = 1; i <= 2; ++i) {
    if (!sinks[i - 1]) continue;
    ctx->stdio_in_memory_[i] = true;
    ctx->memory_stdio_[i].sink = sinks[i - 1];
    ctx->memory_stdio_[i].limit = config.output_limit;
  }
  uint32_t next = 3;
  for (const WasiPreopen& p : config.preopens) {
    int fd = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      return Error::make(ErrorKind::Io, "cannot open directory \"" + p.host_path + "\" for --dir: " +
                                            std::strerror(errno));
    auto entry = describeHostFd(fd, /*owns=*/true);
    entry->is_preopen = true;
    entry->preopen_name = p.guest_path;
    entry->rights_base = p.read_only ? rights::read_only_directory_base : rights::directory_base;
    entry->rights_inheriting = p.read_only ? rights::read_only_inheriting : rights::directory_inheriting;
    ctx->fds_.insertAt(next++, std::move(entry));
  }
  return ctx;
}

void WasiContext::describeStdio() {
  stdio_described_ = true;
  for (uint32_t i = 0; i < 3; ++i) {
    if (stdio_in_memory_[i]) {
      fds_.insertAt(i, describeMemoryStream(&memory_stdio_[i], /*writable=*/i != 0));
      continue;
    }
    stdio_flags_[i] = ::fcntl(stdio_fds_[i], F_GETFL);
    fds_.insertAt(i, describeHostFd(stdio_fds_[i], /*owns=*/false));
  }
}

WasiContext::~WasiContext() {
  if (!host_flags_changed_) return;
  for (int i = 0; i < 3; ++i) {
    if (stdio_flags_[i] < 0) continue;
    int now = ::fcntl(stdio_fds_[i], F_GETFL);
    if (now >= 0 && now != stdio_flags_[i]) ::fcntl(stdio_fds_[i], F_SETFL, stdio_flags_[i]);
  }
}

GuestMemory WasiContext::memoryOf(Instance* caller) {
  if (caller != memory_owner_) {
    memory_owner_ = caller;
    memory_ = nullptr;
    if (caller) {
      if (auto ext = caller->exportByName("memory")) memory_ = ext->memory();
    }
  }
  if (!memory_) return GuestMemory();
  return GuestMemory(memory_->data, memory_->size_bytes);
}

}  // namespace petrel::internal::wasi
