#include "serve/wagi.h"

#include <cctype>

#include "serve/config.h"

namespace petrel::serve {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool isFieldName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || c == ':' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"' ||
        c == '/' || c == '[' || c == ']' || c == '?' || c == '=' || c == '{' || c == '}' || c == '\\')
      return false;
  }
  return true;
}

bool hasControl(std::string_view s) {
  for (char c : s)
    if ((static_cast<unsigned char>(c) < 32 && c != '\t') || c == 127) return true;
  return false;
}

}  // namespace

std::string percentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hexValue(text[i + 1]), lo = hexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::vector<std::string> wagiEnvironment(const Request& request, const RouteMatch& match) {
  std::vector<std::string> env;
  // The route's own variables first: a later entry of the same name wins
  // (WasiConfig::env), so a route cannot fake what the request defines.
  if (match.route) env = match.route->env;
  env.reserve(env.size() + 24 + request.headers.size());
  auto set = [&env](std::string_view name, std::string_view value) {
    std::string e;
    e.reserve(name.size() + 1 + value.size());
    e.append(name).push_back('=');
    e.append(value);
    env.push_back(std::move(e));
  };
  std::string_view host = request.host;
  std::string_view server_name = host.substr(0, host.rfind(':') == std::string_view::npos ? host.size()
                                                                                         : host.rfind(':'));
  if (server_name.empty()) server_name = "localhost";
  std::string port = std::to_string(request.server_port);
  set("GATEWAY_INTERFACE", "CGI/1.1");
  set("SERVER_SOFTWARE", "petrel-serve/1 (WAGI/1)");
  set("SERVER_PROTOCOL", request.http_version == 10 ? "HTTP/1.0" : "HTTP/1.1");
  set("SERVER_NAME", server_name);
  set("SERVER_PORT", port);
  set("REQUEST_METHOD", request.method);
  set("SCRIPT_NAME", match.script_name);
  std::string path_info = percentDecode(match.path_info, false);
  set("PATH_INFO", path_info);
  set("PATH_TRANSLATED", path_info);
  set("X_RAW_PATH_INFO", match.path_info);
  set("QUERY_STRING", request.query);
  set("REMOTE_ADDR", request.remote_addr);
  set("REMOTE_HOST", request.remote_addr);
  set("REMOTE_PORT", std::to_string(request.remote_port));
  set("AUTH_TYPE", "");
  set("REMOTE_USER", "");
  set("CONTENT_TYPE", request.header("content-type"));
  set("CONTENT_LENGTH", std::to_string(request.body.size()));
  set("X_MATCHED_ROUTE", match.route ? std::string_view(match.route->path) : std::string_view());
  std::string full = "http://";
  full.append(host.empty() ? std::string_view("localhost") : host).append(request.target);
  set("X_FULL_URL", full);
  set("X_REQUEST_ID", request.request_id);
  const size_t first_header_var = env.size();
  for (const auto& [name, value] : request.headers) {
    // Content-Type and -Length are given above (RFC 3875 4.1.18); Proxy
    // would let a client set HTTP_PROXY for the guest's HTTP clients.
    if (equalsIgnoringCase(name, "content-type") || equalsIgnoringCase(name, "content-length") || equalsIgnoringCase(name, "proxy")) continue;
    std::string var = "HTTP_";
    for (char c : name) var.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    // A repeated header is one variable, its values joined (RFC 3875 4.1.18):
    // only the HTTP_* variables made so far can hold it.
    bool merged = false;
    for (size_t i = first_header_var; i < env.size(); ++i)
      if (std::string& e = env[i]; e.size() > var.size() && e.compare(0, var.size(), var) == 0 && e[var.size()] == '=') {
        e.append(", ").append(value);
        merged = true;
        break;
      }
    if (!merged) set(var, value);
  }
  return env;
}

std::vector<std::string> wagiArguments(const Request& request, const RouteMatch& match) {
  std::vector<std::string> args;
  args.emplace_back(match.script_name.empty() ? std::string_view("/") : match.script_name);
  std::string_view q = request.query;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    if (!part.empty()) args.push_back(percentDecode(part, true));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return args;
}

Result<Response> parseCgiResponse(std::string&& output) {
  Response r;
  size_t pos = 0;
  bool have_status = false, have_location = false, have_type = false;
  for (;;) {
    size_t nl = output.find('\n', pos);
    if (nl == std::string::npos)
      return Error::make(ErrorKind::Other, output.empty() ? "the guest wrote no response"
                                                          : "the guest's output has no blank line ending its headers");
    std::string_view line(output.data() + pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl + 1;
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !isFieldName(line.substr(0, colon)))
      return Error::make(ErrorKind::Other, "malformed header line in the guest's output: \"" +
                                               std::string(line.substr(0, 80)) + "\"");
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    if (hasControl(value))
      return Error::make(ErrorKind::Other, "header \"" + std::string(name) + "\" holds a control character");
    if (equalsIgnoringCase(name, "status")) {
      // "Status: 404 Not Found" (the reason phrase is optional).
      unsigned code = 0;
      size_t i = 0;
      while (i < value.size() && i < 3 && value[i] >= '0' && value[i] <= '9') code = code * 10 + (value[i++] - '0');
      if (i != 3 || code < 100 || code > 999 || (i < value.size() && value[i] != ' '))
        return Error::make(ErrorKind::Other, "bad Status header in the guest's output: \"" + std::string(value) + "\"");
      r.status = code;
      have_status = true;
      continue;
    }
    if (equalsIgnoringCase(name, "location")) have_location = true;
    if (equalsIgnoringCase(name, "content-type")) have_type = true;
    // The server frames the body itself.
    if (equalsIgnoringCase(name, "content-length") || equalsIgnoringCase(name, "transfer-encoding") || equalsIgnoringCase(name, "connection"))
      continue;
    r.headers.emplace_back(std::string(name), std::string(value));
  }
  if (have_location && !have_status) r.status = 302;
  if (!have_type && !have_location && pos < output.size())
    r.headers.emplace_back("content-type", "application/octet-stream");
  output.erase(0, pos);
  r.body = std::move(output);
  return r;
}

}  // namespace petrel::serve
