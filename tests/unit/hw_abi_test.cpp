// One source of truth for the petrel_hw ABI: hw_errors.def and
// hw_functions.def. The guest header (sdk/petrel_hw.h) and the function
// table of docs/HARDWARE.md repeat them by hand; this checks they agree.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "hw/hw_host.h"

namespace petrel::internal::hw {
namespace {

std::string readSource(const std::string& path) {
  std::ifstream in(std::string(PETREL_SOURCE_DIR) + "/" + path);
  EXPECT_TRUE(in) << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct ErrorRow {
  const char* name;
  int value;
  const char* description;
};
const ErrorRow kErrors[] = {
#define HW_ERROR(name, value, description) {#name, value, description},
#include "hw/hw_errors.def"
#undef HW_ERROR
};

struct FunctionRow {
  const char* name;
  const char* result;
  const char* summary;
  const char* params;
};
const FunctionRow kRows[] = {
#define HW_FUNCTION(name, result, summary, ...) {#name, #result, summary, #__VA_ARGS__},
#include "hw/hw_functions.def"
#undef HW_FUNCTION
};

int countParams(const std::string& list) {
  if (list.find_first_not_of(" \t\n") == std::string::npos || list == "void") return 0;
  int n = 1;
  for (char c : list) n += c == ',';
  return n;
}

TEST(HwAbi, SdkHeaderHasEveryErrorCode) {
  std::string sdk = readSource("sdk/petrel_hw.h");
  for (const ErrorRow& e : kErrors) {
    std::string value = e.value < 0 ? "\\(" + std::to_string(e.value) + "\\)" : std::to_string(e.value);
    std::regex def("#define PETREL_HW_" + std::string(e.name) + " " + value + "(\\s|$)");
    EXPECT_TRUE(std::regex_search(sdk, def)) << e.name << " = " << e.value;
    std::string text = std::string("case PETREL_HW_") + e.name + ": return \"" + e.description + "\";";
    EXPECT_NE(sdk.find(text), std::string::npos) << text;
    EXPECT_STREQ(hwErrorName(e.value), e.name);
  }
  EXPECT_EQ(hwErrorName(-11), nullptr);
}

TEST(HwAbi, SdkHeaderDeclaresEveryFunction) {
  std::string sdk = readSource("sdk/petrel_hw.h");
  ASSERT_EQ(sizeof kRows / sizeof kRows[0], hwFunctionCount());
  for (uint32_t i = 0; i < hwFunctionCount(); ++i) {
    const HwFunctionInfo& f = hwFunctions()[i];
    std::string name = f.name;
    std::regex decl("PETREL_HW_IMPORT\\(" + name + "\\)\\s*(int32_t|int64_t) petrel_hw_" + name + "\\(([^)]*)\\);");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(sdk, m, decl)) << name;
    EXPECT_EQ(m[1].str(), f.i64_result ? "int64_t" : "int32_t") << name;
    EXPECT_EQ(countParams(m[2].str()), f.params) << name;
    EXPECT_EQ(countParams(kRows[i].params), f.params) << name;
  }
}

TEST(HwAbi, FlagsAndLimitsMatch) {
  std::string sdk = readSource("sdk/petrel_hw.h");
  EXPECT_NE(sdk.find("#define PETREL_HW_MAX_TRANSFER " + std::to_string(kMaxTransfer)), std::string::npos);
  EXPECT_NE(sdk.find("#define PETREL_HW_GPIO_OUTPUT (1 << 0)"), std::string::npos);
  EXPECT_NE(sdk.find("#define PETREL_HW_GPIO_ACTIVE_LOW (1 << 1)"), std::string::npos);
  EXPECT_NE(sdk.find("#define PETREL_HW_GPIO_INITIAL_ACTIVE (1 << 2)"), std::string::npos);
  EXPECT_NE(sdk.find("#define PETREL_HW_GPIO_BIAS_PULL_UP (1 << 3)"), std::string::npos);
  EXPECT_NE(sdk.find("#define PETREL_HW_GPIO_EDGE_RISING (1 << 5)"), std::string::npos);
  EXPECT_NE(sdk.find("#define PETREL_HW_GPIO_EDGE_FALLING (1 << 6)"), std::string::npos);
  EXPECT_EQ(gpio_flags::kOutput, 1u << 0);
  EXPECT_EQ(gpio_flags::kEdgeFalling, 1u << 6);
}

// | `i2c_read` | `h, addr, buf, len` | i32 | summary |
std::string tableRow(const FunctionRow& r) {
  std::string params = *r.params ? std::string("`") + r.params + "`" : "(none)";
  std::string result = std::string(r.result) == "I64" ? "i64" : "i32";
  return std::string("| `") + r.name + "` | " + params + " | " + result + " | " + r.summary + " |";
}

TEST(HwAbi, DocumentationTableIsCurrent) {
  std::string doc = readSource("docs/HARDWARE.md");
  for (const FunctionRow& r : kRows) EXPECT_NE(doc.find(tableRow(r)), std::string::npos) << "missing row:\n" << tableRow(r);
  for (const ErrorRow& e : kErrors) {
    std::string row = "| " + std::to_string(e.value) + " | `PETREL_HW_" + e.name + "` |";
    EXPECT_NE(doc.find(row), std::string::npos) << "missing row:\n" << row;
  }
}

}  // namespace
}  // namespace petrel::internal::hw
