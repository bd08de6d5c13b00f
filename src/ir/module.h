// The in-memory form of a WebAssembly module (spec 2.5), produced by the
// binary decoder (the text parser produces binary and goes through the
// decoder too). After validation a Module is immutable and may be shared by
// any number of instances; everything mutable lives in runtime/instance.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/types.h"

namespace petrel::internal {

class CanonicalTypeRefs;  // validate/type_registry.h

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

struct FieldType {
  ValType type;        // for packed fields kind is I32 and packed says i8/i16
  uint8_t packed = 0;  // 0 = not packed, 1 = i8, 2 = i16
  bool mutable_ = false;
  bool operator==(const FieldType&) const = default;
};

enum class CompositeKind : uint8_t { Func, Struct, Array };

// One entry of the type section: a (possibly final) subtype of a composite
// type (spec 2.3.8). Plain `(func ...)` types are final with no supertypes.
struct SubType {
  bool final = true;
  std::vector<uint32_t> supers;  // type indices (at most one)
  CompositeKind kind = CompositeKind::Func;
  FuncType func;                   // kind == Func
  std::vector<FieldType> fields;   // kind == Struct (all) or Array (one)
};

// A recursion group covers types [first, first + count).
struct RecGroup {
  uint32_t first = 0;
  uint32_t count = 0;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;   // memory64 / table64: addresses are i64
  bool shared = false;
};

struct TableType {
  ValType elem = ValType::funcref();
  Limits limits;
};

struct MemoryType {
  Limits limits;
  uint32_t page_size_log2 = 16;
};

struct GlobalType {
  ValType type;
  bool mutable_ = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };
const char* externKindName(ExternKind k);

// The bytes of a constant expression. Nearly all are a few bytes
// (`i32.const N end`, `ref.func N end`), so up to kInline of them are kept
// in place: a table of 10 000 function references costs no allocation per
// item to decode, copy or free.
class ExprBytes {
 public:
  static constexpr uint32_t kInline = 16;

  ExprBytes() = default;
  ExprBytes(const ExprBytes& o) { assign(o.begin(), o.end()); }
  ExprBytes(ExprBytes&& o) noexcept { moveFrom(o); }
  ExprBytes& operator=(const ExprBytes& o) {
    if (this != &o) assign(o.begin(), o.end());
    return *this;
  }
  ExprBytes& operator=(ExprBytes&& o) noexcept {
    if (this != &o) {
      release();
      moveFrom(o);
    }
    return *this;
  }
  ~ExprBytes() { release(); }

  const uint8_t* data() const { return heap_ ? heap_ : inline_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint8_t* begin() const { return data(); }
  const uint8_t* end() const { return data() + size_; }
  uint8_t operator[](size_t i) const { return data()[i]; }
  uint8_t back() const { return data()[size_ - 1]; }

  template <class It>
  void assign(It first, It last) {
    size_ = 0;
    reserve(static_cast<uint32_t>(last - first));
    for (; first != last; ++first) push_back(static_cast<uint8_t>(*first));
  }
  void push_back(uint8_t b) {
    if (size_ == capacity()) reserve(size_ * 2);
    (heap_ ? heap_ : inline_)[size_++] = b;
  }

 private:
  uint32_t capacity() const { return heap_ ? heap_capacity_ : kInline; }
  void reserve(uint32_t n) {
    if (n <= capacity()) return;
    uint8_t* grown = new uint8_t[n];
    for (uint32_t i = 0; i < size_; ++i) grown[i] = data()[i];
    delete[] heap_;
    heap_ = grown;
    heap_capacity_ = n;
  }
  void release() {
    delete[] heap_;
    heap_ = nullptr;
    size_ = 0;
  }
  void moveFrom(ExprBytes& o) {
    size_ = o.size_;
    heap_ = o.heap_;
    heap_capacity_ = o.heap_capacity_;
    if (!heap_)
      for (uint32_t i = 0; i < size_; ++i) inline_[i] = o.inline_[i];
    o.heap_ = nullptr;
    o.size_ = 0;
  }

  uint8_t* heap_ = nullptr;
  uint32_t size_ = 0;
  uint32_t heap_capacity_ = 0;
  uint8_t inline_[kInline];
};

// A constant expression (spec 3.3.10) kept as its raw instruction bytes,
// including the final `end`; evaluated at instantiation.
struct ConstExpr {
  ExprBytes code;
  uint64_t offset = 0;  // where it started in the binary, for messages
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t type_index = 0;  // Func / Tag: index into Module::types
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Table {
  TableType type;
  std::optional<ConstExpr> init;  // default element (typed function references)
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct Tag {
  uint32_t type_index = 0;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;
  ConstExpr offset;  // Active only
  ValType type = ValType::funcref();
  std::vector<ConstExpr> items;  // every encoding is normalised to expressions
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t memory = 0;
  ConstExpr offset;  // Active only
  // The segment's bytes, where they are in Module::bytes (Module::dataBytes):
  // never copied, so a module read in place from flash costs no RAM for them.
  uint64_t bytes_offset = 0;
  uint32_t size = 0;
};

// A run of locals of one type, as encoded in the code section.
struct LocalRun {
  uint32_t count = 0;
  ValType type;
};

struct FunctionBody {
  // The local declarations, in order. Nearly every function has at most
  // three runs (one per value type it uses), kept in place: decoding a
  // module costs no allocation per function for them.
  class Locals {
   public:
    static constexpr uint32_t kInline = 3;

    Locals() = default;
    Locals(const Locals& o) { copyFrom(o); }
    Locals(Locals&& o) noexcept { moveFrom(o); }
    Locals& operator=(const Locals& o) {
      if (this != &o) {
        release();
        copyFrom(o);
      }
      return *this;
    }
    Locals& operator=(Locals&& o) noexcept {
      if (this != &o) {
        release();
        moveFrom(o);
      }
      return *this;
    }
    ~Locals() { release(); }

    const LocalRun* begin() const { return onHeap() ? s_.heap : s_.inline_; }
    const LocalRun* end() const { return begin() + size_; }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const LocalRun& operator[](size_t i) const { return begin()[i]; }
    // Makes room for exactly n runs (any old ones are dropped) and returns
    // them, default-initialised, for the caller to fill.
    LocalRun* init(uint32_t n) {
      release();
      size_ = n;
      if (n > kInline) return s_.heap = new LocalRun[n];
      for (uint32_t i = 0; i < n; ++i) s_.inline_[i] = LocalRun{};  // the inline runs become the active member
      return s_.inline_;
    }

   private:
    bool onHeap() const { return size_ > kInline; }
    void release() {
      if (onHeap()) delete[] s_.heap;
      size_ = 0;
    }
    void copyFrom(const Locals& o) {
      LocalRun* out = init(o.size_);
      for (uint32_t i = 0; i < o.size_; ++i) out[i] = o.begin()[i];
    }
    void moveFrom(Locals& o) {
      if (o.onHeap()) {
        s_.heap = o.s_.heap;
        size_ = o.size_;
        o.size_ = 0;
      } else {
        copyFrom(o);
      }
    }

    union Storage {
      Storage() : heap(nullptr) {}
      LocalRun inline_[kInline];  // size_ <= kInline
      LocalRun* heap;             // size_ > kInline: exactly size_ runs
    } s_;
    uint32_t size_ = 0;
  };

  Locals locals;
  uint64_t code_offset = 0;  // offset in Module::bytes of the first instruction
  uint64_t code_end = 0;     // offset just past the final `end`
  uint64_t body_offset = 0;  // offset of the body size field (for messages)
};

struct CustomSection {
  std::string name;
  uint64_t offset = 0;  // payload start in Module::bytes
  uint64_t size = 0;
};

// Names from the `name` custom section (spec 7.4, with the Wasm 3.0
// subsections for types, tables, memories, globals, segments, fields and
// tags). Every map is sorted by index with one name per index.
using IndexNames = std::vector<std::pair<uint32_t, std::string>>;
// Names inside an entity (locals of a function, fields of a type), sorted by
// the outer index.
using IndirectNames = std::vector<std::pair<uint32_t, IndexNames>>;

#if PETREL_FEATURE_NAMES
struct NameMap {
  std::string module_name;
  IndexNames functions;
  IndirectNames locals;  // by function index
  IndexNames types, tables, memories, globals, elems, datas, tags;
  IndirectNames fields;  // by type index
};
#else
// Without the feature nothing reads the section into a module: no names to
// hold, move or free, and the module's name is always empty.
struct NameMap {
  static constexpr std::string_view module_name{};
};
#endif

// The binary a module was decoded from: a copy the module owns, or bytes it
// only borrows (a firmware's module in flash, read in place: they must stay
// where they are, unchanged, for as long as the module lives).
class ModuleBytes {
 public:
  ModuleBytes() = default;
  ModuleBytes(const ModuleBytes& other) { *this = other; }
  ModuleBytes(ModuleBytes&& other) noexcept { *this = std::move(other); }
  ModuleBytes& operator=(const ModuleBytes& other) {
    if (this == &other) return *this;
    if (other.borrowed()) borrow(other.data_, other.size_);
    else own(std::vector<uint8_t>(other.owned_));
    return *this;
  }
  ModuleBytes& operator=(ModuleBytes&& other) noexcept {
    if (this == &other) return *this;
    bool borrowed = other.borrowed();
    owned_ = std::move(other.owned_);  // a moved vector keeps its buffer, so data_ stays right
    data_ = borrowed ? other.data_ : owned_.data();
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
    return *this;
  }

  void own(std::vector<uint8_t>&& bytes) {
    owned_ = std::move(bytes);
    data_ = owned_.data();
    size_ = owned_.size();
  }
  void borrow(const uint8_t* data, size_t size) {
    owned_ = {};
    data_ = data;
    size_ = size;
  }
  bool borrowed() const { return data_ != nullptr && data_ != owned_.data(); }

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint8_t* begin() const { return data_; }
  const uint8_t* end() const { return data_ + size_; }
  uint8_t operator[](size_t i) const { return data_[i]; }

 private:
  std::vector<uint8_t> owned_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

struct Module {
  // The binary this module was decoded from; function bodies and custom
  // sections refer into it by offset.
  ModuleBytes bytes;
  const uint8_t* dataBytes(const DataSegment& seg) const { return bytes.data() + seg.bytes_offset; }

  std::vector<SubType> types;
  std::vector<RecGroup> rec_groups;
  std::vector<Import> imports;

  // Index spaces: imported entities come first (spec 2.5.1).
  std::vector<uint32_t> func_types;  // type index of every function
  std::vector<Table> tables;         // imported tables have no init
  std::vector<MemoryType> memories;
  std::vector<Global> globals;       // imported globals have an empty init
  std::vector<Tag> tags;
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;

  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> bodies;  // one per defined (non-imported) function
  std::vector<CustomSection> customs;
  NameMap names;

  // --- Filled by validation -------------------------------------------
  bool validated = false;
  // Canonical id (type_registry.h) of every type index, so that equivalent
  // types compare equal within and across modules by one integer compare.
  std::vector<uint32_t> canonical_type_ids;
  // The registry references that keep those ids valid: released when the
  // last copy of this module goes (validate/type_registry.h).
  std::shared_ptr<const CanonicalTypeRefs> canonical_type_refs;
  // Functions that may be referenced by ref.func in bodies (spec 3.4.10, C.refs).
  std::vector<bool> declared_func_refs;
  const FuncType& funcType(uint32_t func_index) const { return types[func_types[func_index]].func; }
  bool isImportedFunc(uint32_t func_index) const { return func_index < num_imported_funcs; }
  // The function's name from the `name` section, or empty.
  std::string_view functionName(uint32_t func_index) const;
};

}  // namespace petrel::internal
