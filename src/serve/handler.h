// The seam between the HTTP server and the guest ABI. The server turns
// bytes into a Request and a Response back into bytes; a RequestHandler
// runs a guest for one request. WAGI (CGI over WASI, wagi_handler.h) is
// the first ABI; a `wasi:http` component handler fits the same interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace petrel::serve {

struct RouteConfig;

// ASCII case-insensitive equality (HTTP field names).
inline bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The length of the well-formed UTF-8 sequence at the start of `s` (1 for
// ASCII), or 0 when it is not one (overlong, surrogate, past U+10FFFF, cut).
inline size_t utf8SequenceLength(std::string_view s) {
  if (s.empty()) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned char c = p[0];
  size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (!len || len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((p[k] & 0xc0) != 0x80) return 0;
  if (len == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0))) return 0;
  if (len == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))) return 0;
  return len;
}

// One request as received; the views point into the server's buffers and
// live until the response is built.
struct Request {
  std::string_view method;
  std::string_view target;  // as sent: /path?query
  std::string_view path;    // the target up to '?', not decoded
  std::string_view query;   // after '?', not decoded
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
  std::string_view host;  // the Host header
  std::string remote_addr;
  uint16_t remote_port = 0;
  uint16_t server_port = 0;
  unsigned http_version = 11;  // 10 or 11
  std::string request_id;

  std::string_view header(std::string_view name) const;  // case-insensitive; empty when absent
};

struct Response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // end the connection after this response
};

// What running a guest came to: a response, or the reason there is none.
struct HandlerOutcome {
  enum class Failure { None, Trap, Timeout, Fuel, Exhaustion, Exit, BadResponse, Instantiate };
  Failure failure = Failure::None;
  Response response;        // when failure == None
  std::string message;      // what went wrong
  std::string backtrace;    // the wasm backtrace of a trap
  std::string guest_stderr; // what the guest wrote to fd 2
  double instantiate_us = 0;
  uint64_t fuel_consumed = 0;
  bool memory_limit_hit = false;  // a memory.grow was refused by the route's cap
};

const char* failureName(HandlerOutcome::Failure f);

// The matched route's part of the URL, for the guest's environment.
struct RouteMatch {
  const RouteConfig* route = nullptr;
  std::string_view script_name;  // the route's path as matched ("/api")
  std::string_view path_info;    // the rest of the path ("/users/1"), not decoded
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Runs on a server worker thread; may be called on several at once.
  virtual HandlerOutcome handle(const Request& request, const RouteMatch& match) const = 0;
};

}  // namespace petrel::serve
