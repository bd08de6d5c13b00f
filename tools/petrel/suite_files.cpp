#include "suite_files.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace petrel::internal::cli {

namespace fs = std::filesystem;

#ifndef PETREL_SOURCE_DIR
#define PETREL_SOURCE_DIR "."
#endif

std::string sourceDir() { return PETREL_SOURCE_DIR; }

static bool isDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

std::string findTestSuite(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return isDir(explicit_dir) ? explicit_dir : std::string();
  if (const char* env = std::getenv("PETREL_TESTSUITE"); env && *env) return isDir(env) ? env : std::string();
  std::error_code ec;
  const fs::path roots[] = {fs::path(sourceDir()), fs::current_path(ec)};
  for (const char* rel : {"../shared/testsuite", "third_party/spec/test"}) {
    for (const fs::path& root : roots) {
      fs::path candidate = root / rel;
      if (!root.empty() && isDir(candidate / "core")) return fs::weakly_canonical(candidate, ec).string();
    }
  }
  return {};
}

static std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

Result<SkipList> loadSkipList(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::make(ErrorKind::Io, "cannot read skip list " + path);
  SkipList list;
  std::string line;
  for (uint32_t number = 1; std::getline(in, line); ++number) {
    std::string reason;
    if (size_t hash = line.find('#'); hash != std::string::npos) {
      reason = trim(line.substr(hash + 1));
      line = line.substr(0, hash);
    }
    std::string entry = trim(line);
    if (entry.empty()) continue;
    size_t colon = entry.rfind(':');
    if (colon == std::string::npos) {
      list.files[entry] = reason;
      continue;
    }
    std::string file = entry.substr(0, colon), range = entry.substr(colon + 1);
    LineRange r;
    char* end = nullptr;
    r.first = r.last = static_cast<uint32_t>(std::strtoul(range.c_str(), &end, 10));
    if (*end == '-') r.last = static_cast<uint32_t>(std::strtoul(end + 1, &end, 10));
    if (range.empty() || *end != '\0' || r.last < r.first)
      return Error::make(ErrorKind::Other, path + ":" + std::to_string(number) + ": bad line range \"" + range + "\"");
    list.lines[file].push_back(r);
  }
  return list;
}

std::optional<std::string> SkipList::fileReason(const std::string& path) const {
  auto it = files.find(path);
  if (it == files.end()) return std::nullopt;
  return it->second;
}

std::vector<LineRange> SkipList::lineRanges(const std::string& path) const {
  auto it = lines.find(path);
  return it == lines.end() ? std::vector<LineRange>{} : it->second;
}

// `path` relative to `root` when it lies inside it, else as given.
static std::string displayName(const fs::path& path, const std::string& root) {
  if (root.empty()) return path.string();
  std::error_code ec;
  fs::path rel = fs::relative(path, root, ec);
  if (ec || rel.empty() || *rel.begin() == "..") return path.string();
  return rel.generic_string();
}

static void addFolder(const fs::path& dir, const std::string& root, std::vector<SuiteFile>& out) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".wast" && !entry.is_directory()) found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  for (const fs::path& p : found) out.push_back({p.string(), displayName(p, root)});
}

Result<std::vector<SuiteFile>> collectSuiteFiles(const std::string& suite_root, const std::vector<std::string>& args) {
  std::vector<SuiteFile> files;
  if (args.empty()) {
    if (suite_root.empty()) return files;
    for (const char* folder :
         {"core", "core/bulk-memory", "core/multi-memory", "core/memory64", "core/simd", "core/relaxed-simd",
          "proposals/custom-page-sizes"})
      addFolder(fs::path(suite_root) / folder, suite_root, files);
    return files;
  }
  std::error_code ec;
  for (const std::string& arg : args) {
    fs::path p = arg;
    if (!fs::exists(p, ec) && !suite_root.empty() && fs::exists(fs::path(suite_root) / arg, ec))
      p = fs::path(suite_root) / arg;
    if (isDir(p))
      addFolder(p, suite_root, files);
    else if (fs::exists(p, ec))
      files.push_back({p.string(), displayName(p, suite_root)});
    else
      return Error::make(ErrorKind::Io, arg + ": no such file or folder");
  }
  return files;
}

}  // namespace petrel::internal::cli
