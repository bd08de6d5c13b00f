// Structured logs as JSON lines: one access line per request (to stdout, a
// file, or nowhere) and event lines (errors with backtraces, deploys,
// start and stop) to stderr. Access lines are buffered and written in
// batches, so logging costs no system call per request; flush() (called
// a few times a second, and at exit) writes what is pending.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace petrel::serve {

class Log {
 public:
  // `access`: a path, "-" for stdout, or "off"/"" for none. False when the
  // file cannot be opened.
  bool openAccess(const std::string& access);
  ~Log();

  void access(const nlohmann::json& line);
  // An event ("level", "msg" and fields of its own), written at once.
  void event(const char* level, const std::string& message, nlohmann::json fields = nlohmann::json::object());
  void flush();

 private:
  std::mutex mutex_;
  std::FILE* access_ = nullptr;
  bool owns_access_ = false;
  std::string pending_;
};

}  // namespace petrel::serve
