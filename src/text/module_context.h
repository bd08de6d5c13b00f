// What the text parser knows about the module being encoded: the type
// definitions (explicit and implicitly inserted), the names bound in each
// index space (spec 6.6.1 "identifier context") and per-function locals and
// labels.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/types.h"

namespace petrel::internal::text {

enum class Space : uint8_t { Type, Func, Table, Memory, Global, Tag, Elem, Data, Count };

// "func", "table", ...: used in "duplicate func" messages (spec interpreter
// wording) and "unknown function" messages.
const char* spaceDuplicateName(Space s);
const char* spaceUnknownName(Space s);

using NameMap = std::unordered_map<std::string, uint32_t>;

// A struct field or array element type (spec 2.3.8): packed i8/i16 or a
// value type, possibly mutable.
struct FieldType {
  enum class Packed : uint8_t { None, I8, I16 } packed = Packed::None;
  ValType type;
  bool mut = false;
  bool operator==(const FieldType& o) const { return packed == o.packed && type == o.type && mut == o.mut; }
};

// One subtype definition (spec 6.4.9): a composite type with its
// finality and declared supertypes.
struct TypeDef {
  enum class Form : uint8_t { Func, Struct, Array } form = Form::Func;
  std::vector<ValType> params, results;  // Func
  std::vector<FieldType> fields;         // Struct; Array has exactly one
  bool final = true;
  std::vector<uint32_t> supers;
  NameMap field_names;                   // Struct fields named $x
};

// Type definitions are grouped into recursion groups; the type section is a
// vector of groups. `explicit_rec` keeps `(rec ...)` as written.
struct RecGroup {
  uint32_t first = 0;
  uint32_t count = 0;
  bool explicit_rec = false;
};

struct ModuleContext {
  std::vector<TypeDef> types;
  std::vector<RecGroup> groups;
  NameMap names[static_cast<size_t>(Space::Count)];
  uint32_t counts[static_cast<size_t>(Space::Count)] = {};
  // Set when an instruction refers to a data segment (memory.init,
  // data.drop, array.new_data...): the binary then needs a data count
  // section (spec 5.5.16).
  bool uses_data_index = false;

  NameMap& namesOf(Space s) { return names[static_cast<size_t>(s)]; }
  uint32_t& countOf(Space s) { return counts[static_cast<size_t>(s)]; }

  // The index of the first type equal to `func (params) -> (results)` that
  // can stand for an inline type use (a final function type without
  // supertypes alone in its recursion group), appending one if there is
  // none (spec 6.6.5, type uses). Only once every type definition has been
  // parsed (the module parser's pass 3): groups are indexed as they are
  // first looked at, so a search per type use does not make a module of
  // many inline signatures quadratic.
  uint32_t internFuncType(const std::vector<ValType>& params, const std::vector<ValType>& results);

 private:
  std::unordered_map<std::string, uint32_t> inline_types_;  // signature key -> first such type
  size_t indexed_groups_ = 0;                               // groups[0, this) are in inline_types_
};

// The enclosing block labels, innermost last (unnamed blocks hold ""). A
// name is found through the position it is bound at, each binding
// remembering the one it shadows, not by a walk of the stack: a branch by
// name costs the same however deep the nesting.
class LabelStack {
 public:
  void push(std::string name) {
    uint32_t shadowed = kNone;
    if (!name.empty()) {
      auto [it, added] = innermost_.try_emplace(name, static_cast<uint32_t>(names_.size()));
      if (!added) {
        shadowed = it->second;
        it->second = static_cast<uint32_t>(names_.size());
      }
    }
    names_.push_back(std::move(name));
    shadowed_.push_back(shadowed);
  }
  void pop() {
    if (!names_.back().empty()) {
      if (shadowed_.back() == kNone) innermost_.erase(names_.back());
      else innermost_[names_.back()] = shadowed_.back();
    }
    names_.pop_back();
    shadowed_.pop_back();
  }
  // The relative depth of the innermost label called `name`.
  bool find(const std::string& name, uint32_t& depth) const {
    auto it = innermost_.find(name);
    if (it == innermost_.end()) return false;
    depth = static_cast<uint32_t>(names_.size() - 1 - it->second);
    return true;
  }

 private:
  static constexpr uint32_t kNone = ~uint32_t{0};
  std::vector<std::string> names_;
  std::vector<uint32_t> shadowed_;  // the position the name was bound at before, or kNone
  NameMap innermost_;               // name -> the position of its innermost binding
};

// Per-function state while parsing a body: locals (params first) and the
// enclosing block labels.
struct FuncContext {
  NameMap local_names;
  uint32_t num_locals = 0;
  LabelStack labels;
};

}  // namespace petrel::internal::text
