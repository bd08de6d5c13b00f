// Validating a large module's bodies on several threads must say exactly
// what validating them in order says: the same first error (function and
// offset), the same first unsupported instruction, and nothing for a valid
// module.
#include <gtest/gtest.h>

#include <string>

#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal {
namespace {

// `count` functions of ~120 bytes each (well past the size where validation
// goes parallel); functions `bad` and `bad2` (if any) add an i64 to an i32.
std::vector<uint8_t> bigModule(int count, int bad, int bad2 = -1) {
  const char* bad_body = "(i32.add (i32.const 1) (i64.const 2))";
  std::string wat = "(module";
  for (int i = 0; i < count; ++i) {
    wat += " (func (param i32) (result i32) (local i32)";
    for (int k = 0; k < 12; ++k) wat += " (local.set 1 (i32.add (local.get 0) (i32.const " + std::to_string(k * 1000 + i) + ")))";
    if (i == bad || i == bad2) wat += std::string(" (drop ") + bad_body + ")";
    wat += " (local.get 1))";
  }
  wat += ")";
  auto bin = watToBinary(wat);
  EXPECT_TRUE(bin.ok()) << bin.error().describe();
  return bin.ok() ? bin.value() : std::vector<uint8_t>{};
}

Result<std::shared_ptr<const CompiledModule>> compile(const std::vector<uint8_t>& bytes, bool parallel) {
  CompileOptions options;
  options.parallel_validation = parallel;
  return compileModule(bytes.data(), bytes.size(), options);
}

TEST(ParallelValidation, ValidModuleIsValid) {
  auto bytes = bigModule(4000, -1);
  ASSERT_GT(bytes.size(), 300'000u);
  EXPECT_TRUE(compile(bytes, true).ok());
}

TEST(ParallelValidation, SameFirstErrorAsInOrder) {
  for (int bad : {0, 1777, 3999}) {
    auto bytes = bigModule(4000, bad);
    auto sequential = compile(bytes, false);
    auto parallel = compile(bytes, true);
    ASSERT_FALSE(sequential.ok());
    ASSERT_FALSE(parallel.ok());
    EXPECT_EQ(parallel.error().kind, ErrorKind::Invalid);
    EXPECT_EQ(parallel.error().message, sequential.error().message) << "bad function " << bad;
    EXPECT_EQ(parallel.error().offset, sequential.error().offset);
  }
}

TEST(ParallelValidation, TwoBadFunctionsReportTheFirst) {
  // Functions 100 and 3000 are both invalid: in order, 100's error comes first.
  auto both = compile(bigModule(4000, 100, 3000), true);
  auto first_only = compile(bigModule(4000, 100), false);
  ASSERT_FALSE(both.ok());
  ASSERT_FALSE(first_only.ok());
  EXPECT_EQ(both.error().message, first_only.error().message);
  EXPECT_EQ(both.error().offset, first_only.error().offset);
}

}  // namespace
}  // namespace petrel::internal
