#include "validate/type_registry.h"

#include <gtest/gtest.h>

namespace petrel::internal {
namespace {

SubType funcType(std::vector<ValType> params, std::vector<ValType> results, bool final = true,
                 std::vector<uint32_t> supers = {}) {
  SubType st;
  st.final = final;
  st.supers = std::move(supers);
  st.func.params = std::move(params);
  st.func.results = std::move(results);
  return st;
}

Module moduleWith(std::vector<SubType> types, std::vector<RecGroup> groups) {
  Module m;
  m.types = std::move(types);
  m.rec_groups = std::move(groups);
  return m;
}

TEST(TypeRegistry, IdenticalTypesInDifferentModulesShareAnId) {
  Module a = moduleWith({funcType({ValType::i32()}, {ValType::i64()})}, {{0, 1}});
  Module b = moduleWith({funcType({}, {}), funcType({ValType::i32()}, {ValType::i64()})}, {{0, 1}, {1, 1}});
  auto ida = TypeRegistry::global().canonicalizeModule(a);
  auto idb = TypeRegistry::global().canonicalizeModule(b);
  EXPECT_EQ(ida[0], idb[1]);
  EXPECT_NE(idb[0], idb[1]);
}

TEST(TypeRegistry, RecGroupPositionMatters) {
  // (rec (type (func)) (type (func))): the two members are distinct types.
  Module m = moduleWith({funcType({}, {}), funcType({}, {})}, {{0, 2}});
  auto ids = TypeRegistry::global().canonicalizeModule(m);
  EXPECT_NE(ids[0], ids[1]);
  // A lone (func) is different from a member of a two-type group.
  Module lone = moduleWith({funcType({}, {})}, {{0, 1}});
  EXPECT_NE(TypeRegistry::global().canonicalizeModule(lone)[0], ids[0]);
}

TEST(TypeRegistry, SelfReferentialGroupsAreEquivalentAcrossModules) {
  ValType self = ValType::ref(HeapType::index(0), true);
  Module a = moduleWith({funcType({self}, {})}, {{0, 1}});
  ValType self_b = ValType::ref(HeapType::index(1), true);
  Module b = moduleWith({funcType({ValType::i32()}, {}), funcType({self_b}, {})}, {{0, 1}, {1, 1}});
  EXPECT_EQ(TypeRegistry::global().canonicalizeModule(a)[0], TypeRegistry::global().canonicalizeModule(b)[1]);
}

TEST(TypeRegistry, DeclaredSupertypesDefineSubtyping) {
  Module m = moduleWith({funcType({}, {}, /*final=*/false), funcType({}, {}, true, {0})}, {{0, 1}, {1, 1}});
  auto ids = TypeRegistry::global().canonicalizeModule(m);
  EXPECT_TRUE(TypeRegistry::global().isSubtype(ids[1], ids[0]));
  EXPECT_FALSE(TypeRegistry::global().isSubtype(ids[0], ids[1]));
  ValType sub = ValType::ref(HeapType::canonical(ids[1]), false);
  ValType super = ValType::ref(HeapType::canonical(ids[0]), true);
  EXPECT_TRUE(isSubtypeCanonical(sub, super));
  EXPECT_FALSE(isSubtypeCanonical(super, sub));
  EXPECT_TRUE(isSubtypeCanonical(sub, ValType::funcref()));
  EXPECT_FALSE(isSubtypeCanonical(sub, ValType::externref()));
}

TEST(TypeRegistry, AbstractHeapHierarchy) {
  auto ref = [](AbsHeap h, bool nullable) { return ValType::ref(HeapType::abstract(h), nullable); };
  EXPECT_TRUE(isSubtypeCanonical(ref(AbsHeap::NoFunc, true), ValType::funcref()));
  EXPECT_TRUE(isSubtypeCanonical(ref(AbsHeap::I31, false), ref(AbsHeap::Any, true)));
  EXPECT_FALSE(isSubtypeCanonical(ref(AbsHeap::Func, true), ref(AbsHeap::Func, false)));
  EXPECT_FALSE(isSubtypeCanonical(ValType::externref(), ValType::funcref()));
  EXPECT_TRUE(isSubtypeCanonical(ValType::bot(), ValType::i32()));
}

}  // namespace
}  // namespace petrel::internal
