// Func, Memory, Table, Global, Tag, Extern, Caller and function references.
#include <cstring>

#include "api/api_state.h"
#include "exec/interpreter.h"
#include "validate/type_registry.h"

namespace petrel {

namespace {

Error noSuchSlot(const char* what, uint64_t index, uint64_t size) {
  return Error::make(ErrorKind::Trap, std::string(what) + " index " + std::to_string(index) +
                                          " out of bounds (size " + std::to_string(size) + ")");
}

// Does `v` fit a slot of type `t`? References check their heap type.
bool valueFits(const Value& v, const internal::ValType& t) {
  internal::ValType vt = detail::toInternal(v.type());
  if (v.isNull()) return t.nullable && vt.isRef() && t.isRef() && internal::isSubtypeCanonical(
      internal::ValType::ref(vt.heap, true), internal::ValType::ref(t.heap, true)) ;
  return internal::isSubtypeCanonical(vt, t);
}

Error typeMismatch(const std::string& what, const Value& v, const internal::ValType& t) {
  return Error::make(ErrorKind::Other, what + " has type " + v.type().toString() + ", expected " + internal::toString(t));
}

// A value may go into a store's slot when its type fits and, for a function
// reference, when the function belongs to that store: another store's
// function would run with the wrong store's state.
Status checkValue(const Value& v, const internal::ValType& t, const detail::StoreState* store, const std::string& what) {
  if (!valueFits(v, t)) return typeMismatch(what, v, t);
  if (v.type().isRef() && !v.isNull() && v.storeState() && v.storeState() != store)
    return Error::make(ErrorKind::Other, what + " is a reference from another store");
  return Status::success();
}

}  // namespace

// --- Value -----------------------------------------------------------------

Value Value::funcref(const Func& func) {
  Value r(ValType::funcref());
  r.raw_.ref = func.raw();
  r.store_ = func.storeState();
  return r;
}

std::optional<Func> Value::func() const {
  if (!type_.isRef() || !raw_.ref || !store_) return std::nullopt;
  if (type_.heap() != HeapKind::Func && type_.heap() != HeapKind::Concrete) return std::nullopt;
  return Func(store_, static_cast<internal::FunctionInstance*>(raw_.ref));
}

// --- Func ------------------------------------------------------------------

namespace detail {

RawHostFunction adaptHostFunction(const FuncType& type, HostFunction fn) {
  // The Value form on top of the raw one: arguments become Values, results
  // come back through a span the callable fills and are checked.
  std::vector<internal::ValType> params, results;
  for (const ValType& t : type.params) params.push_back(toInternal(t));
  for (const ValType& t : type.results) results.push_back(toInternal(t));
  return [fn = std::move(fn), params, results](Caller& caller, RawValue* io) -> Status {
    StoreState* s = caller.storeState();
    const auto* cells = reinterpret_cast<const internal::Slot*>(io);
    std::vector<Value> args(params.size());
    for (size_t i = 0, at = 0; i < params.size(); at += internal::slotCount(params[i]), ++i)
      args[i] = fromCells(s, params[i], cells + at);
    std::vector<Value> outs(results.size());
    for (size_t i = 0; i < results.size(); ++i) outs[i] = Value::zero(toPublic(results[i]));
    Status st = fn(caller, std::span<const Value>(args), std::span<Value>(outs));
    if (!st.ok()) return st;
    for (size_t i = 0; i < results.size(); ++i) {
      Status fits = checkValue(outs[i], results[i], s, "host function result " + std::to_string(i));
      if (!fits.ok()) return Error::trap(fits.error().message);
    }
    auto* out = reinterpret_cast<internal::Slot*>(io);
    for (size_t i = 0, at = 0; i < results.size(); at += internal::slotCount(results[i]), ++i)
      putCells(out + at, outs[i]);
    return Status::success();
  };
}

}  // namespace detail

Func Func::create(Store& store, const FuncType& type, HostFunction fn) {
  return createRaw(store, type, detail::adaptHostFunction(type, std::move(fn)));
}

Func Func::createRaw(Store& store, const FuncType& type, RawHostFunction fn) {
  detail::StoreState* s = store.state();
  return Func(s, s->addHostFunction(type, std::move(fn)));
}

FuncType Func::type() const { return detail::toPublic(*func_->type); }

Result<std::vector<Value>> Func::call(std::span<const Value> args) const {
  const internal::FuncType& type = *func_->type;
  if (args.size() != type.params.size())
    return Error::make(ErrorKind::Other, "expected " + std::to_string(type.params.size()) + " arguments, got " +
                                             std::to_string(args.size()));
  std::vector<internal::Slot> io(
      std::max<size_t>(std::max(internal::slotCount(type.params), internal::slotCount(type.results)), 1));
  for (size_t i = 0, at = 0; i < args.size(); at += internal::slotCount(type.params[i]), ++i) {
    PETREL_TRY(checkValue(args[i], type.params[i], store_, "argument " + std::to_string(i)));
    detail::putCells(&io[at], args[i]);
  }
  PETREL_TRY(internal::invokeFunction(store_->store, func_, io.data()));
  std::vector<Value> results(type.results.size());
  for (size_t i = 0, at = 0; i < results.size(); at += internal::slotCount(type.results[i]), ++i)
    results[i] = detail::fromCells(store_, type.results[i], &io[at]);
  return results;
}

Status Func::callRaw(RawValue* io) const {
  static_assert(sizeof(RawValue) == sizeof(internal::Slot));
  return internal::invokeFunction(store_->store, func_, reinterpret_cast<internal::Slot*>(io));
}

namespace detail {

Status checkSignature(const Func& func, const FuncType& expected) {
  FuncType actual = func.type();
  if (actual == expected) return Status::success();
  return Error::make(ErrorKind::Other,
                     "function has type " + actual.toString() + ", not the requested " + expected.toString());
}

}  // namespace detail

// --- Memory ----------------------------------------------------------------

Result<Memory> Memory::create(Store& store, const MemoryType& type) {
  internal::Status status;
  internal::MemoryInstance* m = store.state()->store.newMemory(detail::toInternal(type), status);
  if (!m) return status.takeError();
  return Memory(store.state(), m);
}

MemoryType Memory::type() const {
  MemoryType t = detail::toPublic(mem_->type);
  t.limits.min = mem_->pages();
  return t;
}

uint64_t Memory::size() const { return mem_->size_bytes; }
uint64_t Memory::pages() const { return mem_->pages(); }
uint8_t* Memory::data() const { return mem_->data; }

Result<uint64_t> Memory::grow(uint64_t delta_pages) {
  int64_t old = mem_->grow(delta_pages);
  if (old < 0)
    return Error::make(ErrorKind::Exhaustion, "memory cannot grow by " + std::to_string(delta_pages) +
                                                  " pages (maximum or store limit reached)");
  return static_cast<uint64_t>(old);
}

Result<std::span<uint8_t>> Memory::view(uint64_t offset, uint64_t length) const {
  if (offset > mem_->size_bytes || length > mem_->size_bytes - offset)
    return Error::make(ErrorKind::Trap, "memory access of " + std::to_string(length) + " bytes at " +
                                            std::to_string(offset) + " out of bounds (size " +
                                            std::to_string(mem_->size_bytes) + ")");
  return std::span<uint8_t>(mem_->data + offset, static_cast<size_t>(length));
}

Status Memory::read(uint64_t offset, void* out, size_t length) const {
  auto v = view(offset, length);
  if (!v.ok()) return v.takeError();
  if (length) std::memcpy(out, v->data(), length);
  return Status::success();
}

Status Memory::write(uint64_t offset, const void* in, size_t length) const {
  auto v = view(offset, length);
  if (!v.ok()) return v.takeError();
  if (length) std::memcpy(v->data(), in, length);
  return Status::success();
}

Result<std::string> Memory::readString(uint64_t offset, uint64_t length) const {
  auto v = view(offset, length);
  if (!v.ok()) return v.takeError();
  return std::string(reinterpret_cast<const char*>(v->data()), v->size());
}

// --- Table -----------------------------------------------------------------

namespace {

Result<void*> refFor(const std::optional<Value>& v, const internal::ValType& elem, const detail::StoreState* store,
                     const char* what) {
  if (!v) return static_cast<void*>(nullptr);
  if (!v->type().isRef()) return typeMismatch(what, *v, elem);
  PETREL_TRY(checkValue(*v, elem, store, what));
  return v->raw().ref;
}

}  // namespace

Result<Table> Table::create(Store& store, const TableType& type, std::optional<Value> init) {
  internal::TableType tt = detail::toInternal(type);
  auto ref = refFor(init, tt.elem, store.state(), "initial value");
  if (!ref.ok()) return ref.takeError();
  if (!*ref && !tt.elem.nullable)
    return Error::make(ErrorKind::Other, "a table of non-nullable references needs an initial value");
  internal::Status status;
  internal::TableInstance* t = store.state()->store.newTable(tt, *ref, status);
  if (!t) return status.takeError();
  return Table(store.state(), t);
}

TableType Table::type() const {
  TableType t = detail::toPublic(table_->type);
  t.limits.min = table_->size();
  return t;
}

uint64_t Table::size() const { return table_->size(); }

Result<Value> Table::get(uint64_t index) const {
  if (index >= table_->size()) return noSuchSlot("table", index, table_->size());
  internal::Slot s;
  s.ref = table_->elements[index];
  return detail::toValue(store_, table_->type.elem, s);
}

Status Table::set(uint64_t index, const Value& value) const {
  if (index >= table_->size()) return noSuchSlot("table", index, table_->size());
  auto ref = refFor(value, table_->type.elem, store_, "value");
  if (!ref.ok()) return ref.takeError();
  if (!*ref && !table_->type.elem.nullable) return typeMismatch("value", value, table_->type.elem);
  table_->elements[index] = *ref;
  return Status::success();
}

Result<uint64_t> Table::grow(uint64_t delta, std::optional<Value> init) const {
  auto ref = refFor(init, table_->type.elem, store_, "initial value");
  if (!ref.ok()) return ref.takeError();
  int64_t old = table_->grow(delta, *ref);
  if (old < 0)
    return Error::make(ErrorKind::Exhaustion, "table cannot grow by " + std::to_string(delta) +
                                                  " elements (maximum or store limit reached)");
  return static_cast<uint64_t>(old);
}

// --- Global ----------------------------------------------------------------

Result<Global> Global::create(Store& store, const GlobalType& type, const Value& value) {
  internal::GlobalType gt = detail::toInternal(type);
  PETREL_TRY(checkValue(value, gt.type, store.state(), "initial value"));
  internal::Value v;
  v.type = gt.type;
  internal::Slot cells[2] = {};
  detail::putCells(cells, value);
  v.slot = cells[0];
  v.hi = cells[1];
  return Global(store.state(), store.state()->store.createGlobal(gt, v));
}

GlobalType Global::type() const { return detail::toPublic(global_->type); }

Value Global::get() const {
  internal::Slot cells[2] = {global_->value, global_->value_hi};
  return detail::fromCells(store_, global_->type.type, cells);
}

Status Global::set(const Value& value) const {
  if (!global_->type.mutable_) return Error::make(ErrorKind::Other, "global is immutable");
  PETREL_TRY(checkValue(value, global_->type.type, store_, "value"));
  internal::Slot cells[2] = {};
  detail::putCells(cells, value);
  global_->value = cells[0];
  global_->value_hi = cells[1];
  return Status::success();
}

// --- Tag -------------------------------------------------------------------

Tag Tag::create(Store& store, const TagType& type) {
  return Tag(store.state(), store.state()->store.createTag(detail::toInternal(type.signature)));
}

TagType Tag::type() const { return TagType{detail::toPublic(*tag_->type)}; }

// --- Extern ----------------------------------------------------------------

Extern::Extern(Memory m) : kind_(ExternKind::Memory), store_(m.storeState()), object_(m.raw()) {}
Extern::Extern(Table t) : kind_(ExternKind::Table), store_(t.storeState()), object_(t.raw()) {}
Extern::Extern(Global g) : kind_(ExternKind::Global), store_(g.storeState()), object_(g.raw()) {}
Extern::Extern(Tag t) : kind_(ExternKind::Tag), store_(t.storeState()), object_(t.raw()) {}

ExternType Extern::type() const { return detail::externTypeOf(detail::toInternal(*this)); }

std::optional<Func> Extern::func() const {
  if (kind_ != ExternKind::Func) return std::nullopt;
  return Func(store_, static_cast<internal::FunctionInstance*>(object_));
}
std::optional<Memory> Extern::memory() const {
  if (kind_ != ExternKind::Memory) return std::nullopt;
  return Memory(store_, static_cast<internal::MemoryInstance*>(object_));
}
std::optional<Table> Extern::table() const {
  if (kind_ != ExternKind::Table) return std::nullopt;
  return Table(store_, static_cast<internal::TableInstance*>(object_));
}
std::optional<Global> Extern::global() const {
  if (kind_ != ExternKind::Global) return std::nullopt;
  return Global(store_, static_cast<internal::GlobalInstance*>(object_));
}
std::optional<Tag> Extern::tag() const {
  if (kind_ != ExternKind::Tag) return std::nullopt;
  return Tag(store_, static_cast<internal::TagInstance*>(object_));
}

// --- Caller ----------------------------------------------------------------

Store& Caller::store() const { return *store_->owner; }
void* Caller::data() const { return store_->data; }
bool Caller::interrupted() const { return store_->store.interrupted(); }

std::optional<Extern> Caller::getExport(std::string_view name) const {
  if (!instance_) return std::nullopt;
  auto e = instance_->exportByName(name);
  if (!e) return std::nullopt;
  return detail::toPublic(store_, *e);
}

std::optional<Memory> Caller::memory(std::string_view name) const {
  auto e = getExport(name);
  if (!e) return std::nullopt;
  return e->memory();
}

}  // namespace petrel
