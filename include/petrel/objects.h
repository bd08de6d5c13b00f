// Handles to the objects of a store (spec 4.2): functions, memories, tables,
// globals and tags, the Extern that is any one of them, and the Caller that
// host functions receive.
//
// A handle is two pointers; copy it freely. It is valid as long as the store
// that owns the object; using it after the store is destroyed is undefined.
// Like the store, objects are used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <petrel/result.h>
#include <petrel/types.h>
#include <petrel/value.h>

namespace petrel {

class Store;
class Caller;
class Extern;
template <class Signature>
class TypedFunc;

namespace internal {
struct FunctionInstance;
struct MemoryInstance;
struct TableInstance;
struct GlobalInstance;
struct TagInstance;
class Instance;
}  // namespace internal

// A host function in its general form: arguments in, results out, both
// typed by the function's FuncType. Return an Error (Error::trap("...")) to
// trap the calling guest; its message becomes the trap's.
using HostFunction = std::function<Status(Caller& caller, std::span<const Value> args, std::span<Value> results)>;
// The raw form, used by the typed wrappers (typed.h): `args` and `results`
// are the same cells, so read every argument before writing a result. A
// v128 takes two consecutive cells (its low 8 bytes first); every other
// value one.
using RawHostFunction = std::function<Status(Caller& caller, RawValue* args_and_results)>;

class Func {
 public:
  // A host function of the given type.
  static Func create(Store& store, const FuncType& type, HostFunction fn);
  static Func createRaw(Store& store, const FuncType& type, RawHostFunction fn);
  // A host function whose wasm type is derived from a C++ callable (see typed.h).
  template <class F>
  static Func wrap(Store& store, F&& fn);

  FuncType type() const;
  // Calls the function. Arguments are checked against its type; a trap or
  // exhausted limit comes back as an Error with the wasm backtrace.
  Result<std::vector<Value>> call(std::span<const Value> args) const;
  Result<std::vector<Value>> call(std::initializer_list<Value> args) const {
    return call(std::span<const Value>(args.begin(), args.size()));
  }
  // A typed view, checked once against the function's type:
  // func.typed<int32_t(int32_t, int32_t)>() (see typed.h).
  template <class Signature>
  Result<TypedFunc<Signature>> typed() const;
  // Calls without checks: io holds the arguments and receives the results
  // (max(params, results) cells; a v128 takes two). For typed calls and the C API.
  Status callRaw(RawValue* io) const;

  bool operator==(const Func& o) const { return func_ == o.func_; }
  Func(detail::StoreState* store, internal::FunctionInstance* func) : store_(store), func_(func) {}
  internal::FunctionInstance* raw() const { return func_; }
  detail::StoreState* storeState() const { return store_; }

 private:
  detail::StoreState* store_;
  internal::FunctionInstance* func_;
};

class Memory {
 public:
  // Fails (Uninstantiable) when the type's minimum exceeds the store's limits.
  static Result<Memory> create(Store& store, const MemoryType& type);

  MemoryType type() const;
  uint64_t size() const;   // bytes
  uint64_t pages() const;
  // Grows by `delta` pages; returns the previous size in pages. Fails
  // (Exhaustion) beyond the type's maximum or the store's limits.
  Result<uint64_t> grow(uint64_t delta_pages);

  // Bounds-checked access. A view (and data()) stays valid until the memory
  // grows; offsets are checked against the current size.
  Result<std::span<uint8_t>> view(uint64_t offset, uint64_t length) const;
  Status read(uint64_t offset, void* out, size_t length) const;
  Status write(uint64_t offset, const void* in, size_t length) const;
  // Little-endian, as wasm stores values.
  template <class T>
  Result<T> load(uint64_t offset) const {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    Status s = read(offset, &value, sizeof(T));
    if (!s.ok()) return s.takeError();
    return value;
  }
  template <class T>
  Status store(uint64_t offset, const T& value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    return write(offset, &value, sizeof(T));
  }
  Result<std::string> readString(uint64_t offset, uint64_t length) const;
  // The whole memory, unchecked (valid until the next grow).
  uint8_t* data() const;

  bool operator==(const Memory& o) const { return mem_ == o.mem_; }
  Memory(detail::StoreState* store, internal::MemoryInstance* mem) : store_(store), mem_(mem) {}
  internal::MemoryInstance* raw() const { return mem_; }
  detail::StoreState* storeState() const { return store_; }

 private:
  detail::StoreState* store_;
  internal::MemoryInstance* mem_;
};

class Table {
 public:
  // `init` fills the table (null of the element type when omitted).
  static Result<Table> create(Store& store, const TableType& type, std::optional<Value> init = std::nullopt);

  TableType type() const;
  uint64_t size() const;
  Result<Value> get(uint64_t index) const;
  Status set(uint64_t index, const Value& value) const;
  // Returns the previous size. Fails (Exhaustion) beyond the maximum or limits.
  Result<uint64_t> grow(uint64_t delta, std::optional<Value> init = std::nullopt) const;

  bool operator==(const Table& o) const { return table_ == o.table_; }
  Table(detail::StoreState* store, internal::TableInstance* table) : store_(store), table_(table) {}
  internal::TableInstance* raw() const { return table_; }
  detail::StoreState* storeState() const { return store_; }

 private:
  detail::StoreState* store_;
  internal::TableInstance* table_;
};

class Global {
 public:
  static Result<Global> create(Store& store, const GlobalType& type, const Value& value);

  GlobalType type() const;
  Value get() const;
  // Fails for an immutable global or a value of the wrong type.
  Status set(const Value& value) const;

  bool operator==(const Global& o) const { return global_ == o.global_; }
  Global(detail::StoreState* store, internal::GlobalInstance* global) : store_(store), global_(global) {}
  internal::GlobalInstance* raw() const { return global_; }
  detail::StoreState* storeState() const { return store_; }

 private:
  detail::StoreState* store_;
  internal::GlobalInstance* global_;
};

class Tag {
 public:
  static Tag create(Store& store, const TagType& type);
  TagType type() const;
  bool operator==(const Tag& o) const { return tag_ == o.tag_; }
  Tag(detail::StoreState* store, internal::TagInstance* tag) : store_(store), tag_(tag) {}
  internal::TagInstance* raw() const { return tag_; }
  detail::StoreState* storeState() const { return store_; }

 private:
  detail::StoreState* store_;
  internal::TagInstance* tag_;
};

// Any one of the above: what an import is given and an export yields.
class Extern {
 public:
  Extern(Func f) : kind_(ExternKind::Func), store_(f.storeState()), object_(f.raw()) {}
  Extern(Memory m);
  Extern(Table t);
  Extern(Global g);
  Extern(Tag t);

  ExternKind kind() const { return kind_; }
  ExternType type() const;
  std::optional<Func> func() const;
  std::optional<Memory> memory() const;
  std::optional<Table> table() const;
  std::optional<Global> global() const;
  std::optional<Tag> tag() const;

  bool operator==(const Extern& o) const { return object_ == o.object_; }
  void* rawObject() const { return object_; }
  detail::StoreState* storeState() const { return store_; }

 private:
  ExternKind kind_;
  detail::StoreState* store_;
  void* object_;
};

// What a host function sees of its call: the store and the instance whose
// code called it.
class Caller {
 public:
  Store& store() const;
  void* data() const;  // Store::data()
  // The calling instance's export of that name (WASI-style hosts read the
  // caller's "memory"). None when called from the host directly.
  std::optional<Extern> getExport(std::string_view name) const;
  std::optional<Memory> memory(std::string_view name = "memory") const;
  // True once the store was interrupted: a long-running host function should
  // return Error::trap(...) soon.
  bool interrupted() const;

  Caller(detail::StoreState* store, internal::Instance* instance) : store_(store), instance_(instance) {}
  detail::StoreState* storeState() const { return store_; }

 private:
  detail::StoreState* store_;
  internal::Instance* instance_;
};

}  // namespace petrel
