// WASI host functions called from wasm: every function of the table is
// imported by one module and wrapped in an export `w_NAME`, so calls come
// from an instance (whose memory the functions use). Covers bounds checks
// (`fault`, never a crash), proc_exit, link-time errors, the function table
// and the generated documentation.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "runtime/linker.h"
#include "runtime/store.h"
#include "text/wat_parser.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_doc.h"
#include "wasi/wasi_linker.h"

namespace petrel::internal::wasi {
namespace {

namespace fs = std::filesystem;

// A module importing every WASI function and exporting a wrapper for each.
std::string wrapperModule() {
  std::string imports, wrappers;
  for (const WasiFunctionInfo& f : wasiFunctions()) {
    std::string sig;
    for (ValType t : f.params) sig += " " + toString(t);
    std::string params = sig.empty() ? "" : " (param" + sig + ")";
    std::string result = f.noreturn ? "" : " (result i32)";
    imports += std::string("(import \"wasi_snapshot_preview1\" \"") + f.name + "\" (func $" + f.name + params +
               result + "))\n";
    std::string body;
    for (size_t i = 0; i < f.params.size(); ++i) body += " (local.get " + std::to_string(i) + ")";
    wrappers += std::string("(func (export \"w_") + f.name + "\")" + params + result + body + " (call $" + f.name +
                "))\n";
  }
  return "(module\n" + imports + "(memory (export \"memory\") 1)\n" + wrappers + ")";
}

class WasiHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    null_fd_ = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    char tmpl[] = "/tmp/petrel-wasi-host-XXXXXX";
    ASSERT_TRUE(::mkdtemp(tmpl));
    root_ = tmpl;
    WasiConfig config;
    config.args = {"prog", "one", "two"};
    config.env = {"A=1"};
    config.preopens = {{root_.string(), "/sandbox"}};
    config.stdin_fd = config.stdout_fd = config.stderr_fd = null_fd_;
    auto ctx = WasiContext::create(std::move(config));
    ASSERT_TRUE(ctx.ok()) << ctx.error().describe();
    ctx_ = std::move(ctx.value());
    host_ = std::make_unique<WasiHost>(store_, *ctx_);
    auto bin = watToBinary(wrapperModule());
    ASSERT_TRUE(bin.ok()) << bin.error().describe();
    auto compiled = compileModule(bin->data(), bin->size());
    ASSERT_TRUE(compiled.ok()) << compiled.error().describe();
    auto imports = host_->resolveImports((*compiled)->module);
    ASSERT_TRUE(imports.ok()) << imports.error().describe();
    auto inst = store_.instantiate(*compiled, *imports);
    ASSERT_TRUE(inst.ok()) << inst.error().describe();
    inst_ = *inst;
  }
  void TearDown() override {
    fs::remove_all(root_);
    ::close(null_fd_);
  }

  Result<std::vector<Value>> call(const std::string& name, std::vector<Value> args) {
    return store_.call(inst_->exportByName("w_" + name)->func(), args);
  }
  // Calls a function that returns an errno.
  uint32_t errnoOf(const std::string& name, std::vector<Value> args) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r.value()[0].asI32() : 0xffffffff;
  }
  uint8_t* memory() { return inst_->memories[0]->data; }
  void put(uint32_t at, const std::string& bytes) { std::memcpy(memory() + at, bytes.data(), bytes.size()); }
  uint32_t load32(uint32_t at) {
    uint32_t v;
    std::memcpy(&v, memory() + at, 4);
    return v;
  }
  static Value I(uint32_t v) { return Value::i32(v); }
  static Value L(uint64_t v) { return Value::i64(v); }

  fs::path root_;
  int null_fd_ = -1;
  Store store_;
  std::unique_ptr<WasiContext> ctx_;
  std::unique_ptr<WasiHost> host_;
  Instance* inst_ = nullptr;
};

constexpr uint32_t kFar = 0xfffffff0u;  // beyond the one-page memory

TEST_F(WasiHostTest, ArgsAndEnvironment) {
  EXPECT_EQ(errnoOf("args_sizes_get", {I(0), I(4)}), esuccess);
  EXPECT_EQ(load32(0), 3u);
  EXPECT_EQ(load32(4), 5u + 4 + 4);
  EXPECT_EQ(errnoOf("args_get", {I(16), I(64)}), esuccess);
  EXPECT_EQ(load32(16), 64u);
  EXPECT_STREQ(reinterpret_cast<char*>(memory() + load32(20)), "one");
  EXPECT_EQ(errnoOf("environ_sizes_get", {I(0), I(4)}), esuccess);
  EXPECT_EQ(load32(0), 1u);
  EXPECT_EQ(errnoOf("environ_get", {I(16), I(65534)}), efault);  // "A=1\0" would run past the end
}

TEST_F(WasiHostTest, PointersOutsideMemoryAreFault) {
  put(0, std::string("\x00\x01\x00\x00\x05\x00\x00\x00", 8));  // iovec {256, 5}
  EXPECT_EQ(errnoOf("fd_write", {I(1), I(kFar), I(1), I(8)}), efault);
  EXPECT_EQ(errnoOf("fd_write", {I(1), I(0), I(0x20000000), I(8)}), efault);  // iovec array too long
  put(0, std::string("\xf0\xff\x00\x00\x00\x10\x00\x00", 8));                 // iovec {65520, 4096}
  EXPECT_EQ(errnoOf("fd_write", {I(1), I(0), I(1), I(8)}), efault);
  EXPECT_EQ(errnoOf("fd_read", {I(0), I(0), I(1), I(8)}), efault);
  EXPECT_EQ(errnoOf("args_get", {I(kFar), I(0)}), efault);
  EXPECT_EQ(errnoOf("random_get", {I(65535), I(2)}), efault);
  EXPECT_EQ(errnoOf("random_get", {I(65536), I(0)}), esuccess);  // an empty range at the end is fine
  EXPECT_EQ(errnoOf("clock_time_get", {I(0), L(0), I(65532)}), efault);
  EXPECT_EQ(errnoOf("path_open", {I(3), I(0), I(kFar), I(4), I(0), L(0), L(0), I(0), I(0)}), efault);
  EXPECT_EQ(errnoOf("fd_prestat_dir_name", {I(3), I(65530), I(100)}), efault);
  EXPECT_EQ(errnoOf("poll_oneoff", {I(kFar), I(0), I(1), I(0)}), efault);
  EXPECT_EQ(errnoOf("fd_readdir", {I(3), I(65000), I(1000), L(0), I(0)}), efault);
}

TEST_F(WasiHostTest, OpenReadWriteThroughThePreopen) {
  put(100, "f.txt");
  // path_open(3, 0, "f.txt", creat, fd_read|fd_write, 0, 0, &fd at 200)
  EXPECT_EQ(errnoOf("path_open", {I(3), I(0), I(100), I(5), I(1), L(2 | 64), L(0), I(0), I(200)}), esuccess);
  uint32_t fd = load32(200);
  EXPECT_EQ(fd, 4u);
  put(300, "abc");
  put(0, std::string("\x2c\x01\x00\x00\x03\x00\x00\x00", 8));  // iovec {300, 3}
  EXPECT_EQ(errnoOf("fd_write", {I(fd), I(0), I(1), I(8)}), esuccess);
  EXPECT_EQ(load32(8), 3u);
  EXPECT_EQ(errnoOf("fd_close", {I(fd)}), esuccess);
  std::ifstream in(root_ / "f.txt");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "abc");
  put(100, "../x");
  EXPECT_EQ(errnoOf("path_open", {I(3), I(0), I(100), I(4), I(1), L(64), L(0), I(0), I(200)}), eperm);
  EXPECT_FALSE(fs::exists(root_.parent_path() / "x"));
}

// Every function with boundary and random arguments: each call returns (an
// errno or an error), none crashes (run under ASan by scripts/test.sh's
// sanitizer build too). poll_oneoff and proc_exit are left out: random
// subscriptions may ask to wait for hours, and proc_exit ends the run.
TEST_F(WasiHostTest, HostileArgumentsNeverCrash) {
  const uint64_t patterns[] = {0, 1, 8, 4096, 65535, 65536, 0x7fffffff, 0xffffffff, 0xfffffffffffffffful};
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return seed;
  };
  int calls = 0;
  for (const WasiFunctionInfo& f : wasiFunctions()) {
    std::string name = f.name;
    if (name == "poll_oneoff" || name == "proc_exit") continue;
    for (int round = 0; round < 60; ++round) {
      std::vector<Value> args;
      for (ValType t : f.params) {
        uint64_t v = round < 9 ? patterns[round] : (next() & 1) ? patterns[next() % 9] : next() % 70000;
        args.push_back(t == ValType::i64() ? Value::i64(v) : Value::i32(static_cast<uint32_t>(v)));
      }
      auto r = call(name, args);
      if (r.ok()) ++calls;
    }
  }
  EXPECT_GT(calls, 1000);
}

TEST_F(WasiHostTest, ProcExitIsAnExitError) {
  auto r = call("proc_exit", {I(17)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exit);
  EXPECT_EQ(r.error().exit_code, 17);
  r = call("proc_exit", {I(126)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
}

TEST_F(WasiHostTest, FunctionTableIsPreview1) {
  const auto& fns = wasiFunctions();
  EXPECT_EQ(fns.size(), 46u);
  std::set<std::string> names;
  for (const auto& f : fns) {
    names.insert(f.name);
    EXPECT_EQ(f.params.size(), f.param_names.size()) << f.name;
  }
  EXPECT_EQ(names.size(), fns.size());
  EXPECT_EQ(internal::describeFuncType(*host_->function("fd_pread")->type), "(i32, i32, i32, i64, i32) -> (i32)");
  EXPECT_EQ(internal::describeFuncType(*host_->function("proc_exit")->type), "(i32) -> ()");
}

Result<std::vector<Extern>> linkText(WasiHost& host, const std::string& wat) {
  auto bin = watToBinary(wat);
  if (!bin.ok()) return bin.takeError();
  auto compiled = compileModule(bin->data(), bin->size());
  if (!compiled.ok()) return compiled.takeError();
  return host.resolveImports((*compiled)->module);
}

TEST_F(WasiHostTest, LinkErrorsNameTheImport) {
  auto r = linkText(*host_, R"((module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32)))))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(r.error().message.find("\"fd_write\": has type (i32) -> (i32), but WASI preview1 defines "
                                   "(i32, i32, i32, i32) -> (i32)"),
            std::string::npos)
      << r.error().message;
  r = linkText(*host_, R"((module (import "wasi_snapshot_preview1" "nope" (func))))");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("\"nope\": unknown import"), std::string::npos) << r.error().message;
  r = linkText(*host_, R"((module (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))))");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("import \"wasi_unstable\" \"fd_write\""), std::string::npos);
  r = linkText(*host_, R"((module (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))))");
  EXPECT_TRUE(r.ok());
}

#ifdef PETREL_SOURCE_DIR
// docs/WASI.md carries the tables generated from the .def files; run with
// PETREL_UPDATE_DOCS=1 to rewrite them.
TEST(WasiDoc, TablesAreCurrent) {
  fs::path path = fs::path(PETREL_SOURCE_DIR) / "docs" / "WASI.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  struct Section {
    const char* begin;
    const char* end;
    std::string table;
  } sections[] = {
      {"<!-- functions: generated from src/wasi/wasi_functions.def -->\n", "<!-- end functions -->",
       wasiFunctionTableMarkdown()},
      {"<!-- errnos: generated from src/wasi/wasi_errno.def -->\n", "<!-- end errnos -->", wasiErrnoTableMarkdown()},
  };
  bool update = std::getenv("PETREL_UPDATE_DOCS") != nullptr;
  for (const Section& s : sections) {
    size_t b = doc.find(s.begin);
    size_t e = doc.find(s.end);
    ASSERT_NE(b, std::string::npos) << s.begin;
    ASSERT_NE(e, std::string::npos) << s.end;
    b += std::string(s.begin).size();
    if (update) {
      doc.replace(b, e - b, s.table);
    } else {
      EXPECT_EQ(doc.substr(b, e - b), s.table) << "docs/WASI.md is stale: run PETREL_UPDATE_DOCS=1 "
                                                  "BUILD/petrel_unit_tests --gtest_filter=WasiDoc.*";
    }
  }
  if (update) std::ofstream(path) << doc;
}
#endif

}  // namespace
}  // namespace petrel::internal::wasi
