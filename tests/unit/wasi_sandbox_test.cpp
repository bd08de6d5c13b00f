// The sandbox (src/wasi/path_resolver): every way out of a granted
// directory fails with the errno wasmtime gives, under both resolution
// strategies (openat2 in the kernel, and the component walk), and a
// directory swapped for an escaping symlink while paths resolve never lets
// a lookup out.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "wasi/path_resolver.h"

namespace petrel::internal::wasi {
namespace {

namespace fs = std::filesystem;

std::string readAll(int fd) {
  char buf[64] = {0};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

void writeFile(const fs::path& p, const std::string& text) {
  FILE* f = std::fopen(p.c_str(), "w");
  ASSERT_TRUE(f);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

class Sandbox : public ::testing::TestWithParam<ResolveStrategy> {
 protected:
  void SetUp() override {
    if (GetParam() == ResolveStrategy::Openat2 && !openat2Supported()) GTEST_SKIP() << "kernel has no openat2";
    setResolveStrategy(GetParam());
    char tmpl[] = "/tmp/petrel-sandbox-XXXXXX";
    ASSERT_TRUE(::mkdtemp(tmpl));
    root_ = tmpl;
    box_ = root_ / "box";
    fs::create_directories(box_ / "sub" / "deeper");
    writeFile(root_ / "secret.txt", "SECRET");
    writeFile(root_ / "file", "SECRET");
    writeFile(box_ / "inside.txt", "inside");
    fs::create_directory_symlink("..", box_ / "up");
    fs::create_symlink("../secret.txt", box_ / "out_rel");
    fs::create_symlink((root_ / "secret.txt").string(), box_ / "abs_secret");
    fs::create_directory_symlink("/", box_ / "abs_root");
    fs::create_symlink("../../secret.txt", box_ / "sub" / "deep");
    fs::create_symlink("../inside.txt", box_ / "sub" / "back_in");
    fs::create_symlink("loop", box_ / "loop");
    dir_ = ::open(box_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(dir_, 0);
  }
  void TearDown() override {
    setResolveStrategy(ResolveStrategy::Auto);
    if (dir_ >= 0) ::close(dir_);
    if (!root_.empty()) fs::remove_all(root_);
  }

  Errno resolve(const std::string& path, bool follow, ResolvedPath* out = nullptr) {
    ResolvedPath r;
    Errno e = checkGuestPath(path);
    if (e == esuccess) e = resolveBeneath(dir_, path, follow, r);
    if (out) *out = std::move(r);
    return e;
  }
  // Opens what `path` names (never following a final symlink the kernel sees).
  Errno openBeneath(const std::string& path, bool follow, std::string* content = nullptr) {
    ResolvedPath r;
    if (Errno e = resolve(path, follow, &r)) return e;
    int fd = ::openat(r.dirfd, r.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return eio;
    if (content) *content = readAll(fd);
    ::close(fd);
    return esuccess;
  }
  ino_t inodeOf(int fd) {
    struct stat st;
    ::fstat(fd, &st);
    return st.st_ino;
  }

  fs::path root_, box_;
  int dir_ = -1;
};

TEST_P(Sandbox, DotDotAboveTheDirectoryIsPerm) {
  EXPECT_EQ(resolve("..", false), eperm);
  EXPECT_EQ(resolve("../secret.txt", false), eperm);
  EXPECT_EQ(resolve("sub/../../secret.txt", true), eperm);
  EXPECT_EQ(resolve("sub/deeper/../../../secret.txt", false), eperm);
  EXPECT_EQ(resolve("./sub/./../..", false), eperm);
}

TEST_P(Sandbox, AbsolutePathsArePerm) {
  EXPECT_EQ(resolve("/etc/passwd", false), eperm);
  EXPECT_EQ(resolve("/", true), eperm);
}

TEST_P(Sandbox, SymlinksLeadingOutArePerm) {
  EXPECT_EQ(resolve("up/secret.txt", false), eperm);   // `..` link in the middle
  EXPECT_EQ(resolve("up/", true), eperm);              // and as the directory a lookup names
  EXPECT_EQ(resolve("abs_root/etc/passwd", false), eperm);
  EXPECT_EQ(resolve("out_rel", true), eperm);          // final link followed
  EXPECT_EQ(resolve("abs_secret", true), eperm);
  EXPECT_EQ(resolve("sub/deep", true), eperm);
  std::string content;
  EXPECT_EQ(openBeneath("out_rel", false, &content), eio);  // not followed: O_NOFOLLOW refuses the link itself
}

TEST_P(Sandbox, PathsInsideResolve) {
  ResolvedPath r;
  ASSERT_EQ(resolve("sub/../inside.txt", false, &r), esuccess);
  EXPECT_EQ(r.name, "inside.txt");
  EXPECT_EQ(inodeOf(r.dirfd), inodeOf(dir_));
  std::string content;
  EXPECT_EQ(openBeneath("sub/back_in", true, &content), esuccess);
  EXPECT_EQ(content, "inside");
  ASSERT_EQ(resolve("sub/deeper/", false, &r), esuccess);
  EXPECT_EQ(r.name, "deeper");
  EXPECT_TRUE(r.trailing_slash);
  EXPECT_EQ(r.nameForCreate(), "deeper/");
  ASSERT_EQ(resolve("sub/..", false, &r), esuccess);
  EXPECT_EQ(r.name, ".");
  EXPECT_EQ(inodeOf(r.dirfd), inodeOf(dir_));
  ASSERT_EQ(resolve(".", false, &r), esuccess);
  EXPECT_EQ(r.name, ".");
  ASSERT_EQ(resolve("missing/../inside.txt", false, &r), enoent);
  ASSERT_EQ(resolve("not-there-yet", true, &r), esuccess);  // a final component may be new
  EXPECT_EQ(r.name, "not-there-yet");
}

TEST_P(Sandbox, SymlinkLoopsAreLoop) {
  EXPECT_EQ(resolve("loop", true), eloop);
  EXPECT_EQ(resolve("loop/x", false), eloop);
}

TEST_P(Sandbox, MagicLinksDoNotEscape) {
  // A grant of /proc/self must not reach the host's root through "root" or "cwd".
  int proc = ::open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc < 0) GTEST_SKIP() << "no /proc";
  ResolvedPath r;
  EXPECT_NE(resolveBeneath(proc, "root/etc/passwd", false, r), esuccess);
  EXPECT_NE(resolveBeneath(proc, "cwd/x", false, r), esuccess);
  ::close(proc);
}

TEST_P(Sandbox, DirectorySwappedForAnEscapingLinkNeverLetsALookupOut) {
  // "flip" is atomically exchanged, over and over, between a directory
  // holding "file" (inside) and a symlink to ".." (whose "file" is secret).
  fs::create_directory(box_ / "flip");
  writeFile(box_ / "flip" / "file", "inside");
  fs::create_directory_symlink("..", box_ / "other");
  std::atomic<bool> stop{false};
  std::thread flipper([&] {
    while (!stop.load()) ::renameat2(dir_, "flip", dir_, "other", RENAME_EXCHANGE);
  });
  int opened = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string content;
    Errno e = openBeneath("flip/file", true, &content);
    if (e == esuccess) {
      ++opened;
      ASSERT_EQ(content, "inside") << "escaped on attempt " << i;
    } else {
      ++refused;
    }
  }
  stop = true;
  flipper.join();
  EXPECT_GT(opened + refused, 0);
  RecordProperty("opened", opened);
  RecordProperty("refused", refused);
}

TEST(GuestPath, Checks) {
  EXPECT_EQ(checkGuestPath(""), enoent);
  EXPECT_EQ(checkGuestPath(std::string("a\0b", 3)), einval);
  EXPECT_EQ(checkGuestPath("\xff"), eilseq);
  EXPECT_EQ(checkGuestPath("\xc0\xaf"), eilseq);          // overlong '/'
  EXPECT_EQ(checkGuestPath("\xed\xa0\x80"), eilseq);      // a surrogate
  EXPECT_EQ(checkGuestPath("\xe2\x82"), eilseq);          // cut short
  EXPECT_EQ(checkGuestPath("caf\xc3\xa9/\xf0\x9f\x90\xa6"), esuccess);
  EXPECT_EQ(checkGuestPath(std::string(5000, 'a')), enametoolong);
  EXPECT_EQ(checkGuestPath("/abs"), eperm);
}

INSTANTIATE_TEST_SUITE_P(Strategies, Sandbox, ::testing::Values(ResolveStrategy::Openat2, ResolveStrategy::Walk),
                         [](const ::testing::TestParamInfo<ResolveStrategy>& info) {
                           return info.param == ResolveStrategy::Openat2 ? std::string("Openat2")
                                                                         : std::string("Walk");
                         });

}  // namespace
}  // namespace petrel::internal::wasi
