#include "wasi/fd_table.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/host_errno.h"

namespace petrel::internal::wasi {

FdEntry::~FdEntry() {
  if (owns_host_fd && host_fd >= 0) ::close(host_fd);
}

uint64_t rightsFor(Filetype type, bool readable, bool writable, bool is_tty) {
  uint64_t r;
  switch (type) {
    case kFiletypeDirectory: return rights::directory_base;
    case kFiletypeRegularFile:
    case kFiletypeBlockDevice: r = rights::file_base; break;
    case kFiletypeCharacterDevice: r = is_tty ? rights::stream_base : rights::file_base; break;
    case kFiletypeSocketStream:
    case kFiletypeSocketDgram: r = rights::socket_base; break;
    default: r = rights::stream_base | rights::fd_seek | rights::fd_tell; break;  // pipes: lseek says `spipe`
  }
  if (!readable) r &= ~rights::fd_read;
  if (!writable) r &= ~(rights::fd_write | rights::fd_allocate | rights::fd_filestat_set_size);
  return r;
}

std::unique_ptr<FdEntry> describeHostFd(int host_fd, bool owns) {
  auto e = std::make_unique<FdEntry>();
  e->host_fd = host_fd;
  e->owns_host_fd = owns;
  struct stat st;
  if (::fstat(host_fd, &st) == 0) e->filetype = filetypeFromMode(st.st_mode);
  if (e->isSocket()) {
    int type = 0;
    socklen_t len = sizeof type;
    if (::getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
      e->filetype = kFiletypeSocketDgram;
  }
  int fl = ::fcntl(host_fd, F_GETFL);
  if (fl >= 0) {
    int mode = fl & O_ACCMODE;
    e->readable = mode == O_RDONLY || mode == O_RDWR;
    e->writable = mode == O_WRONLY || mode == O_RDWR;
    if ((fl & O_SYNC) == O_SYNC) e->sync_flags |= kFdflagSync;
    else if (fl & O_DSYNC) e->sync_flags |= kFdflagDsync;
  }
  if (e->filetype == kFiletypeDirectory) e->readable = e->writable = false;
  e->is_tty = e->filetype == kFiletypeCharacterDevice && ::isatty(host_fd);
  e->rights_base = rightsFor(e->filetype, e->readable, e->writable, e->is_tty);
  e->rights_inheriting = e->filetype == kFiletypeDirectory ? rights::directory_inheriting : e->rights_base;
  return e;
}

std::unique_ptr<FdEntry> describeMemoryStream(MemoryStream* stream, bool writable) {
  auto e = std::make_unique<FdEntry>();
  e->memory = stream;
  e->owns_host_fd = false;
  e->filetype = kFiletypeUnknown;
  e->readable = !writable;
  e->writable = writable;
  e->rights_base = (writable ? rights::fd_write : rights::fd_read) | rights::fd_filestat_get | rights::poll_fd_readwrite;
  e->rights_inheriting = e->rights_base;
  return e;
}

Errno FdTable::insert(std::unique_ptr<FdEntry> entry, uint32_t& fd_out) {
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i]) {
      slots_[i] = std::move(entry);
      fd_out = i;
      return esuccess;
    }
  }
  if (slots_.size() >= kMaxFds) return emfile;
  fd_out = static_cast<uint32_t>(slots_.size());
  slots_.push_back(std::move(entry));
  return esuccess;
}

void FdTable::insertAt(uint32_t fd, std::unique_ptr<FdEntry> entry) {
  if (fd >= slots_.size()) slots_.resize(fd + 1);
  slots_[fd] = std::move(entry);
}

Errno FdTable::close(uint32_t fd) {
  if (!get(fd)) return ebadf;
  slots_[fd].reset();
  trim();
  return esuccess;
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  if (!get(from) || !get(to)) return ebadf;
  if (from == to) return esuccess;
  slots_[to] = std::move(slots_[from]);  // destroys (closes) what `to` held
  trim();
  return esuccess;
}

void FdTable::trim() {
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
}

}  // namespace petrel::internal::wasi
