// libFuzzer harness for what petrel serve parses from others: a guest's CGI
// output (parseCgiResponse), a request as WAGI environment and arguments
// (wagiEnvironment, wagiArguments, percentDecode), the router, and config
// files (parseConfig over toml++). The first byte picks the target. Must
// never crash, hang or leak; a parsed response must also be one the server
// can write without letting a guest inject a header line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "serve/config.h"
#include "serve/router.h"
#include "serve/wagi.h"

using namespace petrel::serve;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto r = parseCgiResponse(std::string(text));
      if (r.ok()) {
        if (r->status < 100 || r->status > 999) std::abort();
        for (const auto& [name, value] : r->headers)
          if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos)
            std::abort();  // would let the guest inject a header line
      }
      break;
    }
    case 1: {
      // The text as a request target and header block.
      size_t nl = text.find('\n');
      std::string target = text.substr(0, nl);
      Request req;
      req.method = "GET";
      req.target = target;
      size_t q = target.find('?');
      req.path = std::string_view(target).substr(0, q);
      if (q != std::string::npos) req.query = std::string_view(target).substr(q + 1);
      std::string_view rest = nl == std::string::npos ? std::string_view() : std::string_view(text).substr(nl + 1);
      while (!rest.empty()) {
        size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        size_t colon = line.find(':');
        if (colon != std::string_view::npos) req.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
      req.host = req.header("host");
      RouteConfig rc;
      rc.path = "/api/";
      rc.prefix = true;
      RouteConfig exact;
      exact.path = std::string(req.path);
      Router router({&rc, &exact});
      (void)router.match(req.path, req.method);
      RouteMatch m{&rc, "/api", req.path.size() > 4 ? req.path.substr(4) : std::string_view()};
      (void)wagiEnvironment(req, m);
      (void)wagiArguments(req, m);
      (void)percentDecode(text, true);
      break;
    }
    default: {
      auto c = parseConfig(text, "/nonexistent/fuzz.toml");
      (void)c;
      break;
    }
  }
  return 0;
}
