#include "base/string_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace petrel::internal {
namespace {

TEST(StringTable, FindsWhatItHolds) {
  StringMap<int> t;
  int a = 1, b = 2;
  EXPECT_EQ(t.find("x"), nullptr);
  EXPECT_TRUE(t.insert("x", &a));
  EXPECT_TRUE(t.insert("", &b));  // the empty name is a key like any other
  EXPECT_FALSE(t.insert("x", &b));
  EXPECT_EQ(t.find("x"), &a);  // a refused insert keeps the first value
  EXPECT_EQ(t.find(""), &b);
  EXPECT_EQ(t.find("y"), nullptr);
  EXPECT_EQ(t.size(), 2u);
  t.erase("x");
  t.erase("never there");
  EXPECT_EQ(t.find("x"), nullptr);
  EXPECT_EQ(t.find(""), &b);
  EXPECT_EQ(t.size(), 1u);
}

// Keys that differ only in their last byte, and embedded NULs.
TEST(StringTable, ComparesWholeKeys) {
  StringMap<int> t;
  int v[3] = {};
  std::string k0("ab\0c", 4), k1("ab\0d", 4), k2("ab");
  EXPECT_TRUE(t.insert(k0, &v[0]));
  EXPECT_TRUE(t.insert(k1, &v[1]));
  EXPECT_TRUE(t.insert(k2, &v[2]));
  EXPECT_EQ(t.find(k0), &v[0]);
  EXPECT_EQ(t.find(k1), &v[1]);
  EXPECT_EQ(t.find(k2), &v[2]);
}

// Random inserts and erases against std::map: after every step each key
// ever used is found exactly when the reference holds it (this exercises
// growth and the backward shift across long probe runs and the wrap-around).
TEST(StringTable, AgreesWithAReferenceMap) {
  StringMap<int> t;
  std::map<std::string, int*> reference;
  std::vector<std::string> keys;
  std::vector<int> values(600);
  for (int i = 0; i < 600; ++i) keys.push_back("k" + std::to_string(i * 7919 % 1000));
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 8) % 600; };
  for (int step = 0; step < 20000; ++step) {
    uint32_t i = next();
    const std::string& key = keys[i];
    if (next() % 3 == 0) {
      t.erase(key);
      reference.erase(key);
    } else {
      bool fresh = reference.emplace(key, &values[i]).second;
      EXPECT_EQ(t.insert(key, &values[i]), fresh);
    }
    if (step % 997 == 0) {
      for (const std::string& k : keys) {
        auto it = reference.find(k);
        ASSERT_EQ(t.find(k), it == reference.end() ? nullptr : it->second) << k << " at step " << step;
      }
    }
  }
  EXPECT_EQ(t.size(), reference.size());
  for (const auto& [k, v] : reference) EXPECT_EQ(t.find(k), v);
}

}  // namespace
}  // namespace petrel::internal
