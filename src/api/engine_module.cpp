// Engine and Module.
#include <chrono>
#include <cstring>

#include "api/api_state.h"
#include "binary/decoder.h"
#include "text/wat_parser.h"
#include "validate/module_validator.h"

namespace petrel {

namespace {

uint64_t steadyNanos() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

}  // namespace

Engine::Engine(const Config& config) : state_(std::make_shared<detail::EngineState>()) {
  state_->config = config;
  state_->options.fuel_metering = config.consume_fuel;
  state_->options.interruptible = config.epoch_interruption;
  state_->options.mode = config.lazy_compilation ? internal::CompileMode::Lazy : internal::CompileMode::Eager;
  if (config.collect_stats) state_->options.clock_nanos = &steadyNanos;
  state_->options.parallel_validation = config.parallel_compilation;
  state_->options.custom_page_sizes = config.custom_page_sizes;
  if (config.pooling.enabled) {
    internal::MemoryPoolConfig pool;
    pool.max_memories = config.pooling.max_memories;
    pool.max_memory_bytes = config.pooling.max_memory_bytes;
    pool.keep_resident_bytes = config.pooling.keep_resident_bytes;
    state_->pool = internal::MemoryPool::create(pool);
  }
}

const Config& Engine::config() const { return state_->config; }
void Engine::incrementEpoch() const { state_->epoch.increment(); }
uint64_t Engine::epoch() const { return state_->epoch.current(); }

namespace {

bool isBinary(std::span<const uint8_t> bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0;
}

// Header of Module::serialize: a magic, a format version, then the binary.
constexpr char kSerialMagic[8] = {'p', 'e', 't', 'r', 'e', 'l', 'M', '1'};

}  // namespace

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  if (!isBinary(bytes))
    return fromText(engine, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  auto compiled = internal::compileModule(bytes.data(), bytes.size(), engine.state()->options);
  if (!compiled.ok()) return compiled.takeError();
  return Module(engine, std::move(compiled.value()));
}

Result<Module> Module::compile(const Engine& engine, std::vector<uint8_t>&& bytes) {
  if (!isBinary(bytes)) return compile(engine, std::span<const uint8_t>(bytes));
  auto compiled = internal::compileModule(std::move(bytes), engine.state()->options);
  if (!compiled.ok()) return compiled.takeError();
  return Module(engine, std::move(compiled.value()));
}

Result<Module> Module::fromText(const Engine& engine, std::string_view wat) {
  auto binary = internal::watToBinary(wat);
  if (!binary.ok()) return binary.takeError();
  auto compiled = internal::compileModule(binary->data(), binary->size(), engine.state()->options);
  if (!compiled.ok()) return compiled.takeError();
  return Module(engine, std::move(compiled.value()));
}

Result<std::vector<uint8_t>> Module::textToBinary(std::string_view wat) { return internal::watToBinary(wat); }

Status Module::validate(const Engine& engine, std::span<const uint8_t> bytes) {
  Result<Module> m = compile(engine, bytes);
  if (!m.ok()) return m.takeError();
  return Status::success();
}

std::vector<uint8_t> Module::serialize() const {
  const internal::ModuleBytes& binary = compiled_->module.bytes;
  std::vector<uint8_t> out(kSerialMagic, kSerialMagic + sizeof kSerialMagic);
  out.insert(out.end(), binary.begin(), binary.end());
  return out;
}

Result<Module> Module::deserialize(const Engine& engine, std::span<const uint8_t> bytes) {
  if (bytes.size() < sizeof kSerialMagic || std::memcmp(bytes.data(), kSerialMagic, sizeof kSerialMagic) != 0)
    return Error::malformed("not a serialized Petrel module (bad header)", 0);
  std::span<const uint8_t> binary = bytes.subspan(sizeof kSerialMagic);
  if (!isBinary(binary)) return Error::malformed("not a serialized Petrel module (no wasm binary)", sizeof kSerialMagic);
  return compile(engine, binary);
}

std::vector<ImportType> Module::imports() const {
  const internal::Module& m = compiled_->module;
  std::vector<ImportType> out;
  out.reserve(m.imports.size());
  for (const internal::Import& im : m.imports) out.push_back({im.module, im.name, detail::importTypeOf(m, im)});
  return out;
}

std::vector<ExportType> Module::exports() const {
  const internal::Module& m = compiled_->module;
  std::vector<ExportType> out;
  out.reserve(m.exports.size());
  for (const internal::Export& ex : m.exports) out.push_back({ex.name, detail::exportTypeOf(m, ex)});
  return out;
}

ModuleStats Module::stats() const {
  internal::TranslationStats t = compiled_->translationStats();
  ModuleStats s;
  s.functions = static_cast<uint32_t>(compiled_->functions.size());
  s.functions_translated = t.functions_translated;
  s.code_bytes = t.code_bytes;
  s.source_map_bytes = t.source_map_bytes;
  s.translation_nanos = t.nanos;
  return s;
}

std::string_view Module::name() const { return compiled_->module.names.module_name; }

}  // namespace petrel
