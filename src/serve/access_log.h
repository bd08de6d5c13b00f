// Structured logs as JSON lines: one access line per request (to stdout, a
// file, or nowhere) and event lines (errors with backtraces, deploys,
// start and stop) to stderr. Access lines are buffered and written in
// batches, so logging costs no system call per request; flush() (called
// a few times a second, and at exit) writes what is pending.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace petrel::serve {

// One access line's fields (views: formatted before access() returns).
struct AccessRecord {
  std::string_view request_id, remote, method, path, route;
  unsigned status = 0;
  uint64_t duration_ns = 0;
  uint64_t bytes_in = 0, bytes_out = 0;
  uint64_t version = 0;         // the route's module version; 0: no route
  bool ran_guest = false;       // then instantiate_us and fuel are given
  double instantiate_us = 0;
  uint64_t fuel = 0;
  std::string_view error;       // the failure's name, or empty
};

// JSON string syntax for `s`, quoted, appended to `out`: control
// characters escaped, invalid UTF-8 (a client's path or header) replaced
// by U+FFFD rather than breaking the line.
void appendJsonString(std::string& out, std::string_view s);

class Log {
 public:
  // `access`: a path, "-" for stdout, or "off"/"" for none. False when the
  // file cannot be opened.
  bool openAccess(const std::string& access);
  ~Log();

  bool accessEnabled() const { return access_ != nullptr; }
  // Formatted by hand, not through nlohmann::json: this runs per request.
  void access(const AccessRecord& r);
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
