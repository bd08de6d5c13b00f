// The filesystem sandbox: resolves a guest path beneath a directory
// descriptor so that no step can leave it.
//
// A guest path is relative to a directory the guest holds. Every host call
// that takes a path gets (directory descriptor, final component) from here
// and uses the *at() form with the final component never followed by the
// kernel, so a symlink swapped in after resolution is not followed either.
//
// Two ways to get there, the same answers:
//  * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) opens the directory
//    part in the kernel, which refuses `..` above the start, absolute
//    symlinks and /proc magic links, and detects concurrent renames.
//  * where the kernel lacks openat2 (or a seccomp filter hides it), a walk
//    one component at a time with O_NOFOLLOW: each directory is opened
//    from the previous descriptor, `..` pops our own stack of descriptors
//    (so it can never go above the start), and symlinks are read and
//    spliced into the remaining components.
// A final symlink is followed by reading it and resolving the result again
// the same way, at most 40 links deep (`loop`).
//
// Errors, as wasmtime gives them: an absolute path or a `..`/symlink that
// would leave the directory is `perm`; a NUL in the path `inval`; invalid
// UTF-8 `ilseq`; an empty path `noent`.
#pragma once

#include <string>
#include <string_view>

#include "wasi/unique_fd.h"
#include "wasi/wasi_abi.h"

namespace petrel::internal::wasi {

struct ResolvedPath {
  UniqueFd owned;    // the directory holding `name`, when it is not the start directory
  int dirfd = -1;    // owned.get() or the start directory
  std::string name;  // one component, no slashes; "." when the path names a directory itself
  bool trailing_slash = false;  // the guest path ended in '/': the result must be a directory

  // `name`, with the trailing slash back for calls that create or remove
  // (mkdirat, unlinkat, renameat, symlinkat, linkat's target): those never
  // follow the final component, and the slash gives POSIX's checks.
  std::string nameForCreate() const { return trailing_slash && name != "." ? name + "/" : name; }
};

// Checks what every guest path must be (see above).
Errno checkGuestPath(std::string_view path);

// Resolves `path` (already checked) beneath `base`. With `follow_final` a
// final symlink is followed (inside the sandbox); without, `name` may be a
// symlink. The final component need not exist.
Errno resolveBeneath(int base, std::string_view path, bool follow_final, ResolvedPath& out);

// How resolution is done; Auto picks openat2 when the kernel has it. Tests
// force each strategy.
enum class ResolveStrategy { Auto, Openat2, Walk };
void setResolveStrategy(ResolveStrategy strategy);
bool openat2Supported();

// readlinkat into a string (any length).
Errno readLinkAt(int dirfd, const std::string& name, std::string& target);

}  // namespace petrel::internal::wasi
