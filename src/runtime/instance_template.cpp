#include "runtime/instance_template.h"

#include <cstring>

#include "binary/instruction_reader.h"
#include "platform/virtual_memory.h"
#include "runtime/const_eval.h"
#include "runtime/instance.h"

namespace petrel::internal {

namespace {

// Beyond these, a template does not materialise images (building them
// would cost more than the instantiations they save).
constexpr uint64_t kMaxImageBytes = uint64_t{256} << 20;
constexpr uint64_t kMaxTableImageElements = uint64_t{1} << 20;

// Whether `expr` has the same value in every instance: it reads only
// globals already known constant and takes no function reference.
bool isConstant(const ConstExpr& expr, const std::vector<std::optional<WideSlot>>& globals, uint32_t imported_globals) {
  ByteReader r(expr.code.data(), expr.code.size(), expr.offset);
  InstructionReader reader(r, nullptr);
  Instruction in;
  while (reader.read(in)) {
    switch (in.op) {
      case Opcode::End: return true;
      case Opcode::RefFunc: return false;
      case Opcode::GlobalGet:
        if (in.index < imported_globals) return false;
        if (in.index - imported_globals >= globals.size() || !globals[in.index - imported_globals]) return false;
        break;
      default: break;
    }
  }
  return false;
}

// An element item that is `ref.func i` or `ref.null t` alone: i or -1.
std::optional<int64_t> functionIndexItem(const ConstExpr& expr) {
  ByteReader r(expr.code.data(), expr.code.size(), expr.offset);
  InstructionReader reader(r, nullptr);
  Instruction first, end;
  if (!reader.read(first) || !reader.read(end) || end.op != Opcode::End) return std::nullopt;
  if (first.op == Opcode::RefFunc) return static_cast<int64_t>(first.index);
  if (first.op == Opcode::RefNull) return -1;
  return std::nullopt;
}

// A stand-in instance that holds only the constant globals, for evaluating
// constant expressions while building (isConstant guards every read).
struct ConstantScope {
  Instance inst;
  std::vector<GlobalInstance> storage;

  ConstantScope(const Module& m, const std::vector<std::optional<WideSlot>>& values) : inst(m) {
    storage.resize(m.globals.size());
    for (size_t i = m.num_imported_globals; i < m.globals.size(); ++i) {
      const std::optional<WideSlot>& v = values[i - m.num_imported_globals];
      if (v) {
        storage[i].value = v->lo;
        storage[i].value_hi = v->hi;
      }
      inst.globals[i] = &storage[i];
    }
  }
  std::optional<WideSlot> eval(const ConstExpr& e) {
    Result<WideSlot> v = evaluateConstExpr(inst, e);
    if (!v) return std::nullopt;
    return v.value();
  }
};

void prepareGlobals(const Module& m, InstanceTemplate& t) {
  t.global_values.assign(m.globals.size() - m.num_imported_globals, std::nullopt);
  for (uint32_t i = m.num_imported_globals; i < m.globals.size(); ++i) {
    if (!isConstant(m.globals[i].init, t.global_values, m.num_imported_globals)) continue;
    ConstantScope scope(m, t.global_values);
    t.global_values[i - m.num_imported_globals] = scope.eval(m.globals[i].init);
  }
}

void prepareElements(const Module& m, InstanceTemplate& t) {
  t.elem_items.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    std::vector<int64_t> items;
    items.reserve(m.elems[i].items.size());
    bool ok = true;
    for (const ConstExpr& e : m.elems[i].items) {
      std::optional<int64_t> f = functionIndexItem(e);
      if (!f) {
        ok = false;
        break;
      }
      items.push_back(*f);
    }
    if (ok) t.elem_items[i] = std::move(items);
  }
  // Table images: all or nothing, so that the order in which segments fill
  // tables (and where the first out-of-bounds one traps) stays the spec's.
  uint64_t total = 0;
  for (size_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    const Table& table = m.tables[i];
    if (table.init && !(functionIndexItem(*table.init) == std::optional<int64_t>(-1))) return;
    total += table.type.limits.min;
  }
  if (total > kMaxTableImageElements) return;
  std::vector<std::vector<int64_t>> images(m.tables.size() - m.num_imported_tables);
  for (size_t i = m.num_imported_tables; i < m.tables.size(); ++i)
    images[i - m.num_imported_tables].assign(m.tables[i].type.limits.min, -1);
  ConstantScope scope(m, t.global_values);
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.table < m.num_imported_tables || !t.elem_items[i]) return;
    if (!isConstant(seg.offset, t.global_values, m.num_imported_globals)) return;
    std::optional<WideSlot> off = scope.eval(seg.offset);
    if (!off) return;
    std::vector<int64_t>& image = images[seg.table - m.num_imported_tables];
    uint64_t offset = m.tables[seg.table].type.limits.is64 ? off->lo.i64 : off->lo.i32;
    const std::vector<int64_t>& items = *t.elem_items[i];
    if (offset > image.size() || items.size() > image.size() - offset) return;
    std::copy(items.begin(), items.end(), image.begin() + static_cast<ptrdiff_t>(offset));
  }
  t.table_images = std::move(images);
}

void prepareMemories(const Module& m, InstanceTemplate& t) {
  if (m.num_imported_memories != 0 || m.memories.empty()) return;
  std::vector<std::vector<uint8_t>> contents(m.memories.size());
  uint64_t total = 0;
  ConstantScope scope(m, t.global_values);
  for (const DataSegment& seg : m.datas) {
    if (seg.mode != SegmentMode::Active) continue;
    if (!isConstant(seg.offset, t.global_values, m.num_imported_globals)) return;
    std::optional<WideSlot> off = scope.eval(seg.offset);
    if (!off) return;
    const MemoryType& type = m.memories[seg.memory];
    uint64_t initial = type.limits.min << type.page_size_log2;
    uint64_t offset = type.limits.is64 ? off->lo.i64 : off->lo.i32;
    if (offset > initial || seg.size > initial - offset) return;  // traps: the ordinary path says so
    uint64_t end = offset + seg.size;
    std::vector<uint8_t>& c = contents[seg.memory];
    if (end > c.size()) {
      total += end - c.size();
      if (total > kMaxImageBytes) return;
      c.resize(static_cast<size_t>(end), 0);
    }
    if (seg.size) std::memcpy(c.data() + offset, m.dataBytes(seg), seg.size);
  }
  // An image is mapped in whole host pages, which must not reach past the
  // initial size (the bytes there must read as zero once grown).
  for (const MemoryType& type : m.memories)
    if (((type.limits.min << type.page_size_log2) & (platform::hostPageSize() - 1)) != 0) return;
  std::vector<std::shared_ptr<const MemoryImage>> images;
  for (const std::vector<uint8_t>& c : contents) images.push_back(MemoryImage::create(c));
  t.memory_images = std::move(images);
}

}  // namespace

std::shared_ptr<const InstanceTemplate> InstanceTemplate::build(std::shared_ptr<const CompiledModule> compiled) {
  auto t = std::make_shared<InstanceTemplate>();
  const Module& m = compiled->module;
  prepareGlobals(m, *t);
  prepareElements(m, *t);
  prepareMemories(m, *t);
  t->module = std::move(compiled);
  return t;
}

}  // namespace petrel::internal
