#include "spectest_host.h"

#include <cstdio>

#include "value_text.h"

namespace petrel::internal::cli {

// Printing is not observable to the script; it only helps when debugging one.
Status SpectestHost::print(void* env, HostCallContext&, const Slot* args, Slot*) {
  auto* p = static_cast<PrintEnv*>(env);
  if (!p->verbose) return Status::success();
  const FuncType& type = *p->self->type;
  std::string line = std::string("spectest.") + p->name + ":";
  for (size_t i = 0; i < type.params.size(); ++i) {
    Value v;
    v.type = type.params[i];
    v.slot = args[i];
    line += " " + formatResult(v);
  }
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  return Status::success();
}

SpectestHost::SpectestHost(Store& store, bool verbose) {
  struct FuncSpec {
    const char* name;
    std::vector<ValType> params;
  };
  const ValType i32 = ValType::i32(), i64 = ValType::i64(), f32 = ValType::f32(), f64 = ValType::f64();
  const FuncSpec funcs[] = {
      {"print", {}},           {"print_i32", {i32}},          {"print_i64", {i64}},
      {"print_f32", {f32}},    {"print_f64", {f64}},          {"print_i32_f32", {i32, f32}},
      {"print_f64_f64", {f64, f64}},
  };
  size_t n = 0;
  for (const FuncSpec& spec : funcs) {
    PrintEnv* env = &print_envs_[n++];
    FunctionInstance* f = store.createHostFunction(FuncType{spec.params, {}}, print, env);
    env->self = f;
    env->name = spec.name;
    env->verbose = verbose;
    exports_[spec.name] = Extern{ExternKind::Func, f};
  }

  auto global = [&](const char* name, ValType t, Value v) {
    exports_[name] = Extern{ExternKind::Global, store.createGlobal(GlobalType{t, false}, v)};
  };
  global("global_i32", i32, Value::i32(666));
  global("global_i64", i64, Value::i64(666));
  global("global_f32", f32, Value::f32(666.6f));
  global("global_f64", f64, Value::f64(666.6));

  TableType table;
  table.elem = ValType::funcref();
  table.limits.min = 10;
  table.limits.max = 20;
  exports_["table"] = Extern{ExternKind::Table, store.createTable(table, nullptr)};
  table.limits.is64 = true;
  exports_["table64"] = Extern{ExternKind::Table, store.createTable(table, nullptr)};

  MemoryType memory;
  memory.limits.min = 1;
  memory.limits.max = 2;
  exports_["memory"] = Extern{ExternKind::Memory, store.createMemory(memory)};
}

std::optional<Extern> SpectestHost::lookup(const std::string& name) const {
  auto it = exports_.find(name);
  if (it == exports_.end()) return std::nullopt;
  return it->second;
}

}  // namespace petrel::internal::cli
