#include "serve/access_log.h"

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

void Log::access(const nlohmann::json& line) {
  if (!access_) return;
  // Invalid UTF-8 from a client (a path, a header) is replaced, never fatal.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mutex_);
  pending_ += text;
  pending_ += '\n';
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
