#include "text/module_context.h"

namespace petrel::internal::text {

const char* spaceDuplicateName(Space s) {
  switch (s) {
    case Space::Type: return "duplicate type";
    case Space::Func: return "duplicate func";
    case Space::Table: return "duplicate table";
    case Space::Memory: return "duplicate memory";
    case Space::Global: return "duplicate global";
    case Space::Tag: return "duplicate tag";
    case Space::Elem: return "duplicate elem";
    case Space::Data: return "duplicate data";
    case Space::Count: break;
  }
  return "duplicate";
}

const char* spaceUnknownName(Space s) {
  switch (s) {
    case Space::Type: return "unknown type";
    case Space::Func: return "unknown function";
    case Space::Table: return "unknown table";
    case Space::Memory: return "unknown memory";
    case Space::Global: return "unknown global";
    case Space::Tag: return "unknown tag";
    case Space::Elem: return "unknown elem segment";
    case Space::Data: return "unknown data segment";
    case Space::Count: break;
  }
  return "unknown";
}

namespace {
// The bytes that tell signatures apart: the parameter count, then each
// type's kind and, for references, nullability and heap type.
std::string signatureKey(const std::vector<ValType>& params, const std::vector<ValType>& results) {
  std::string key;
  auto append32 = [&key](uint32_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  append32(static_cast<uint32_t>(params.size()));
  for (const auto* list : {&params, &results})
    for (const ValType& t : *list) {
      key += static_cast<char>(t.kind);
      if (t.isRef()) {
        key += static_cast<char>(t.nullable);
        append32(t.heap.bits);
      }
    }
  return key;
}
}  // namespace

uint32_t ModuleContext::internFuncType(const std::vector<ValType>& params, const std::vector<ValType>& results) {
  for (; indexed_groups_ < groups.size(); ++indexed_groups_) {
    const RecGroup& g = groups[indexed_groups_];
    if (g.count != 1) continue;
    const TypeDef& t = types[g.first];
    if (t.form == TypeDef::Form::Func && t.final && t.supers.empty())
      inline_types_.try_emplace(signatureKey(t.params, t.results), g.first);  // the first one stays
  }
  std::string key = signatureKey(params, results);
  if (auto it = inline_types_.find(key); it != inline_types_.end()) return it->second;
  TypeDef t;
  t.params = params;
  t.results = results;
  uint32_t index = static_cast<uint32_t>(types.size());
  types.push_back(std::move(t));
  groups.push_back(RecGroup{index, 1, false});
  countOf(Space::Type) = static_cast<uint32_t>(types.size());
  return index;
}

}  // namespace petrel::internal::text
