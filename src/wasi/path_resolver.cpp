#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <deque>
#include <vector>

#include "wasi/host_errno.h"

namespace petrel::internal::wasi {

namespace {

constexpr int kMaxSymlinks = 40;  // as Linux (MAXSYMLINKS)
constexpr size_t kMaxPathBytes = PATH_MAX;

// linux/openat2.h, spelled out so that older headers build too.
#ifndef SYS_openat2
#define SYS_openat2 437  // the same number on every architecture
#endif
struct OpenHow {
  uint64_t flags;
  uint64_t mode;
  uint64_t resolve;
};
constexpr uint64_t kResolveNoMagiclinks = 0x02;
constexpr uint64_t kResolveBeneath = 0x08;

std::atomic<ResolveStrategy> g_strategy{ResolveStrategy::Auto};
std::atomic<int> g_openat2_state{-1};  // -1 unknown, 0 missing, 1 present

int openat2Beneath(int dirfd, const char* path, uint64_t flags) {
  OpenHow how{flags, 0, kResolveBeneath | kResolveNoMagiclinks};
  return static_cast<int>(::syscall(SYS_openat2, dirfd, path, &how, sizeof how));
}

bool probeOpenat2() {
  UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) return false;
  int fd = openat2Beneath(root.get(), ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;  // ENOSYS, or EPERM from a seccomp filter, or E2BIG
  ::close(fd);
  return true;
}

bool useOpenat2() {
  switch (g_strategy.load(std::memory_order_relaxed)) {
    case ResolveStrategy::Walk: return false;
    case ResolveStrategy::Openat2: return true;
    case ResolveStrategy::Auto: break;
  }
  return openat2Supported();
}

bool isSymlinkAt(int dirfd, const std::string& name) {
  struct stat st;
  return ::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

// A symlink's target, checked to be usable inside the sandbox.
Errno symlinkTarget(int dirfd, const std::string& name, int& links, std::string& target) {
  if (++links > kMaxSymlinks) return eloop;
  if (Errno e = readLinkAt(dirfd, name, target)) return e;
  if (target.empty()) return enoent;
  if (target[0] == '/') return eperm;  // an absolute target points outside whatever was granted
  return esuccess;
}

// The split of a relative path into the directory part (with its final
// slash, or empty) and the last component.
struct SplitPath {
  std::string dir;
  std::string last;
  bool trailing_slash = false;
};

SplitPath splitLast(std::string_view p) {
  SplitPath s;
  while (p.size() > 1 && p.back() == '/') {
    p.remove_suffix(1);
    s.trailing_slash = true;
  }
  size_t slash = p.rfind('/');
  if (slash == std::string_view::npos) {
    s.last = std::string(p);
  } else {
    s.dir = std::string(p.substr(0, slash + 1));
    s.last = std::string(p.substr(slash + 1));
  }
  return s;
}

// Resolution with the kernel doing the directory part. Sets `fell_back`
// when openat2 cannot be used after all (then nothing else was done).
Errno resolveWithOpenat2(int base, std::string path, bool follow_final, ResolvedPath& out, bool& fell_back) {
  int links = 0;
  for (;;) {
    SplitPath sp = splitLast(path);
    bool names_dir = sp.last == "." || sp.last == "..";
    // For "x/.." the directory itself is the result: open all of it.
    std::string dir_part = names_dir ? sp.dir + sp.last : sp.dir;
    UniqueFd parent;
    int parent_fd = base;
    if (!dir_part.empty() && dir_part != ".") {
      int fd = -1;
      for (int attempt = 0; attempt < 16; ++attempt) {
        fd = openat2Beneath(base, dir_part.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0 || errno != EAGAIN) break;  // EAGAIN: a concurrent rename; try again
      }
      if (fd < 0) {
        if (errno == EAGAIN || errno == ENOSYS) {
          fell_back = true;
          return esuccess;
        }
        return errno == EXDEV ? eperm : lastHostError();  // EXDEV: the path would leave `base`
      }
      parent.reset(fd);
      parent_fd = fd;
    }
    if (names_dir) {
      out.name = ".";
    } else if (follow_final && isSymlinkAt(parent_fd, sp.last)) {
      std::string target;
      if (Errno e = symlinkTarget(parent_fd, sp.last, links, target)) return e;
      path = sp.dir + target + (sp.trailing_slash ? "/" : "");
      continue;
    } else {
      out.name = std::move(sp.last);
    }
    out.owned = std::move(parent);
    out.dirfd = out.owned.valid() ? out.owned.get() : base;
    out.trailing_slash = sp.trailing_slash;
    return esuccess;
  }
}

void pushComponents(std::string_view p, std::deque<std::string>& into, bool at_front) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    if (j > i) parts.emplace_back(p.substr(i, j - i));
    i = j + 1;
  }
  if (at_front) into.insert(into.begin(), parts.begin(), parts.end());
  else into.insert(into.end(), parts.begin(), parts.end());
}

// Resolution one component at a time, never letting the kernel follow a
// symlink or walk `..`.
Errno resolveByWalk(int base, std::string_view path, bool follow_final, ResolvedPath& out) {
  std::vector<UniqueFd> stack;  // directories entered below `base`
  auto current = [&] { return stack.empty() ? base : stack.back().get(); };
  std::deque<std::string> rest;
  pushComponents(path, rest, false);
  bool trailing_slash = path.size() > 1 && path.back() == '/';
  int links = 0;
  std::string name;
  for (;;) {
    if (rest.empty()) {  // the path ends in "." or ".."
      name = ".";
      break;
    }
    std::string comp = std::move(rest.front());
    rest.pop_front();
    bool last = rest.empty();
    if (comp == ".") continue;
    if (comp == "..") {
      if (stack.empty()) return eperm;  // would leave `base`
      stack.pop_back();
      continue;
    }
    if (last) {
      if (follow_final && isSymlinkAt(current(), comp)) {
        std::string target;
        if (Errno e = symlinkTarget(current(), comp, links, target)) return e;
        if (target.back() == '/') trailing_slash = true;
        pushComponents(target, rest, true);
        continue;
      }
      name = std::move(comp);
      break;
    }
    int fd = ::openat(current(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      stack.emplace_back(fd);
      continue;
    }
    int err = errno;
    if ((err == ENOTDIR || err == ELOOP) && isSymlinkAt(current(), comp)) {
      std::string target;
      if (Errno e = symlinkTarget(current(), comp, links, target)) return e;
      pushComponents(target, rest, true);
      continue;
    }
    return fromHostErrno(err);
  }
  if (!stack.empty()) out.owned = std::move(stack.back());
  out.dirfd = out.owned.valid() ? out.owned.get() : base;
  out.name = std::move(name);
  out.trailing_slash = trailing_slash;
  return esuccess;
}

bool validUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;  // continuation bytes
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      n = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values above U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

bool openat2Supported() {
  int state = g_openat2_state.load(std::memory_order_relaxed);
  if (state < 0) {
    state = probeOpenat2() ? 1 : 0;
    g_openat2_state.store(state, std::memory_order_relaxed);
  }
  return state == 1;
}

void setResolveStrategy(ResolveStrategy strategy) { g_strategy.store(strategy, std::memory_order_relaxed); }

Errno readLinkAt(int dirfd, const std::string& name, std::string& target) {
  std::vector<char> buf(256);
  for (;;) {
    ssize_t n = ::readlinkat(dirfd, name.c_str(), buf.data(), buf.size());
    if (n < 0) return lastHostError();
    if (static_cast<size_t>(n) < buf.size()) {
      target.assign(buf.data(), static_cast<size_t>(n));
      return esuccess;
    }
    buf.resize(buf.size() * 2);  // may have been cut: read again with more room
  }
}

Errno checkGuestPath(std::string_view path) {
  if (path.empty()) return enoent;
  if (path.find('\0') != std::string_view::npos) return einval;
  if (path.size() >= kMaxPathBytes) return enametoolong;
  if (!validUtf8(path)) return eilseq;
  if (path.front() == '/') return eperm;
  return esuccess;
}

Errno resolveBeneath(int base, std::string_view path, bool follow_final, ResolvedPath& out) {
  out = ResolvedPath{};
  if (useOpenat2()) {
    bool fell_back = false;
    Errno e = resolveWithOpenat2(base, std::string(path), follow_final, out, fell_back);
    if (!fell_back) return e;
    out = ResolvedPath{};
  }
  return resolveByWalk(base, path, follow_final, out);
}

}  // namespace petrel::internal::wasi
