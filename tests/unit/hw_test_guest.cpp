#include "hw_test_guest.h"

#include <gtest/gtest.h>

#include <cstring>

#include "runtime/instance.h"
#include "runtime/objects.h"
#include "text/wat_parser.h"

namespace petrel::internal::hw::testing {

std::string hwWrapperModule() {
  std::string imports, exports;
  const HwFunctionInfo* fns = hwFunctions();
  for (uint32_t i = 0; i < hwFunctionCount(); ++i) {
    std::string params, body;
    for (int p = 0; p < fns[i].params; ++p) {
      params += " i32";
      body += " (local.get " + std::to_string(p) + ")";
    }
    std::string sig = (params.empty() ? "" : " (param" + params + ")") +
                      std::string(fns[i].i64_result ? " (result i64)" : " (result i32)");
    imports += std::string("(import \"petrel_hw\" \"") + fns[i].name + "\" (func $" + fns[i].name + sig + "))\n";
    exports += std::string("(func (export \"w_") + fns[i].name + "\")" + sig + " (call $" + fns[i].name + body + "))\n";
  }
  return "(module\n" + imports + exports + "(memory (export \"memory\") 1))\n";
}


HwTestGuest::HwTestGuest(HwContext& ctx) : host_(std::make_unique<HwHost>(store_, ctx)) {
  auto bin = watToBinary(hwWrapperModule());
  if (!bin.ok()) {
    error_ = bin.error().describe();
    return;
  }
  auto compiled = compileModule(bin->data(), bin->size());
  if (!compiled.ok()) {
    error_ = compiled.error().describe();
    return;
  }
  std::vector<Extern> imports;
  for (const Import& im : (*compiled)->module.imports) {
    auto f = host_->resolveImport((*compiled)->module, im);
    if (!f.ok()) {
      error_ = f.error().describe();
      return;
    }
    imports.push_back(Extern{ExternKind::Func, *f});
  }
  auto inst = store_.instantiate(*compiled, imports);
  if (!inst.ok()) {
    error_ = inst.error().describe();
    return;
  }
  instance_ = *inst;
}

int64_t HwTestGuest::call(const std::string& name, std::vector<int32_t> args) {
  std::vector<Value> values;
  for (int32_t a : args) values.push_back(Value::i32(static_cast<uint32_t>(a)));
  auto r = store_.call(instance_->exportByName("w_" + name)->func(), values);
  EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().describe());
  if (!r.ok()) return -1000;
  const Value& v = (*r)[0];
  return v.type == ValType::i64() ? static_cast<int64_t>(v.asI64()) : static_cast<int32_t>(v.asI32());
}

uint8_t* HwTestGuest::memory() { return instance_->memories[0]->data; }

void HwTestGuest::put(uint32_t at, const std::vector<uint8_t>& bytes) {
  std::memcpy(memory() + at, bytes.data(), bytes.size());
}

std::vector<uint8_t> HwTestGuest::get(uint32_t at, uint32_t n) { return {memory() + at, memory() + at + n}; }

}  // namespace petrel::internal::hw::testing
