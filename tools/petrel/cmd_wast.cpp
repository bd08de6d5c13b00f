// petrel wast: runs spec scripts and tallies their commands.
//
// Each file runs in a child process (unless --no-isolate) that streams one
// record per command through a pipe, so a crash or a hang in the core costs
// only the rest of that file: the parent counts the commands not reported
// as failed and names the command that was running.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "commands.h"
#include "compile_flags.h"
#include "diagnostics.h"
#include "module_loader.h"
#include "suite_files.h"
#include "text/wast_script.h"
#include "wast_runner.h"

namespace petrel::internal::cli {

namespace {

constexpr size_t kMaxFailuresShown = 20;

// Records between the child and the parent, one a line:
//   T<count>  the script parsed and has <count> commands
//   B<line>   a command starting on <line> begins
//   P / S     it passed / was skipped
//   F<text>   it failed, with details
//   N<text>   a verbose note about the command that follows
//   E<text>   the file could not be read or parsed (one failure)
//   D         the file is done
using RecordSink = std::function<void(char kind, const std::string& text)>;

// Keeps a record on one line: newlines and other control bytes escaped.
std::string escapeLine(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Runs one file and describes what happened as records.
void runFileRecords(const SuiteFile& file, const std::vector<LineRange>& skipped, bool verbose,
                    const RecordSink& emit) {
  auto bytes = readFile(file.path);
  if (!bytes.ok()) {
    emit('E', bytes.error().message);
    return emit('D', {});
  }
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  auto script = wast::parseWastScript(text, file.display);
  if (!script.ok()) {
    emit('E', "script does not parse: " + script.error().describe());
    return emit('D', {});
  }
  emit('T', std::to_string(script->commands.size()));
  // Each file runs in a process of its own, so the proposal its folder is
  // named after is enabled for it alone (tests of Wasm 3.0 expect those
  // modules to be malformed).
  setCustomPageSizes(file.path.find("custom-page-sizes") != std::string::npos);
  runScript(
      *script, skipped, verbose, [&](const wast::Command& c) { emit('B', std::to_string(c.line)); },
      [&](const CommandOutcome& out) {
        for (const std::string& note : out.notes) emit('N', note);
        emit(static_cast<char>(out.kind), out.detail);
      });
  emit('D', {});
}

struct Tally {
  uint64_t passed = 0, failed = 0, skipped = 0;
};

// What the parent learns about one file.
struct FileResult {
  Tally tally;
  uint64_t total = 0, reported = 0;
  std::string running_line;  // line of the command in progress
  bool done = false;
  std::vector<std::string> failures;
  std::vector<std::string> notes;

  void onRecord(char kind, const std::string& text) {
    switch (kind) {
      case 'T': total = std::strtoull(text.c_str(), nullptr, 10); break;
      case 'B': running_line = text; break;
      case 'P': ++tally.passed, ++reported; break;
      case 'S': ++tally.skipped, ++reported; break;
      case 'F': ++tally.failed, ++reported, failures.push_back(text); break;
      case 'N': notes.push_back(text); break;
      case 'E': ++tally.failed, failures.push_back(text); break;
      case 'D': done = true; break;
    }
  }

  // The child died or hung: everything it did not report failed.
  void onAbnormalEnd(const std::string& why) {
    uint64_t missing = total > reported ? total - reported : 0;
    if (missing == 0 && total == 0) missing = 1;  // died before or while parsing
    tally.failed += missing;
    std::string where = running_line.empty() ? std::string() : "line " + running_line + ": ";
    failures.push_back(where + why + " (" + std::to_string(missing) + " command(s) not run)");
  }
};

// Feeds `result` from a pipe until EOF or the deadline; false on timeout.
bool readRecords(int fd, FileResult& result, std::chrono::steady_clock::time_point deadline) {
  std::string pending;
  char buf[1 << 14];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) continue;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0, nl;
    while ((nl = pending.find('\n', start)) != std::string::npos) {
      if (nl > start) result.onRecord(pending[start], pending.substr(start + 1, nl - start - 1));
      start = nl + 1;
    }
    pending.erase(0, start);
  }
}

FileResult runFileIsolated(const SuiteFile& file, const std::vector<LineRange>& skipped, const WastOptions& options) {
  FileResult result;
  int fds[2];
  std::fflush(stdout);
  std::fflush(stderr);
  if (pipe(fds) != 0) {
    result.onAbnormalEnd(std::string("pipe: ") + std::strerror(errno));
    return result;
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    result.onAbnormalEnd(std::string("fork: ") + std::strerror(errno));
    return result;
  }
  if (pid == 0) {
    close(fds[0]);
    std::string buffer;
    runFileRecords(file, skipped, options.verbose, [&](char kind, const std::string& text) {
      buffer = kind + escapeLine(text) + "\n";
      const char* p = buffer.data();
      size_t left = buffer.size();
      while (left > 0) {
        ssize_t n = write(fds[1], p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(3);
        p += n;
        left -= static_cast<size_t>(n);
      }
    });
    // exit, not _exit: under ASan the leak check runs at exit and its
    // failure status reaches the parent like any other.
    std::exit(0);
  }
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.file_timeout_seconds);
  bool in_time = readRecords(fds[0], result, deadline);
  if (!in_time) kill(pid, SIGKILL);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!in_time) {
    result.onAbnormalEnd("timed out after " + std::to_string(options.file_timeout_seconds) + " s");
  } else if (WIFSIGNALED(status)) {
    result.onAbnormalEnd(std::string("crashed: ") + strsignal(WTERMSIG(status)));
  } else if (!result.done || WEXITSTATUS(status) != 0) {
    result.onAbnormalEnd("exited with status " + std::to_string(WEXITSTATUS(status)));
  }
  return result;
}

FileResult runFile(const SuiteFile& file, const std::vector<LineRange>& skipped, const WastOptions& options) {
  if (options.isolate) return runFileIsolated(file, skipped, options);
  FileResult result;
  runFileRecords(file, skipped, options.verbose, [&](char kind, const std::string& text) { result.onRecord(kind, text); });
  return result;
}

void printFileResult(const SuiteFile& file, const FileResult& r, const std::optional<std::string>& skip_reason,
                     bool verbose) {
  const char* verdict = r.tally.failed ? "FAIL" : skip_reason ? "SKIP" : "PASS";
  std::printf("%s %s: %llu passed, %llu failed", verdict, file.display.c_str(),
              static_cast<unsigned long long>(r.tally.passed), static_cast<unsigned long long>(r.tally.failed));
  if (r.tally.skipped) std::printf(", %llu skipped", static_cast<unsigned long long>(r.tally.skipped));
  if (skip_reason) std::printf(" (skip list: %s)", skip_reason->c_str());
  std::printf("\n");
  for (size_t i = 0; i < r.failures.size() && i < kMaxFailuresShown; ++i) std::printf("  %s\n", r.failures[i].c_str());
  if (r.failures.size() > kMaxFailuresShown)
    std::printf("  ... and %zu more failures\n", r.failures.size() - kMaxFailuresShown);
  if (verbose)
    for (const std::string& note : r.notes) std::printf("  note: %s\n", note.c_str());
  std::fflush(stdout);
}

// --emit-modules: every module of the scripts as a file, for fuzzing corpora.
int emitModules(const std::vector<SuiteFile>& files, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  uint64_t written = 0;
  for (const SuiteFile& file : files) {
    auto bytes = readFile(file.path);
    if (!bytes.ok()) return reportError(file.path, bytes.error());
    auto script = wast::parseWastScript(
        std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), file.display);
    if (!script.ok()) continue;  // nothing to take from it
    std::string stem = file.display;
    for (char& c : stem)
      if (c == '/' || c == '\\') c = '_';
    size_t n = 0;
    for (const wast::Command& c : script->commands) {
      bool has = c.kind == wast::Command::Kind::Module || c.has_module ||
                 c.kind == wast::Command::Kind::AssertMalformed || c.kind == wast::Command::Kind::AssertInvalid ||
                 c.kind == wast::Command::Kind::AssertUnlinkable ||
                 c.kind == wast::Command::Kind::AssertUninstantiable;
      if (!has) continue;
      const wast::ScriptModule& m = c.module;
      bool binary = m.form == wast::ScriptModule::Form::Binary;
      std::string path = dir + "/" + stem + "." + std::to_string(n++) + (binary ? ".wasm" : ".wat");
      std::vector<uint8_t> data = binary ? m.binary : std::vector<uint8_t>(m.quote.begin(), m.quote.end());
      auto ok = writeFile(path, data);
      if (!ok.ok()) return reportError(path, ok.error());
      ++written;
    }
  }
  std::printf("wrote %llu modules to %s\n", static_cast<unsigned long long>(written), dir.c_str());
  return kExitOk;
}

}  // namespace

int wastCommand(const WastOptions& options) {
  std::string root = findTestSuite(options.testsuite);
  if (!options.testsuite.empty() && root.empty())
    return reportFailure("test suite folder " + options.testsuite + " does not exist");
  if (root.empty() && options.paths.empty()) {
    std::printf("spec tests skipped: no test suite found; set PETREL_TESTSUITE or run `git submodule update --init`\n");
    std::printf("0 passed, 0 failed, 1 skipped\n");
    return kExitOk;
  }
  auto files = collectSuiteFiles(root, options.paths);
  if (!files.ok()) return reportFailure(files.error().message);
  if (!options.emit_modules.empty()) return emitModules(*files, options.emit_modules);

  SkipList skips;
  std::string skip_path = options.skip_list.empty() ? sourceDir() + "/tests/spec/skip.txt" : options.skip_list;
  if (auto loaded = loadSkipList(skip_path); loaded.ok())
    skips = std::move(*loaded);
  else if (!options.skip_list.empty() || loaded.error().kind != ErrorKind::Io)
    return reportFailure(loaded.error().message);

  Tally total;
  for (const SuiteFile& file : *files) {
    auto reason = skips.fileReason(file.display);
    std::vector<LineRange> skipped = reason ? std::vector<LineRange>{{0, ~uint32_t{0}}} : skips.lineRanges(file.display);
    FileResult r = runFile(file, skipped, options);
    printFileResult(file, r, reason, options.verbose);
    total.passed += r.tally.passed;
    total.failed += r.tally.failed;
    total.skipped += r.tally.skipped;
  }
  std::printf("%llu passed, %llu failed, %llu skipped\n", static_cast<unsigned long long>(total.passed),
              static_cast<unsigned long long>(total.failed), static_cast<unsigned long long>(total.skipped));
  return total.failed ? 1 : kExitOk;
}

}  // namespace petrel::internal::cli
