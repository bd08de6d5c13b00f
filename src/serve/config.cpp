#include "serve/config.h"

#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/quantity.h"
#include "serve/handler.h"  // utf8SequenceLength

namespace petrel::serve {

namespace {

namespace fs = std::filesystem;

std::string absoluteFrom(const fs::path& base_dir, const std::string& p) {
  fs::path path(p);
  if (path.is_relative()) path = base_dir / path;
  return path.lexically_normal().string();
}

// toml++ 3.3.0 (Debian 12's) reaches __builtin_unreachable() classifying
// some non-ASCII code points (upstream issues #190 and #295, fixed after
// 3.3.0; found here by serve_fuzzer). So toml++ never sees a non-ASCII
// byte: each run of them becomes an ASCII marker before parsing, and the
// strings read from the result are decoded back (a marker outside a string
// is simply invalid TOML). Lines stay where they were; columns after a
// marker on the same line may be off in toml++'s own error messages.
constexpr std::string_view kMarkerOpen = "%%petrel-utf8:", kMarkerClose = "%%";

std::string encodeNonAscii(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out.push_back(text[i++]);
      continue;
    }
    out += kMarkerOpen;
    for (; i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80; ++i) {
      out.push_back(kHex[static_cast<unsigned char>(text[i]) >> 4]);
      out.push_back(kHex[static_cast<unsigned char>(text[i]) & 15]);
    }
    out += kMarkerClose;
  }
  return out;
}

bool validUtf8(std::string_view s) {
  for (size_t i = 0, len; i < s.size(); i += len)
    if (!(len = utf8SequenceLength(s.substr(i)))) return false;
  return true;
}

// The string as written in the file; false when it holds invalid UTF-8.
bool decodeNonAscii(std::string& s) {
  if (s.find(kMarkerOpen) == std::string::npos) return true;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t at = s.find(kMarkerOpen, i);
    size_t end = at == std::string::npos ? std::string::npos : s.find(kMarkerClose, at + kMarkerOpen.size());
    if (end == std::string::npos) {
      out.append(s, i, std::string::npos);
      break;
    }
    out.append(s, i, at - i);
    for (size_t k = at + kMarkerOpen.size(); k + 1 < end; k += 2) {
      auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
      out.push_back(static_cast<char>(hex(s[k]) * 16 + hex(s[k + 1])));
    }
    i = end + kMarkerClose.size();
  }
  s = std::move(out);
  return validUtf8(s);
}

// Reads one TOML table, remembering which keys it was asked for, so that a
// key nobody asked for (a typo) is an error rather than silently ignored.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string source, std::string what)
      : table_(table), source_(std::move(source)), what_(std::move(what)) {}

  std::string where(const toml::node* node) const {
    const toml::source_region& r = node ? node->source() : table_.source();
    return source_ + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column) + ": " + what_;
  }
  int line() const { return static_cast<int>(table_.source().begin.line); }

  const toml::node* get(std::string_view key) {
    used_.insert(std::string(key));
    return table_.get(key);
  }
  Status fail(const toml::node* node, const std::string& message) const {
    return Error::make(ErrorKind::Other, where(node) + message);
  }

  Status string(std::string_view key, std::string& out) {
    const toml::node* n = get(key);
    if (!n) return Status::success();
    if (auto v = n->value<std::string>()) {
      out = *v;
      if (!decodeNonAscii(out)) return fail(n, "\"" + std::string(key) + "\" holds invalid UTF-8");
      return Status::success();
    }
    return fail(n, "\"" + std::string(key) + "\" must be a string");
  }
  Status boolean(std::string_view key, bool& out) {
    const toml::node* n = get(key);
    if (!n) return Status::success();
    if (auto v = n->value_exact<bool>()) {
      out = *v;
      return Status::success();
    }
    return fail(n, "\"" + std::string(key) + "\" must be true or false");
  }
  Status count(std::string_view key, uint64_t max, uint64_t& out) {
    const toml::node* n = get(key);
    if (!n) return Status::success();
    auto v = n->value_exact<int64_t>();
    if (!v || *v < 0 || static_cast<uint64_t>(*v) > max)
      return fail(n, "\"" + std::string(key) + "\" must be a whole number from 0 to " + std::to_string(max));
    out = static_cast<uint64_t>(*v);
    return Status::success();
  }
  // A size as "16MiB" / "1G" or a number of bytes.
  Status size(std::string_view key, uint64_t& out) {
    const toml::node* n = get(key);
    if (!n) return Status::success();
    if (auto v = n->value_exact<int64_t>(); v && *v >= 0) {
      out = static_cast<uint64_t>(*v);
      return Status::success();
    }
    if (auto s = n->value_exact<std::string>(); s && internal::parseByteSize(*s, out)) return Status::success();
    return fail(n, "\"" + std::string(key) + "\" must be a size such as \"16MiB\", \"1G\" or a number of bytes");
  }
  // A duration as "500ms" / "2s" / "1m" or a number of seconds.
  Status duration(std::string_view key, uint64_t& nanos) {
    const toml::node* n = get(key);
    if (!n) return Status::success();
    if (auto v = n->value<double>(); v && n->is_number() && *v >= 0 && *v < 9e9) {
      nanos = static_cast<uint64_t>(*v * 1e9);
      return Status::success();
    }
    if (auto s = n->value_exact<std::string>(); s && internal::parseDuration(*s, nanos)) return Status::success();
    return fail(n, "\"" + std::string(key) + "\" must be a duration such as \"500ms\", \"2s\" or \"1m\"");
  }
  Status unknownKeys() const {
    for (auto&& [key, value] : table_) {
      if (!used_.count(std::string(key.str())))
        return Error::make(ErrorKind::Other, source_ + ":" + std::to_string(key.source().begin.line) + ":" +
                                                 std::to_string(key.source().begin.column) + ": " + what_ +
                                                 "unknown key \"" + std::string(key.str()) + "\"");
    }
    return Status::success();
  }

 private:
  const toml::table& table_;
  std::string source_;
  std::string what_;
  std::set<std::string> used_;
};

#define SERVE_TRY(expr)                   \
  do {                                    \
    Status s_ = (expr);                   \
    if (!s_.ok()) return s_.takeError();  \
  } while (0)

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-' && c != '_') return false;
  return true;
}

bool isEnvName(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

Status readServer(TableReader& t, const fs::path& base_dir, ServerConfig& s) {
  SERVE_TRY(t.string("listen", s.listen));
  SERVE_TRY(t.string("admin_listen", s.admin_listen));
  uint64_t workers = s.workers;
  SERVE_TRY(t.count("workers", 1024, workers));
  s.workers = static_cast<uint32_t>(workers);
  SERVE_TRY(t.size("max_body", s.max_body));
  SERVE_TRY(t.size("max_header", s.max_header));
  SERVE_TRY(t.duration("header_timeout", s.header_timeout_ns));
  SERVE_TRY(t.duration("body_timeout", s.body_timeout_ns));
  SERVE_TRY(t.duration("idle_timeout", s.idle_timeout_ns));
  SERVE_TRY(t.duration("drain_timeout", s.drain_timeout_ns));
  uint64_t conns = s.max_connections;
  SERVE_TRY(t.count("max_connections", 1'000'000, conns));
  s.max_connections = static_cast<uint32_t>(conns);
  SERVE_TRY(t.string("access_log", s.access_log));
  if (s.access_log != "-" && s.access_log != "off" && !s.access_log.empty())
    s.access_log = absoluteFrom(base_dir, s.access_log);
  SERVE_TRY(t.string("admin_token_file", s.admin_token_file));
  SERVE_TRY(t.boolean("watch", s.watch));
  if (s.max_header < 1024) return t.fail(t.get("max_header"), "\"max_header\" must be at least 1KiB");
  if (!s.admin_token_file.empty()) {
    s.admin_token_file = absoluteFrom(base_dir, s.admin_token_file);
    std::ifstream in(s.admin_token_file);
    if (!in) return t.fail(t.get("admin_token_file"), "cannot read \"" + s.admin_token_file + "\"");
    std::getline(in, s.admin_token);
    while (!s.admin_token.empty() && (s.admin_token.back() == '\r' || s.admin_token.back() == ' '))
      s.admin_token.pop_back();
    if (s.admin_token.size() < 16)
      return t.fail(t.get("admin_token_file"), "the admin token in \"" + s.admin_token_file +
                                                   "\" is shorter than 16 characters");
  }
  return t.unknownKeys();
}

Status readDirs(TableReader& t, std::string_view key, bool writable, const fs::path& base_dir, RouteConfig& r) {
  const toml::node* n = t.get(key);
  if (!n) return Status::success();
  const toml::array* list = n->as_array();
  if (!list)
    return t.fail(n, "\"" + std::string(key) + "\" must be a list of { host = \"DIR\", guest = \"/NAME\" }");
  for (const toml::node& item : *list) {
    const toml::table* table = item.as_table();
    if (!table)
      return t.fail(&item, "each of \"" + std::string(key) + "\" must be { host = \"DIR\", guest = \"/NAME\" }");
    TableReader d(*table, "", "");
    DirGrant g;
    g.writable = writable;
    std::string host, guest;
    SERVE_TRY(d.string("host", host).ok() ? Status::success() : t.fail(&item, "\"host\" must be a string"));
    SERVE_TRY(d.string("guest", guest).ok() ? Status::success() : t.fail(&item, "\"guest\" must be a string"));
    if (host.empty() || guest.empty()) return t.fail(&item, "a directory needs both \"host\" and \"guest\"");
    if (Status s = d.unknownKeys(); !s.ok()) return t.fail(&item, "a directory takes only \"host\" and \"guest\"");
    g.host = absoluteFrom(base_dir, host);
    g.guest = guest;
    std::error_code ec;
    if (!fs::is_directory(g.host, ec)) return t.fail(&item, "\"" + g.host + "\" is not a directory");
    r.dirs.push_back(std::move(g));
  }
  return Status::success();
}

Status readRoute(TableReader& t, const fs::path& base_dir, RouteConfig& r) {
  r.line = t.line();
  SERVE_TRY(t.string("name", r.name));
  std::string exact, prefix;
  SERVE_TRY(t.string("path", exact));
  SERVE_TRY(t.string("prefix", prefix));
  if (exact.empty() == prefix.empty()) return t.fail(nullptr, "a route needs exactly one of \"path\" or \"prefix\"");
  r.prefix = !prefix.empty();
  r.path = r.prefix ? prefix : exact;
  const toml::node* path_node = t.get(r.prefix ? "prefix" : "path");
  if (r.path[0] != '/') return t.fail(path_node, "\"" + r.path + "\" must start with '/'");
  if (isReservedPath(r.path))
    return t.fail(path_node, "\"" + r.path + "\" is kept for the host (/_petrel/..., /metrics)");
  if (r.name.empty()) r.name = r.path;
  if (const toml::node* n = t.get("methods")) {
    const toml::array* list = n->as_array();
    if (!list) return t.fail(n, "\"methods\" must be a list such as [\"GET\", \"POST\"]");
    for (const toml::node& m : *list) {
      auto v = m.value_exact<std::string>();
      if (!v || !isToken(*v)) return t.fail(&m, "a method must be an upper-case name such as \"GET\"");
      r.methods.push_back(*v);
    }
  }
  std::string module;
  SERVE_TRY(t.string("module", module));
  if (module.empty()) return t.fail(nullptr, "route \"" + r.name + "\" needs \"module\"");
  r.module_path = absoluteFrom(base_dir, module);
  if (const toml::node* n = t.get("env")) {
    const toml::table* env = n->as_table();
    if (!env) return t.fail(n, "\"env\" must be a table such as { NAME = \"value\" }");
    for (auto&& [k, v] : *env) {
      auto value = v.value<std::string>();
      if (!isEnvName(k.str()))
        return t.fail(&v, "\"" + std::string(k.str()) + "\" is not a valid environment variable name");
      if (!value) return t.fail(&v, "env \"" + std::string(k.str()) + "\" must be a string");
      if (!decodeNonAscii(*value)) return t.fail(&v, "env \"" + std::string(k.str()) + "\" holds invalid UTF-8");
      r.env.push_back(std::string(k.str()) + "=" + *value);
    }
  }
  SERVE_TRY(readDirs(t, "dirs", false, base_dir, r));
  SERVE_TRY(readDirs(t, "writable_dirs", true, base_dir, r));
  SERVE_TRY(t.size("max_memory", r.max_memory));
  SERVE_TRY(t.size("max_response", r.max_response));
  SERVE_TRY(t.duration("timeout", r.timeout_ns));
  if (t.get("fuel")) {
    uint64_t fuel = 0;
    SERVE_TRY(t.count("fuel", static_cast<uint64_t>(INT64_MAX), fuel));
    r.fuel = fuel;
  }
  uint64_t concurrency = 0;
  SERVE_TRY(t.count("max_concurrency", 1'000'000, concurrency));
  r.max_concurrency = static_cast<uint32_t>(concurrency);
  if (r.timeout_ns == 0) return t.fail(t.get("timeout"), "\"timeout\" must be more than 0");
  return t.unknownKeys();
}

}  // namespace

bool isReservedPath(std::string_view path) {
  return path == "/metrics" || path == "/_petrel" || path.rfind("/_petrel/", 0) == 0;
}

Result<AppConfig> parseConfig(std::string_view text, const std::string& source) {
  std::string ascii = encodeNonAscii(text);
  toml::parse_result parsed = toml::parse(ascii, source);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return Error::make(ErrorKind::Other, source + ":" + std::to_string(e.source().begin.line) + ":" +
                                             std::to_string(e.source().begin.column) + ": " +
                                             std::string(e.description()));
  }
  const toml::table& root = parsed.table();
  fs::path base_dir = fs::path(source).parent_path();
  AppConfig config;
  config.source = source;
  TableReader top(root, source, "");
  if (const toml::node* n = top.get("server")) {
    const toml::table* server = n->as_table();
    if (!server) return top.fail(n, "\"server\" must be a table ([server])").takeError();
    TableReader t(*server, source, "[server] ");
    SERVE_TRY(readServer(t, base_dir, config.server));
  }
  const toml::node* routes = top.get("route");
  const toml::array* list = routes ? routes->as_array() : nullptr;
  if (routes && (!list || !list->is_array_of_tables()))
    return top.fail(routes, "routes are written [[route]]").takeError();
  if (!list || list->empty())
    return top.fail(nullptr, "no routes: add at least one [[route]] with path, module").takeError();
  std::set<std::string> names;
  std::set<std::pair<std::string, bool>> paths;
  for (const toml::node& item : *list) {
    RouteConfig r;
    TableReader t(*item.as_table(), source, "[[route]] ");
    SERVE_TRY(readRoute(t, base_dir, r));
    if (!names.insert(r.name).second) return t.fail(nullptr, "a second route named \"" + r.name + "\"").takeError();
    // Two routes on one path are fine when their methods differ; the
    // router tries them in order. The same path, kind and methods is a mistake.
    std::string key = r.path;
    for (const std::string& m : r.methods) key += " " + m;
    if (!paths.insert({key, r.prefix}).second)
      return t.fail(nullptr, "route \"" + r.name + "\" repeats the " + (r.prefix ? "prefix" : "path") + " \"" +
                                 r.path + "\" of an earlier route").takeError();
    config.routes.push_back(std::move(r));
  }
  SERVE_TRY(top.unknownKeys());
  return config;
}

Result<AppConfig> loadConfigFile(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  std::ifstream in(abs, std::ios::binary);
  if (!in) return Error::make(ErrorKind::Io, path + ": cannot read the config file");
  std::ostringstream text;
  text << in.rdbuf();
  return parseConfig(text.str(), abs.string());
}

Result<AppConfig> configForHandler(const std::string& module_path) {
  std::error_code ec;
  AppConfig config;
  config.single_handler = true;
  RouteConfig r;
  r.module_path = fs::absolute(module_path, ec).lexically_normal().string();
  config.source = r.module_path;
  r.name = fs::path(module_path).stem().string();
  r.path = "/";
  r.prefix = true;
  config.routes.push_back(std::move(r));
  return config;
}

}  // namespace petrel::serve
