// WAGI, the WebAssembly Gateway Interface: CGI 1.1 (RFC 3875) over WASI.
// The request goes to the guest as environment variables, arguments and
// stdin; its stdout is CGI output (header lines, a blank line, the body).
// Only the translation lives here; wagi_handler.h runs the guest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <petrel/result.h>

#include "serve/handler.h"

namespace petrel::serve {

// The environment of RFC 3875 section 4.1 plus WAGI's X_MATCHED_ROUTE,
// X_FULL_URL and X_RAW_PATH_INFO, and one HTTP_* per request header
// (Proxy is left out: "httpoxy"). The route's own env comes first, so it
// cannot override what the request defines.
std::vector<std::string> wagiEnvironment(const Request& request, const RouteMatch& match);

// argv: the route's path, then the query split on '&', each part
// percent-decoded (as WAGI passes query parameters).
std::vector<std::string> wagiArguments(const Request& request, const RouteMatch& match);

// Turns CGI output into a response. "Status: 404 Not Found" sets the
// status, "Location:" without a status is a 302 redirect (RFC 3875 6.3.3);
// other header fields pass through. Output without a blank line ending
// the headers, or with a malformed header line or status, is an error
// saying what is wrong (the server answers 500 then).
Result<Response> parseCgiResponse(std::string&& output);

// Percent-decoding; '+' becomes a space when `plus_is_space`.
std::string percentDecode(std::string_view text, bool plus_is_space);

}  // namespace petrel::serve
