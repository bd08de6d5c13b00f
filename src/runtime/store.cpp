#include "runtime/store.h"

#include <algorithm>
#include <string>

#include "binary/decoder.h"
#include "exec/interpreter.h"
#include "exec/translator.h"
#include "platform/allocator.h"
#include "runtime/bulk_operations.h"
#include "runtime/const_eval.h"
#include "runtime/linker.h"
#include "validate/type_registry.h"

namespace petrel::internal {

Result<std::shared_ptr<const CompiledModule>> compileModule(const uint8_t* data, size_t size,
                                                           const CompileOptions& options) {
  Result<Module> decoded = decodeModule(data, size);
  if (!decoded) return decoded.takeError();
  return compileValidatedModule(std::move(decoded.value()), options);
}

void Store::setFuel(uint64_t fuel) { stack().fuel = fuel; }
uint64_t Store::fuel() { return stack().fuel; }

Store::Store(StoreLimits limits) : limits_(limits) {}
Store::~Store() = default;

ExecutionStack& Store::stack() {
  // Allocated on first use so that stores that never run code stay small.
  if (!stack_) stack_ = std::make_unique<ExecutionStack>(limits_.value_stack_slots, limits_.max_call_depth);
  return *stack_;
}

FunctionInstance* Store::newFunction() {
  functions_.push_back(std::make_unique<FunctionInstance>());
  return functions_.back().get();
}

GlobalInstance* Store::newGlobal() {
  globals_.push_back(std::make_unique<GlobalInstance>());
  return globals_.back().get();
}

TagInstance* Store::newTag() {
  tags_.push_back(std::make_unique<TagInstance>());
  return tags_.back().get();
}

MemoryInstance* Store::newMemory(const MemoryType& type, Status& status) {
  auto mem = std::make_unique<MemoryInstance>();
  mem->type = type;
  uint64_t page = uint64_t{1} << type.page_size_log2;
  uint64_t address_limit = type.limits.is64 ? (uint64_t{1} << 48) : (uint64_t{1} << 32) / page;
  uint64_t store_limit = limits_.max_memory_bytes / page;
  mem->max_pages = std::min({type.limits.max.value_or(address_limit), address_limit, store_limit});
  if (type.limits.min > mem->max_pages) {
    status = Error::make(ErrorKind::Uninstantiable, "memory of " + std::to_string(type.limits.min) +
                                                        " pages exceeds the limit of " + std::to_string(mem->max_pages));
    return nullptr;
  }
  uint64_t bytes = type.limits.min * page;
  mem->data = static_cast<uint8_t*>(platform::allocator().allocate_zeroed(static_cast<size_t>(bytes)));
  if (!mem->data) {
    status = Error::make(ErrorKind::Uninstantiable, "out of memory allocating " + std::to_string(bytes) + " bytes");
    return nullptr;
  }
  mem->size_bytes = bytes;
  memories_.push_back(std::move(mem));
  return memories_.back().get();
}

TableInstance* Store::newTable(const TableType& type, void* init, Status& status) {
  auto table = std::make_unique<TableInstance>();
  table->type = type;
  uint64_t address_limit = type.limits.is64 ? ~uint64_t{0} : 0xffffffffull;
  table->max = std::min({type.limits.max.value_or(address_limit), address_limit, limits_.max_table_elements});
  if (type.limits.min > table->max) {
    status = Error::make(ErrorKind::Uninstantiable, "table of " + std::to_string(type.limits.min) +
                                                        " elements exceeds the limit of " + std::to_string(table->max));
    return nullptr;
  }
  table->elements.assign(type.limits.min, init);
  tables_.push_back(std::move(table));
  return tables_.back().get();
}

FunctionInstance* Store::createHostFunction(const FuncType& type, HostCallback callback, void* env, std::string name) {
  host_types_.push_back(std::make_unique<FuncType>(type));
  FunctionInstance* f = newFunction();
  f->kind = FunctionInstance::Kind::Host;
  f->type = host_types_.back().get();
  f->type_id = TypeRegistry::global().internFuncType(type);
  f->callback = callback;
  f->env = env;
  f->debug_name = std::move(name);
  return f;
}

TableInstance* Store::createTable(const TableType& type, void* init) {
  Status status;
  return newTable(type, init, status);
}

MemoryInstance* Store::createMemory(const MemoryType& type) {
  Status status;
  return newMemory(type, status);
}

GlobalInstance* Store::createGlobal(const GlobalType& type, Value value) {
  GlobalInstance* g = newGlobal();
  g->type = type;
  g->value = value.slot;
  return g;
}

Result<Instance*> Store::instantiate(std::shared_ptr<const CompiledModule> compiled, const std::vector<Extern>& imports) {
  const Module& m = compiled->module;
  if (imports.size() != m.imports.size())
    return Error::make(ErrorKind::Unlinkable, "expected " + std::to_string(m.imports.size()) + " imports, got " +
                                                  std::to_string(imports.size()));
  for (uint32_t i = 0; i < imports.size(); ++i) PETREL_TRY(matchImport(m, i, imports[i]));

  auto owned = std::make_unique<Instance>();
  Instance& inst = *owned;
  inst.compiled = compiled;
  inst.store = this;
  inst.type_ids = m.canonical_type_ids.data();
  const std::vector<uint32_t>& ids = m.canonical_type_ids;
  const TypeRegistry& registry = TypeRegistry::global();

  for (uint32_t i = 0; i < imports.size(); ++i) {
    const Extern& e = imports[i];
    switch (e.kind) {
      case ExternKind::Func: inst.functions.push_back(e.func()); break;
      case ExternKind::Table: inst.tables.push_back(e.table()); break;
      case ExternKind::Memory: inst.memories.push_back(e.memory()); break;
      case ExternKind::Global: inst.globals.push_back(e.global()); break;
      case ExternKind::Tag: inst.tags.push_back(static_cast<TagInstance*>(e.object)); break;
    }
  }
  for (uint32_t i = m.num_imported_funcs; i < m.func_types.size(); ++i) {
    FunctionInstance* f = newFunction();
    f->kind = FunctionInstance::Kind::Wasm;
    f->type_id = ids[m.func_types[i]];
    f->type = &registry.info(f->type_id).func;
    f->instance = &inst;
    f->code = &compiled->function(i);
    f->func_index = i;
    inst.functions.push_back(f);
  }
  for (uint32_t i = m.num_imported_tags; i < m.tags.size(); ++i) {
    TagInstance* t = newTag();
    t->type_id = ids[m.tags[i].type_index];
    t->type = &registry.info(t->type_id).func;
    inst.tags.push_back(t);
  }
  // Globals are initialised in order; an initialiser may read earlier ones.
  for (uint32_t i = m.num_imported_globals; i < m.globals.size(); ++i) {
    Result<Slot> v = evaluateConstExpr(inst, m.globals[i].init);
    if (!v) return v.takeError();
    GlobalInstance* g = newGlobal();
    g->type = m.globals[i].type;
    g->type.type = canonicalize(ids, g->type.type);
    g->value = v.value();
    inst.globals.push_back(g);
  }
  for (uint32_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    const Table& t = m.tables[i];
    void* init = nullptr;
    if (t.init) {
      Result<Slot> v = evaluateConstExpr(inst, *t.init);
      if (!v) return v.takeError();
      init = v.value().ref;
    }
    TableType tt = t.type;
    tt.elem = canonicalize(ids, tt.elem);
    Status status;
    TableInstance* table = newTable(tt, init, status);
    if (!table) return status.takeError();
    inst.tables.push_back(table);
  }
  for (uint32_t i = m.num_imported_memories; i < m.memories.size(); ++i) {
    Status status;
    MemoryInstance* mem = newMemory(m.memories[i], status);
    if (!mem) return status.takeError();
    inst.memories.push_back(mem);
  }
  inst.memory0 = inst.memories.empty() ? noMemory() : inst.memories[0];

  inst.elem_segments.resize(m.elems.size());
  for (uint32_t i = 0; i < m.elems.size(); ++i) {
    std::vector<void*>& refs = inst.elem_segments[i];
    refs.reserve(m.elems[i].items.size());
    for (const ConstExpr& item : m.elems[i].items) {
      Result<Slot> v = evaluateConstExpr(inst, item);
      if (!v) return v.takeError();
      refs.push_back(v.value().ref);
    }
  }
  inst.data_dropped.assign(m.datas.size(), false);

  instances_.push_back(std::move(owned));
  Instance* result = instances_.back().get();

  // Active segments are applied in order; a failure leaves earlier writes
  // in place (visible through imported tables and memories), spec 4.5.4.
  for (uint32_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode == SegmentMode::Passive) continue;
    if (seg.mode == SegmentMode::Active) {
      Result<Slot> off = evaluateConstExpr(inst, seg.offset);
      if (!off) return off.takeError();
      TableInstance* table = inst.tables[seg.table];
      uint64_t offset = table->type.limits.is64 ? off.value().i64 : off.value().i32;
      TrapKind trap = tableInit(inst, i, *table, offset, 0, inst.elem_segments[i].size());
      if (trap != TrapKind::None) return Error::make(ErrorKind::Trap, trapMessage(trap));
    }
    inst.elem_segments[i].clear();  // elem.drop
  }
  for (uint32_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != SegmentMode::Active) continue;
    Result<Slot> off = evaluateConstExpr(inst, seg.offset);
    if (!off) return off.takeError();
    MemoryInstance* mem = inst.memories[seg.memory];
    uint64_t offset = mem->type.limits.is64 ? off.value().i64 : off.value().i32;
    TrapKind trap = memoryInit(inst, i, *mem, offset, 0, seg.bytes.size());
    if (trap != TrapKind::None) return Error::make(ErrorKind::Trap, trapMessage(trap));
    inst.data_dropped[i] = true;
  }
  if (m.start) {
    Slot none[1];
    Status s = invokeFunction(*this, inst.functions[*m.start], none);
    if (!s.ok()) return s.takeError();
  }
  return result;
}

Result<std::vector<Value>> Store::call(FunctionInstance* func, const std::vector<Value>& args) {
  const FuncType& type = *func->type;
  if (args.size() != type.params.size())
    return Error::make(ErrorKind::Other, "expected " + std::to_string(type.params.size()) + " arguments, got " +
                                             std::to_string(args.size()));
  for (size_t i = 0; i < args.size(); ++i)
    if (!isSubtypeCanonical(args[i].type, type.params[i]))
      return Error::make(ErrorKind::Other, "argument " + std::to_string(i) + " has type " + toString(args[i].type) +
                                               ", expected " + toString(type.params[i]));
  std::vector<Slot> io(std::max<size_t>(std::max(type.params.size(), type.results.size()), 1));
  for (size_t i = 0; i < args.size(); ++i) io[i] = args[i].slot;
  PETREL_TRY(invokeFunction(*this, func, io.data()));
  std::vector<Value> results(type.results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    results[i].type = type.results[i];
    results[i].slot = io[i];
  }
  return results;
}

}  // namespace petrel::internal
