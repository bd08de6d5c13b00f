// A module: decoded, validated and translated once; immutable afterwards.
//
// Thread-safety: a Module may be shared by any number of stores and threads
// at once. Copies share one compiled module (reference-counted); it is
// freed when the last copy and the last instance made from it are gone.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <petrel/engine.h>
#include <petrel/result.h>
#include <petrel/types.h>

namespace petrel {

namespace internal {
struct CompiledModule;
}

// What compiling a module has cost so far: with lazy compilation, functions
// are translated on their first call, so these grow as the module runs.
struct ModuleStats {
  uint32_t functions = 0;             // defined (not imported)
  uint32_t functions_translated = 0;
  uint64_t code_bytes = 0;            // internal code produced
  uint64_t source_map_bytes = 0;      // what traps keep to name their offset
  uint64_t translation_nanos = 0;     // with Config::collect_stats, else 0
};

class Module {
 public:
  // A binary module, or a text module (.wat) when `bytes` do not start with
  // the binary magic "\0asm". Errors: Malformed (with the byte offset, or the
  // line:column for text), Invalid (naming the function and offset).
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  // The same, the module keeping `bytes` (a binary) instead of copying them:
  // a large module then costs its size once, not twice.
  static Result<Module> compile(const Engine& engine, std::vector<uint8_t>&& bytes);
  static Result<Module> fromText(const Engine& engine, std::string_view wat);
  // The binary encoding of a text module (what `petrel wat2wasm` writes).
  static Result<std::vector<uint8_t>> textToBinary(std::string_view wat);
  // Decodes and validates without keeping anything.
  static Status validate(const Engine& engine, std::span<const uint8_t> bytes);

  // A portable form of the module for deserialize(): the validated binary
  // with a header. Deserializing validates again (it is fast).
  std::vector<uint8_t> serialize() const;
  static Result<Module> deserialize(const Engine& engine, std::span<const uint8_t> bytes);

  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;
  ModuleStats stats() const;
  // The module's name from the name section, or empty.
  std::string_view name() const;
  const Engine& engine() const { return engine_; }

  bool operator==(const Module& o) const { return compiled_ == o.compiled_; }
  // For the library: the compiled form.
  const std::shared_ptr<const internal::CompiledModule>& compiled() const { return compiled_; }
  Module(Engine engine, std::shared_ptr<const internal::CompiledModule> compiled)
      : engine_(std::move(engine)), compiled_(std::move(compiled)) {}

 private:
  Engine engine_;
  std::shared_ptr<const internal::CompiledModule> compiled_;
};

}  // namespace petrel
