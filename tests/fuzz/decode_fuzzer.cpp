// libFuzzer harness: arbitrary bytes through decode + validate + translate,
// and, for modules that compile, instantiation against dummy imports of the
// declared types. Must never crash, hang or leak, whatever the input.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/store.h"

using namespace petrel::internal;

namespace {

// Every imported function returns zeros (0, 0.0, null or an all-zero v128).
Status returnZeros(void* env, HostCallContext&, const Slot*, Slot* results) {
  const FuncType* type = static_cast<const FuncType*>(env);
  for (uint32_t i = 0; i < slotCount(type->results); ++i) results[i].bits = 0;
  return Status::success();
}

bool abstractOnly(ValType t) { return !t.isRef() || t.heap.isAbstract(); }

bool abstractOnly(const FuncType& f) {
  for (ValType t : f.params)
    if (!abstractOnly(t)) return false;
  for (ValType t : f.results)
    if (!abstractOnly(t)) return false;
  return true;
}

// A host object matching each import, or false when the host API cannot
// build one (concrete reference types, tags, non-defaultable values).
bool makeImports(Store& store, const Module& module, std::vector<Extern>& imports) {
  for (const Import& imp : module.imports) {
    Extern ext;
    ext.kind = imp.kind;
    switch (imp.kind) {
      case ExternKind::Func: {
        const SubType& sub = module.types[imp.type_index];
        if (sub.kind != CompositeKind::Func || !abstractOnly(sub.func)) return false;
        ext.object = store.createHostFunction(sub.func, returnZeros, const_cast<FuncType*>(&sub.func));
        break;
      }
      case ExternKind::Table:
        if (!abstractOnly(imp.table.elem) || !imp.table.elem.nullable) return false;
        ext.object = store.createTable(imp.table, nullptr);
        break;
      case ExternKind::Memory: ext.object = store.createMemory(imp.memory); break;
      case ExternKind::Global:
        if (!abstractOnly(imp.global.type) || !imp.global.type.isDefaultable()) return false;
        ext.object = store.createGlobal(imp.global, defaultValue(imp.global.type));
        break;
      case ExternKind::Tag: return false;
    }
    if (!ext.object) return false;
    imports.push_back(ext);
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Fuel metering bounds every loop and call, so start functions and
  // exports can run without the risk of a guest that never stops.
  CompileOptions options;
  options.fuel_metering = true;
  // The widest grammar Petrel reads: memories of 1-byte pages too (the
  // firmware API accepts them), so their sizes and growth get fuzzed.
  options.custom_page_sizes = true;
  auto compiled = compileModule(data, size, options);
  if (!compiled.ok()) return 0;

  StoreLimits limits;
  limits.max_memory_bytes = uint64_t{64} << 20;
  limits.max_table_elements = 100'000;
  limits.value_stack_slots = 1u << 16;
  limits.max_call_depth = 1'000;
  Store store(limits);
  store.setFuel(100'000);
  std::vector<Extern> imports;
  if (!makeImports(store, (*compiled)->module, imports)) return 0;
  auto instance = store.instantiate(*compiled, imports);
  if (!instance.ok()) return 0;

  // Call every exported function with zero/null arguments; traps are fine.
  for (const Export& e : (*compiled)->module.exports) {
    if (e.kind != ExternKind::Func) continue;
    FunctionInstance* f = instance.value()->functions[e.index];
    std::vector<Value> args;
    bool callable = true;
    for (ValType t : f->type->params) {
      if (!t.isDefaultable()) callable = false;
      args.push_back(defaultValue(t));
    }
    if (!callable) continue;
    store.setFuel(100'000);
    auto results = store.call(f, args);
    (void)results;
  }
  return 0;
}
