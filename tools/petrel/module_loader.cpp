#include "module_loader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal::cli {

Result<std::vector<uint8_t>> readFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error::make(ErrorKind::Io, std::string("cannot open: ") + std::strerror(errno));
  std::vector<uint8_t> bytes;
  uint8_t buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  bool failed = std::ferror(f);
  int err = errno;
  std::fclose(f);
  if (failed) return Error::make(ErrorKind::Io, std::string("cannot read: ") + std::strerror(err));
  return bytes;
}

Status writeFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Error::make(ErrorKind::Io, std::string("cannot create: ") + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return Error::make(ErrorKind::Io, std::string("cannot write: ") + std::strerror(errno));
  return Status::success();
}

bool looksLikeBinary(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0;
}

Result<std::vector<uint8_t>> loadBinary(const std::string& path) {
  auto bytes = readFile(path);
  if (!bytes.ok() || looksLikeBinary(*bytes)) return bytes;
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  return watToBinary(text);
}

Result<std::shared_ptr<const CompiledModule>> loadModule(const std::string& path, const CompileOptions& options) {
  auto binary = loadBinary(path);
  if (!binary.ok()) return binary.takeError();
  return compileModule(binary->data(), binary->size(), options);
}

}  // namespace petrel::internal::cli
