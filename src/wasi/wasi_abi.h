// The preview1 ABI as guest memory sees it (WASI legacy/preview1/witx/
// typenames.witx): error codes, flag bits, enum values and the byte layout
// of every record a function reads or writes. Records are little-endian
// with natural alignment; the offsets below are the witx layout.
#pragma once

#include <cstdint>

namespace petrel::internal::wasi {

enum Errno : uint16_t {
#define WASI_ERRNO(name, value, description) e##name = value,
#include "wasi/wasi_errno.def"
#undef WASI_ERRNO
};

// "badf", or "errno 123" for a value outside the table.
const char* errnoName(uint32_t e);

// $clockid (u32)
enum Clockid : uint32_t { kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2, kClockThreadCputime = 3 };

// $rights (u64 flags)
namespace rights {
constexpr uint64_t fd_datasync = 1ull << 0;
constexpr uint64_t fd_read = 1ull << 1;
constexpr uint64_t fd_seek = 1ull << 2;
constexpr uint64_t fd_fdstat_set_flags = 1ull << 3;
constexpr uint64_t fd_sync = 1ull << 4;
constexpr uint64_t fd_tell = 1ull << 5;
constexpr uint64_t fd_write = 1ull << 6;
constexpr uint64_t fd_advise = 1ull << 7;
constexpr uint64_t fd_allocate = 1ull << 8;
constexpr uint64_t path_create_directory = 1ull << 9;
constexpr uint64_t path_create_file = 1ull << 10;
constexpr uint64_t path_link_source = 1ull << 11;
constexpr uint64_t path_link_target = 1ull << 12;
constexpr uint64_t path_open = 1ull << 13;
constexpr uint64_t fd_readdir = 1ull << 14;
constexpr uint64_t path_readlink = 1ull << 15;
constexpr uint64_t path_rename_source = 1ull << 16;
constexpr uint64_t path_rename_target = 1ull << 17;
constexpr uint64_t path_filestat_get = 1ull << 18;
constexpr uint64_t path_filestat_set_size = 1ull << 19;
constexpr uint64_t path_filestat_set_times = 1ull << 20;
constexpr uint64_t fd_filestat_get = 1ull << 21;
constexpr uint64_t fd_filestat_set_size = 1ull << 22;
constexpr uint64_t fd_filestat_set_times = 1ull << 23;
constexpr uint64_t path_symlink = 1ull << 24;
constexpr uint64_t path_remove_directory = 1ull << 25;
constexpr uint64_t path_unlink_file = 1ull << 26;
constexpr uint64_t poll_fd_readwrite = 1ull << 27;
constexpr uint64_t sock_shutdown = 1ull << 28;
constexpr uint64_t sock_accept = 1ull << 29;
constexpr uint64_t all = (1ull << 30) - 1;

// What applies to each kind of descriptor. A directory's base rights are the
// set wasmtime guarantees for preopens (userlands test for exactly these).
constexpr uint64_t directory_base = path_create_directory | path_create_file | path_link_source |
                                    path_link_target | path_open | fd_readdir | path_readlink |
                                    path_rename_source | path_rename_target | path_symlink |
                                    path_remove_directory | path_unlink_file | path_filestat_get |
                                    path_filestat_set_times | fd_filestat_get | fd_filestat_set_times;
constexpr uint64_t file_base = fd_datasync | fd_read | fd_seek | fd_fdstat_set_flags | fd_sync | fd_tell |
                               fd_write | fd_advise | fd_allocate | fd_filestat_get | fd_filestat_set_size |
                               fd_filestat_set_times | poll_fd_readwrite;
// Terminals and pipes: no positioning, no sizing.
constexpr uint64_t stream_base = fd_read | fd_write | fd_fdstat_set_flags | fd_filestat_get | poll_fd_readwrite;
constexpr uint64_t socket_base = stream_base | sock_shutdown | sock_accept;
// What a directory may hand out to what is opened beneath it.
constexpr uint64_t directory_inheriting = all;
// A directory granted read-only, and what it hands on: nothing that
// creates, writes, renames, links, removes or retimes (open with O_CREAT
// then fails with `notcapable`, and a file opened for writing gets no
// fd_write right).
constexpr uint64_t mutating = path_create_directory | path_create_file | path_link_source | path_link_target |
                              path_rename_source | path_rename_target | path_symlink | path_remove_directory |
                              path_unlink_file | path_filestat_set_times | path_filestat_set_size | fd_write |
                              fd_datasync | fd_sync | fd_allocate | fd_filestat_set_size | fd_filestat_set_times;
constexpr uint64_t read_only_directory_base = directory_base & ~mutating;
constexpr uint64_t read_only_inheriting = directory_inheriting & ~mutating;
}  // namespace rights

// $filetype (u8)
enum Filetype : uint8_t {
  kFiletypeUnknown = 0,
  kFiletypeBlockDevice = 1,
  kFiletypeCharacterDevice = 2,
  kFiletypeDirectory = 3,
  kFiletypeRegularFile = 4,
  kFiletypeSocketDgram = 5,
  kFiletypeSocketStream = 6,
  kFiletypeSymbolicLink = 7,
};

// $advice (u8)
constexpr uint32_t kAdviceMax = 5;  // normal, sequential, random, willneed, dontneed, noreuse

// $fdflags (u16)
constexpr uint16_t kFdflagAppend = 1 << 0;
constexpr uint16_t kFdflagDsync = 1 << 1;
constexpr uint16_t kFdflagNonblock = 1 << 2;
constexpr uint16_t kFdflagRsync = 1 << 3;
constexpr uint16_t kFdflagSync = 1 << 4;
constexpr uint16_t kFdflagsAll = 0x1f;

// $fstflags (u16)
constexpr uint16_t kFstflagAtim = 1 << 0;
constexpr uint16_t kFstflagAtimNow = 1 << 1;
constexpr uint16_t kFstflagMtim = 1 << 2;
constexpr uint16_t kFstflagMtimNow = 1 << 3;
constexpr uint16_t kFstflagsAll = 0xf;

// $lookupflags (u32)
constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// $oflags (u16)
constexpr uint16_t kOflagCreat = 1 << 0;
constexpr uint16_t kOflagDirectory = 1 << 1;
constexpr uint16_t kOflagExcl = 1 << 2;
constexpr uint16_t kOflagTrunc = 1 << 3;
constexpr uint16_t kOflagsAll = 0xf;

// $whence (u8)
constexpr uint32_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;

// $eventtype (u8), $eventrwflags (u16), $subclockflags (u16)
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr uint16_t kEventFdReadwriteHangup = 1 << 0;
constexpr uint16_t kSubscriptionClockAbstime = 1 << 0;

// $riflags, $roflags (u16), $sdflags (u8)
constexpr uint16_t kRiflagRecvPeek = 1 << 0;
constexpr uint16_t kRiflagRecvWaitall = 1 << 1;
constexpr uint16_t kRoflagRecvDataTruncated = 1 << 0;
constexpr uint8_t kSdflagRd = 1 << 0;
constexpr uint8_t kSdflagWr = 1 << 1;

// $signal (u8): none, hup, ... sys
constexpr uint32_t kSignalMax = 30;

// $preopentype (u8)
constexpr uint8_t kPreopentypeDir = 0;

// Record layouts: size and field offsets.
namespace layout {
// $iovec / $ciovec: buf (pointer), buf_len (size)
constexpr uint32_t iovec_size = 8;
// $dirent
constexpr uint32_t dirent_size = 24, dirent_d_next = 0, dirent_d_ino = 8, dirent_d_namlen = 16, dirent_d_type = 20;
// $fdstat
constexpr uint32_t fdstat_size = 24, fdstat_filetype = 0, fdstat_flags = 2, fdstat_rights_base = 8,
                   fdstat_rights_inheriting = 16;
// $filestat
constexpr uint32_t filestat_size = 64, filestat_dev = 0, filestat_ino = 8, filestat_filetype = 16,
                   filestat_nlink = 24, filestat_size_field = 32, filestat_atim = 40, filestat_mtim = 48,
                   filestat_ctim = 56;
// $prestat: tag (u8), then the u32 pr_name_len at 4
constexpr uint32_t prestat_size = 8, prestat_tag = 0, prestat_name_len = 4;
// $subscription: userdata u64, then the union: tag u8 at 8, contents at 16
constexpr uint32_t subscription_size = 48, subscription_userdata = 0, subscription_tag = 8,
                   subscription_clock_id = 16, subscription_clock_timeout = 24, subscription_clock_precision = 32,
                   subscription_clock_flags = 40, subscription_fd = 16;
// $event: userdata u64, error u16, type u8, fd_readwrite {nbytes u64, flags u16} at 16
constexpr uint32_t event_size = 32, event_userdata = 0, event_error = 8, event_type = 10, event_nbytes = 16,
                   event_flags = 24;
}  // namespace layout

}  // namespace petrel::internal::wasi
