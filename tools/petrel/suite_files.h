// Where the spec test suite is, which of its files to run, and the skip
// list (tests/spec/skip.txt).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "wast_runner.h"

namespace petrel::internal::cli {

// The suite root (the folder holding core/): `explicit_dir` if given, else
// $PETREL_TESTSUITE, else ../shared/testsuite beside the source tree or the
// working directory, else the submodule third_party/spec/test. Empty if none
// exists.
std::string findTestSuite(const std::string& explicit_dir);

// The source tree this binary was built from (for the default skip list).
std::string sourceDir();

// tests/spec/skip.txt: one entry a line, `PATH # reason` skips a whole file,
// `PATH:LINE # reason` or `PATH:FIRST-LAST # reason` skips the commands that
// start on those lines. PATH is relative to the suite root; `#` starts a
// comment.
struct SkipList {
  std::map<std::string, std::string> files;  // path -> reason
  std::map<std::string, std::vector<LineRange>> lines;

  std::optional<std::string> fileReason(const std::string& path) const;
  std::vector<LineRange> lineRanges(const std::string& path) const;
};
Result<SkipList> loadSkipList(const std::string& path);

struct SuiteFile {
  std::string path;     // to open
  std::string display;  // relative to the suite root when inside it
};

// The files to run: each argument is a .wast file or a folder (its .wast
// files, not recursive), relative to the working directory or else to the
// suite root. No arguments: core/*.wast and core/{bulk-memory,
// multi-memory,memory64,simd,relaxed-simd}/*.wast.
Result<std::vector<SuiteFile>> collectSuiteFiles(const std::string& suite_root, const std::vector<std::string>& args);

}  // namespace petrel::internal::cli
