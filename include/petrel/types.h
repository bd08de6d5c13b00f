// The types of the embedding API (spec 2.3): value, function, memory,
// table, global and extern types, and the import/export descriptions of a
// module. Plain values: copy them freely, on any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace petrel {

// The heap type of a reference. Concrete types (a module's struct, array or
// function type) are identified by an opaque canonical id: two modules'
// equivalent types have the same id. An id means something only while a
// module or store that uses the type is alive (ids of freed types are
// reused), so do not keep one beyond the objects it came from.
enum class HeapKind : uint8_t {
  Func, Extern, Any, Eq, I31, Struct, Array, Exn,
  NoFunc, NoExtern, None, NoExn,
  Concrete,
};

class ValType {
 public:
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, Ref };

  constexpr ValType() = default;
  static constexpr ValType i32() { return ValType(Kind::I32); }
  static constexpr ValType i64() { return ValType(Kind::I64); }
  static constexpr ValType f32() { return ValType(Kind::F32); }
  static constexpr ValType f64() { return ValType(Kind::F64); }
  static constexpr ValType v128() { return ValType(Kind::V128); }
  static constexpr ValType funcref() { return ref(HeapKind::Func, true); }
  static constexpr ValType externref() { return ref(HeapKind::Extern, true); }
  static constexpr ValType ref(HeapKind heap, bool nullable, uint32_t concrete_id = 0) {
    ValType t(Kind::Ref);
    t.heap_ = heap;
    t.nullable_ = nullable;
    t.concrete_id_ = concrete_id;
    return t;
  }

  constexpr Kind kind() const { return kind_; }
  constexpr bool isRef() const { return kind_ == Kind::Ref; }
  constexpr bool isNum() const { return kind_ <= Kind::F64; }
  constexpr HeapKind heap() const { return heap_; }
  constexpr bool nullable() const { return nullable_; }
  constexpr uint32_t concreteId() const { return concrete_id_; }
  constexpr bool operator==(const ValType& o) const {
    return kind_ == o.kind_ &&
           (kind_ != Kind::Ref || (heap_ == o.heap_ && nullable_ == o.nullable_ && concrete_id_ == o.concrete_id_));
  }
  // "i32", "funcref", "(ref null extern)", "(ref $17)".
  std::string toString() const;

 private:
  constexpr explicit ValType(Kind k) : kind_(k) {}
  Kind kind_ = Kind::I32;
  HeapKind heap_ = HeapKind::Func;
  bool nullable_ = false;
  uint32_t concrete_id_ = 0;
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
  // "(i32, i64) -> (f32)"
  std::string toString() const;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};

struct MemoryType {
  Limits limits;           // in pages
  bool is64 = false;       // memory64: addresses are i64
  bool shared = false;
  uint32_t page_size = 65536;
  bool operator==(const MemoryType&) const = default;
};

struct TableType {
  ValType element = ValType::funcref();
  Limits limits;           // in elements
  bool is64 = false;
  bool operator==(const TableType&) const = default;
};

enum class Mutability : uint8_t { Const, Var };

struct GlobalType {
  ValType type;
  Mutability mutability = Mutability::Const;
  bool operator==(const GlobalType&) const = default;
};

struct TagType {
  FuncType signature;  // exception tags: params are the payload, no results
  bool operator==(const TagType&) const = default;
};

enum class ExternKind : uint8_t { Func, Table, Memory, Global, Tag };
const char* externKindName(ExternKind kind);  // "func", "table", ...

// The type of an import or export: one of the five, selected by `kind`.
struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;      // Func
  TableType table;    // Table
  MemoryType memory;  // Memory
  GlobalType global;  // Global
  TagType tag;        // Tag
  std::string toString() const;
};

struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportType {
  std::string name;
  ExternType type;
};

}  // namespace petrel
