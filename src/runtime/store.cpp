#include "runtime/store.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "base/features.h"
#include "binary/decoder.h"
#include "exec/interpreter.h"
#include "exec/translator.h"
#include "platform/allocator.h"
#include "platform/virtual_memory.h"
#include "runtime/bulk_operations.h"
#include "runtime/const_eval.h"
#include "runtime/linker.h"
#include "validate/type_registry.h"

namespace petrel::internal {

Result<std::shared_ptr<const CompiledModule>> compileModule(const uint8_t* data, size_t size,
                                                           const CompileOptions& options) {
  Result<Module> decoded = decodeModule(data, size, DecodeOptions{options.custom_page_sizes});
  if (!decoded) return decoded.forwardError();
  return compileValidatedModule(std::move(decoded.value()), options);
}

Result<std::shared_ptr<const CompiledModule>> compileModuleInPlace(const uint8_t* data, size_t size,
                                                                  const CompileOptions& options) {
  Result<Module> decoded = decodeModuleInPlace(data, size, DecodeOptions{options.custom_page_sizes});
  if (!decoded) return decoded.forwardError();
  return compileValidatedModule(std::move(decoded.value()), options);
}

Result<std::shared_ptr<const CompiledModule>> compileModule(std::vector<uint8_t>&& bytes, const CompileOptions& options) {
  Result<Module> decoded = decodeModule(std::move(bytes), DecodeOptions{options.custom_page_sizes});
  if (!decoded) return decoded.forwardError();
  return compileValidatedModule(std::move(decoded.value()), options);
}

void Store::setFuel(uint64_t fuel) {
  ExecutionStack& st = stack();
  fuel_consumed_before_ += fuel_granted_ - st.fuel;
  fuel_granted_ = fuel;
  st.fuel = fuel;
}
uint64_t Store::fuel() { return stack().fuel; }
uint64_t Store::fuelConsumed() { return fuel_consumed_before_ + (fuel_granted_ - stack().fuel); }

void Store::setEpochCounter(EpochCounter* counter) { epoch_ = counter ? counter : &EpochCounter::processDefault(); }

void Store::setEpochDeadline(uint64_t ticks_from_now) {
  uint64_t now = epoch_->current();
  uint64_t never = kEpochNever;
  uint64_t deadline = ticks_from_now >= never - now ? never : now + ticks_from_now;
  epoch_deadline_.store(static_cast<EpochTicks>(deadline), std::memory_order_relaxed);
}
void Store::clearEpochDeadline() { epoch_deadline_.store(kEpochNever, std::memory_order_relaxed); }
void Store::interrupt() { epoch_deadline_.store(0, std::memory_order_relaxed); }

Store::Store(StoreLimits limits) : limits_(limits), epoch_(&EpochCounter::processDefault()) {
  memory_budget_.limit = limits_.max_store_memory_bytes;
  table_budget_.limit = limits_.max_store_table_elements;
}
Store::~Store() = default;

ExecutionStack& Store::stack() {
  // Allocated on first use so that stores that never run code stay small.
  if (!stack_) stack_ = std::make_unique<ExecutionStack>(limits_.value_stack_slots, limits_.max_call_depth);
  return *stack_;
}

void StoreObjects::add(void* object, void (*destroy)(void*)) { entries_.push_back(Entry{object, destroy}); }

void StoreObjects::destroyFrom(size_t count) {
  while (entries_.size() > count) {
    Entry e = entries_.back();
    entries_.pop_back();
    e.destroy(e.object);
  }
}

// Whether a memory or table has 64-bit addresses: never in a build without
// memory64, whose decoder refuses them (and whose interpreter addresses
// every memory with 32 bits), so the 64-bit paths drop out there.
static bool addresses64(const Limits& l) { return PETREL_FEATURE_MEMORY64 && l.is64; }

// Whether the memory or table `index`, `count` pages or elements long, is
// within its maximum `max_count`, and its `amount` (bytes or elements)
// fits the defining instance's budget (when there is one) and the store's;
// else the error. One routine for both kinds: one set of messages.
static bool fitsLimits(Status& status, const char* what, uint32_t index, uint64_t count, const char* count_unit,
                       uint64_t max_count, uint64_t amount, const char* unit, const ResourceBudget* instance_budget,
                       const ResourceBudget& store_budget) {
  if (count > max_count) {
    status = formatError(ErrorKind::Uninstantiable, kNoOffset, "%s %llu of %llu %s exceeds the limit of %llu", what,
                         fmtU(index), fmtU(count), count_unit, fmtU(max_count));
    return false;
  }
  const ResourceBudget* over = instance_budget && !instance_budget->fits(amount) ? instance_budget
                               : !store_budget.fits(amount)                      ? &store_budget
                                                                                 : nullptr;
  if (!over) return true;
  status = formatError(ErrorKind::Uninstantiable, kNoOffset, "%s %llu of %llu %s exceeds the per-%s %s limit of %llu %s",
                       what, fmtU(index), fmtU(amount), unit, over == instance_budget ? "instance" : "store", what,
                       fmtU(over->limit), unit);
  return false;
}

MemoryInstance* Store::newMemory(const MemoryType& type, Status& status, ResourceBudget* instance_budget,
                                 uint32_t index, const std::shared_ptr<const MemoryImage>* image) {
  uint32_t log2 = type.page_size_log2;
  // 64-bit memories stop at 2^48 pages (of either size) here; 32-bit ones
  // at 4 GiB less one byte with 1-byte pages (custom-page-sizes: a size in
  // pages must stay below 2^32).
  uint64_t address_limit =
      addresses64(type.limits) ? (uint64_t{1} << 48) : std::min<uint64_t>((uint64_t{1} << 32) >> log2, 0xffffffffu);
  uint64_t max_pages = std::min(std::min(type.limits.max.value_or(address_limit), address_limit),
                                limits_.max_memory_bytes >> log2);
  // Shifted before the check, but only used once it passed (no overflow then).
  uint64_t bytes = type.limits.min << log2;
  if (!fitsLimits(status, "memory", index, type.limits.min, "pages", max_pages, bytes, "bytes", instance_budget,
                  memory_budget_))
    return nullptr;
  if (bytes > std::numeric_limits<size_t>::max()) {
    status = formatError(ErrorKind::Uninstantiable, kNoOffset, "memory %llu of %llu bytes does not fit the address space",
                         fmtU(index), fmtU(bytes));
    return nullptr;
  }
  auto mem = std::make_unique<MemoryInstance>();
  mem->type = type;
  mem->max_pages = max_pages;
  static const std::shared_ptr<const MemoryImage> kNoImage;
  const std::shared_ptr<const MemoryImage>& initial = image ? *image : kNoImage;
  MemoryPool::Lease lease;
  if (PETREL_HAS_VIRTUAL_MEMORY && pool_ && instance_budget && !type.limits.shared &&
      pool_->acquire(initial, bytes, lease)) {
    // A pooled memory grows at most to the slot (MemoryPoolConfig::max_memory_bytes).
    mem->data = lease.base;
    mem->size_bytes = bytes;
    mem->reserved_bytes = pool_->slotBytes();
    mem->committed_bytes = lease.committed_bytes;
    mem->max_pages = std::min(mem->max_pages, pool_->slotBytes() >> log2);
    mem->pool = pool_;
    mem->pool_slot = lease.slot;
  } else {
    // No pool, or it is exhausted: an ordinary memory, filled from the image.
    if (!mem->allocate(bytes, std::min(max_pages << log2, limits_.memory_reservation_bytes))) {
      status = formatError(ErrorKind::Uninstantiable, kNoOffset, "out of memory allocating %llu bytes", fmtU(bytes));
      return nullptr;
    }
    // Images come only from templates, which PETREL_SIZE_OVER_SPEED builds
    // do not use (instantiateWith): no copy code there.
    if (!PETREL_SIZE_OVER_SPEED && initial && !initial->bytes().empty())
      std::memcpy(mem->data + initial->offset(), initial->bytes().data(), initial->bytes().size());
  }
  mem->budgets[0] = instance_budget;
  mem->budgets[1] = &memory_budget_;
  for (ResourceBudget* b : mem->budgets)
    if (b) b->used += bytes;
  return objects_.adopt(mem.release());
}

TableInstance* Store::newTable(const TableType& type, void* init, Status& status, ResourceBudget* instance_budget,
                               uint32_t index) {
  uint64_t address_limit = addresses64(type.limits) ? ~uint64_t{0} : 0xffffffffull;
  uint64_t max = std::min(std::min(type.limits.max.value_or(address_limit), address_limit), limits_.max_table_elements);
  uint64_t n = type.limits.min;
  if (!fitsLimits(status, "table", index, n, "elements", max, n, "elements", instance_budget, table_budget_))
    return nullptr;
  auto table = std::make_unique<TableInstance>();
  table->type = type;
  table->max = max;
  // Built whole rather than assign()ed: the constructor is the one
  // TableInstance::grow uses, so assign's code is not linked.
  table->elements = std::vector<void*>(n, init);
  table->budgets[0] = instance_budget;
  table->budgets[1] = &table_budget_;
  for (ResourceBudget* b : table->budgets)
    if (b) b->used += n;
  return objects_.adopt(table.release());
}

const FuncType* Store::internHostType(const FuncType& type, uint32_t& id) {
  struct HostType {
    FuncType type;
    TypeGroupRef ref;  // holds the canonical id
  };
  HostType* h = objects_.adopt(new HostType{type, TypeRegistry::global().internFuncType(type)});
  id = h->ref.id();
  return &h->type;
}

FunctionInstance* Store::createHostFunction(const FuncType& type, HostCallback callback, void* env) {
  FunctionInstance* f = objects_.make<FunctionInstance>();
  f->kind = FunctionInstance::Kind::Host;
  f->type = internHostType(type, f->type_id);
  f->callback = callback;
  f->env = env;
  return f;
}

FunctionInstance* Store::createHostFunction(const FuncType* type, const TypeGroupRef& type_ref, HostCallback callback,
                                            void* env) {
  FunctionInstance* f = objects_.make<FunctionInstance>();
  f->kind = FunctionInstance::Kind::Host;
  f->type = type;
  f->type_id = objects_.adopt(new TypeGroupRef(type_ref))->id();
  f->callback = callback;
  f->env = env;
  return f;
}

TagInstance* Store::createTag(const FuncType& type) {
  TagInstance* t = objects_.make<TagInstance>();
  t->type = internHostType(type, t->type_id);
  return t;
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
  GlobalInstance* g = objects_.make<GlobalInstance>();
  g->type = type;
  g->value = value.slot;
  g->value_hi = value.hi;
  return g;
}

// A segment that does not fit its table or memory.
static Error segmentTrap(TrapKind trap) { return formatError(ErrorKind::Trap, kNoOffset, "%s", trapMessage(trap)); }

Result<Instance*> Store::instantiate(std::shared_ptr<const CompiledModule> compiled, const std::vector<Extern>& imports) {
  return instantiateWith(std::move(compiled), imports, nullptr);
}

Result<Instance*> Store::instantiate(const InstanceTemplate& tmpl, const std::vector<Extern>& imports) {
  return instantiateWith(tmpl.module, imports, &tmpl);
}

Result<Instance*> Store::instantiateWith(std::shared_ptr<const CompiledModule> compiled,
                                         const std::vector<Extern>& imports, const InstanceTemplate* tmpl) {
#if PETREL_SIZE_OVER_SPEED
  // The general path: a template only holds precomputed what the module's
  // initialisers and segments give, so without it the instance is the same.
  tmpl = nullptr;
#endif
  const Module& m = compiled->module;
  if (imports.size() != m.imports.size())
    return formatError(ErrorKind::Unlinkable, kNoOffset, "expected %llu imports, got %llu", fmtU(m.imports.size()),
                       fmtU(imports.size()));
  for (uint32_t i = 0; i < imports.size(); ++i) PETREL_TRY(matchImport(m, i, imports[i]));

  auto owned = std::make_unique<Instance>(m);
  Instance& inst = *owned;
  inst.memory_budget.limit = limits_.max_instance_memory_bytes;
  inst.table_budget.limit = limits_.max_instance_table_elements;
  // Until the instance exists, a failure frees the objects made for it, and
  // gives the bytes and elements of its memories and tables (all the
  // instance's budgets hold) back to the store's budgets.
  struct Rollback {
    Store& store;
    const Instance& inst;
    size_t objects;
    bool committed = false;
    ~Rollback() {
      if (committed) return;
      store.memory_budget_.used -= inst.memory_budget.used;
      store.table_budget_.used -= inst.table_budget.used;
      store.objects_.destroyFrom(objects);
    }
  } rollback{*this, inst, objects_.count()};
  inst.compiled = compiled;
  inst.store = this;
  inst.type_ids = m.canonical_type_ids.data();
  const std::vector<uint32_t>& ids = m.canonical_type_ids;
  const TypeRegistry& registry = TypeRegistry::global();

  // Each index space (at its final size already): imports first, in import order.
  uint32_t imported[5] = {};  // by ExternKind
  for (const Extern& e : imports) {
    uint32_t k = imported[static_cast<uint8_t>(e.kind)]++;
    switch (e.kind) {
      case ExternKind::Func: inst.functions[k] = e.func(); break;
      case ExternKind::Table: inst.tables[k] = e.table(); break;
      case ExternKind::Memory: inst.memories[k] = e.memory(); break;
      case ExternKind::Global: inst.globals[k] = e.global(); break;
      case ExternKind::Tag:
#if PETREL_FEATURE_EXCEPTIONS  // else the decoder refuses tags
        inst.tags[k] = static_cast<TagInstance*>(e.object);
#endif
        break;
    }
  }
  for (uint32_t i = m.num_imported_funcs; i < m.func_types.size(); ++i) {
    FunctionInstance* f = objects_.make<FunctionInstance>();
    f->kind = FunctionInstance::Kind::Wasm;
    f->type_id = ids[m.func_types[i]];
    f->type = &registry.info(f->type_id).func;
    f->instance = &inst;
    f->code = &compiled->function(i);
    f->func_index = i;
    inst.functions[i] = f;
  }
#if PETREL_FEATURE_EXCEPTIONS
  for (uint32_t i = m.num_imported_tags; i < m.tags.size(); ++i) {
    TagInstance* t = objects_.make<TagInstance>();
    t->type_id = ids[m.tags[i].type_index];
    t->type = &registry.info(t->type_id).func;
    inst.tags[i] = t;
  }
#endif
  // Globals are initialised in order; an initialiser may read earlier ones.
  for (uint32_t i = m.num_imported_globals; i < m.globals.size(); ++i) {
    WideSlot value;
    if (tmpl && tmpl->global_values[i - m.num_imported_globals]) {
      value = *tmpl->global_values[i - m.num_imported_globals];
    } else {
      Result<WideSlot> v = evaluateConstExpr(inst, m.globals[i].init);
      if (!v) return v.forwardError();
      value = v.value();
    }
    GlobalInstance* g = objects_.make<GlobalInstance>();
    g->type = m.globals[i].type;
    g->type.type = canonicalValType(ids, g->type.type);
    g->value = value.lo;
    g->value_hi = value.hi;
    inst.globals[i] = g;
  }
  for (uint32_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    const Table& t = m.tables[i];
    void* init = nullptr;
    if (t.init) {
      Result<WideSlot> v = evaluateConstExpr(inst, *t.init);
      if (!v) return v.forwardError();
      init = v.value().lo.ref;
    }
    TableType tt = t.type;
    tt.elem = canonicalValType(ids, tt.elem);
    Status status;
    TableInstance* table = newTable(tt, init, status, &inst.table_budget, i);
    if (!table) return status.forwardError();
    if (tmpl && tmpl->tablesFromImages()) {
      // Functions are all created above, so indices become pointers now.
      const std::vector<int64_t>& image = tmpl->table_images[i - m.num_imported_tables];
      for (size_t k = 0; k < image.size(); ++k)
        if (image[k] >= 0) table->elements[k] = inst.functions[static_cast<size_t>(image[k])];
    }
    inst.tables[i] = table;
  }
  for (uint32_t i = m.num_imported_memories; i < m.memories.size(); ++i) {
    Status status;
    const std::shared_ptr<const MemoryImage>* image =
        tmpl && tmpl->dataFromImages() ? &tmpl->memory_images[i - m.num_imported_memories] : nullptr;
    MemoryInstance* mem = newMemory(m.memories[i], status, &inst.memory_budget, i, image);
    if (!mem) return status.forwardError();
    inst.memories[i] = mem;
  }
  inst.memory0 = inst.memories.empty() ? noMemory() : inst.memories[0];

  for (uint32_t i = 0; i < m.elems.size(); ++i) {
    std::vector<void*>& refs = inst.elem_segments[i];
    if (tmpl && tmpl->elem_items[i]) {
      // Active and declarative segments are dropped once applied; with
      // table images nothing is left to apply.
      bool dropped = m.elems[i].mode == SegmentMode::Declarative ||
                     (m.elems[i].mode == SegmentMode::Active && tmpl->tablesFromImages());
      if (dropped) continue;
      const std::vector<int64_t>& items = *tmpl->elem_items[i];
      refs.assign(items.size(), nullptr);
      for (size_t k = 0; k < items.size(); ++k)
        if (items[k] >= 0) refs[k] = inst.functions[static_cast<size_t>(items[k])];
      continue;
    }
    const std::vector<ConstExpr>& items = m.elems[i].items;
    refs = std::vector<void*>(items.size(), nullptr);  // as in newTable: no assign()
    for (size_t k = 0; k < items.size(); ++k) {
      Result<WideSlot> v = evaluateConstExpr(inst, items[k]);
      if (!v) return v.forwardError();
      refs[k] = v.value().lo.ref;
    }
  }

  Instance* result = objects_.adopt(owned.release());
  rollback.committed = true;

  // Active segments are applied in order; a failure leaves earlier writes
  // in place (visible through imported tables and memories), spec 4.5.4.
  bool tables_done = tmpl && tmpl->tablesFromImages();
  for (uint32_t i = 0; i < m.elems.size() && !tables_done; ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode == SegmentMode::Passive) continue;
    if (seg.mode == SegmentMode::Active) {
      Result<WideSlot> off = evaluateConstExpr(inst, seg.offset);
      if (!off) return off.forwardError();
      TableInstance* table = inst.tables[seg.table];
      uint64_t offset = addresses64(table->type.limits) ? off.value().lo.i64 : off.value().lo.i32;
      TrapKind trap = tableInit(inst, i, *table, offset, 0, inst.elem_segments[i].size());
      if (trap != TrapKind::None) return segmentTrap(trap);
    }
    inst.elem_segments[i].clear();  // elem.drop
  }
  bool data_done = tmpl && tmpl->dataFromImages();
  for (uint32_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != SegmentMode::Active) continue;
    if (data_done) {
      inst.data_dropped[i] = true;
      continue;
    }
    Result<WideSlot> off = evaluateConstExpr(inst, seg.offset);
    if (!off) return off.forwardError();
    MemoryInstance* mem = inst.memories[seg.memory];
    uint64_t offset = addresses64(mem->type.limits) ? off.value().lo.i64 : off.value().lo.i32;
    TrapKind trap = memoryInit(inst, i, *mem, offset, 0, seg.size);
    if (trap != TrapKind::None) return segmentTrap(trap);
    inst.data_dropped[i] = true;
  }
  if (m.start) {
    Slot none[1];
    Status s = invokeFunction(*this, inst.functions[*m.start], none);
    if (!s.ok()) return s.forwardError();
  }
  return result;
}

Result<std::vector<Value>> Store::call(FunctionInstance* func, const std::vector<Value>& args) {
  const FuncType& type = *func->type;
  if (args.size() != type.params.size())
    return formatError(ErrorKind::Other, kNoOffset, "expected %llu arguments, got %llu", fmtU(type.params.size()),
                       fmtU(args.size()));
  for (size_t i = 0; i < args.size(); ++i)
    if (!isSubtypeCanonical(args[i].type, type.params[i]))
      return formatError(ErrorKind::Other, kNoOffset, "argument %llu has type %s, expected %s", fmtU(i),
                         toString(args[i].type).c_str(), toString(type.params[i]).c_str());
  std::vector<Slot> io(std::max<size_t>(std::max(slotCount(type.params), slotCount(type.results)), 1));
  uint32_t at = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    putValueCells(&io[at], args[i]);
    at += slotCount(type.params[i]);
  }
  PETREL_TRY(invokeFunction(*this, func, io.data()));
  std::vector<Value> results(type.results.size());
  at = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = valueFromCells(type.results[i], &io[at]);
    at += slotCount(type.results[i]);
  }
  return results;
}

}  // namespace petrel::internal
