#include "serve/access_log.h"

#include "serve/handler.h"  // utf8SequenceLength
#include "serve/metrics.h"  // utcTimestamp

namespace petrel::serve {

namespace {
constexpr size_t kFlushBytes = 64 << 10;
}

bool Log::openAccess(const std::string& access) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (access.empty() || access == "off") return true;
  if (access == "-") {
    access_ = stdout;
    return true;
  }
  access_ = std::fopen(access.c_str(), "a");
  owns_access_ = access_ != nullptr;
  return access_ != nullptr;
}

Log::~Log() {
  flush();
  if (owns_access_) std::fclose(access_);
}

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      // A well-formed UTF-8 sequence passes through; anything else is U+FFFD.
      size_t len = utf8SequenceLength(s.substr(i));
      if (len) {
        out.append(s.data() + i, len);
        i += len;
      } else {
        out += "\xef\xbf\xbd";
        ++i;
      }
    }
  }
  out.push_back('"');
}

void Log::access(const AccessRecord& r) {
  if (!access_) return;
  std::string line;
  line.reserve(256);
  bool first = true;
  auto key = [&line, &first](const char* k) {
    if (!first) line.push_back(',');
    first = false;
    line.push_back('"');
    line += k;
    line += "\":";
  };
  auto number = [&line](uint64_t v) { line += std::to_string(v); };
  line.push_back('{');
  key("time");
  appendJsonString(line, utcTimestamp());
  key("request_id");
  appendJsonString(line, r.request_id);
  key("remote");
  appendJsonString(line, r.remote);
  key("method");
  appendJsonString(line, r.method);
  key("path");
  appendJsonString(line, r.path);
  key("status");
  number(r.status);
  key("route");
  appendJsonString(line, r.route);
  // Fixed-point by hand: snprintf("%.3f") costs more than the line's rest.
  auto fixed = [&line](uint64_t whole, unsigned frac, int digits) {
    line += std::to_string(whole);
    line.push_back('.');
    char d[4];
    for (int i = digits - 1; i >= 0; --i, frac /= 10) d[i] = static_cast<char>('0' + frac % 10);
    line.append(d, static_cast<size_t>(digits));
  };
  key("duration_ms");
  uint64_t us = r.duration_ns / 1000;
  fixed(us / 1000, static_cast<unsigned>(us % 1000), 3);
  key("bytes_in");
  number(r.bytes_in);
  key("bytes_out");
  number(r.bytes_out);
  if (r.version) {
    key("version");
    number(r.version);
  }
  if (r.ran_guest) {
    key("instantiate_us");
    uint64_t centi = static_cast<uint64_t>(r.instantiate_us * 100 + 0.5);
    fixed(centi / 100, static_cast<unsigned>(centi % 100), 2);
    key("fuel");
    number(r.fuel);
  }
  if (!r.error.empty()) {
    key("error");
    appendJsonString(line, r.error);
  }
  line += "}\n";
  std::lock_guard<std::mutex> lock(mutex_);
  pending_ += line;
  if (pending_.size() >= kFlushBytes) {
    std::fwrite(pending_.data(), 1, pending_.size(), access_);
    std::fflush(access_);
    pending_.clear();
  }
}

void Log::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!access_ || pending_.empty()) return;
  std::fwrite(pending_.data(), 1, pending_.size(), access_);
  std::fflush(access_);
  pending_.clear();
}

void Log::event(const char* level, const std::string& message, nlohmann::json fields) {
  nlohmann::json line = {{"time", utcTimestamp()}, {"level", level}, {"msg", message}};
  for (auto& [k, v] : fields.items()) line[k] = v;
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace petrel::serve
