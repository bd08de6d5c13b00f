#include "validate/type_registry.h"

#include <gtest/gtest.h>

#include <memory>

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
  CanonicalTypes cb = TypeRegistry::global().canonicalizeModule(b);
  auto idb = cb.ids;
  CanonicalTypes ca = TypeRegistry::global().canonicalizeModule(a);
  EXPECT_EQ(ca.ids[0], idb[1]);
  EXPECT_NE(idb[0], idb[1]);
}

TEST(TypeRegistry, RecGroupPositionMatters) {
  // (rec (type (func)) (type (func))): the two members are distinct types.
  Module m = moduleWith({funcType({}, {}), funcType({}, {})}, {{0, 2}});
  CanonicalTypes c = TypeRegistry::global().canonicalizeModule(m);
  EXPECT_NE(c.ids[0], c.ids[1]);
  // A lone (func) is different from a member of a two-type group.
  Module lone = moduleWith({funcType({}, {})}, {{0, 1}});
  CanonicalTypes cl = TypeRegistry::global().canonicalizeModule(lone);
  EXPECT_NE(cl.ids[0], c.ids[0]);
}

TEST(TypeRegistry, SelfReferentialGroupsAreEquivalentAcrossModules) {
  ValType self = ValType::ref(HeapType::index(0), true);
  Module a = moduleWith({funcType({self}, {})}, {{0, 1}});
  ValType self_b = ValType::ref(HeapType::index(1), true);
  Module b = moduleWith({funcType({ValType::i32()}, {}), funcType({self_b}, {})}, {{0, 1}, {1, 1}});
  CanonicalTypes ca = TypeRegistry::global().canonicalizeModule(a);
  CanonicalTypes cb = TypeRegistry::global().canonicalizeModule(b);
  EXPECT_EQ(ca.ids[0], cb.ids[1]);
}

TEST(TypeRegistry, DeclaredSupertypesDefineSubtyping) {
  Module m = moduleWith({funcType({}, {}, /*final=*/false), funcType({}, {}, true, {0})}, {{0, 1}, {1, 1}});
  CanonicalTypes c = TypeRegistry::global().canonicalizeModule(m);
  const std::vector<uint32_t>& ids = c.ids;
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

// --- lifetime: groups live as long as someone holds them -------------------

TEST(TypeRegistryLifetime, ReleasingTheLastReferenceFreesTheGroup) {
  TypeRegistry& reg = TypeRegistry::global();
  size_t start = reg.liveGroupCount();
  Module m = moduleWith({funcType({ValType::i32(), ValType::f64(), ValType::i32()}, {ValType::f32()})}, {{0, 1}});
  {
    CanonicalTypes c = reg.canonicalizeModule(m);
    EXPECT_EQ(reg.liveGroupCount(), start + 1);
    EXPECT_EQ(reg.info(c.ids[0]).func.params.size(), 3u);
  }
  EXPECT_EQ(reg.liveGroupCount(), start);
}

TEST(TypeRegistryLifetime, SameStructureSharesAGroupWhileAlive) {
  TypeRegistry& reg = TypeRegistry::global();
  size_t start = reg.liveGroupCount();
  Module m = moduleWith({funcType({ValType::i64(), ValType::i64(), ValType::f32()}, {})}, {{0, 1}});
  CanonicalTypes first = reg.canonicalizeModule(m);
  CanonicalTypes second = reg.canonicalizeModule(m);
  EXPECT_EQ(first.ids[0], second.ids[0]);
  EXPECT_EQ(reg.liveGroupCount(), start + 1);
  // Dropping one holder keeps the group (and its id) for the other.
  uint32_t id = first.ids[0];
  first.refs.reset();
  EXPECT_EQ(reg.liveGroupCount(), start + 1);
  CanonicalTypes third = reg.canonicalizeModule(m);
  EXPECT_EQ(third.ids[0], id);
  second.refs.reset();
  third.refs.reset();
  EXPECT_EQ(reg.liveGroupCount(), start);
}

TEST(TypeRegistryLifetime, FreedIdsAreReusedForOtherTypes) {
  TypeRegistry& reg = TypeRegistry::global();
  Module a = moduleWith({funcType({ValType::f64(), ValType::f64(), ValType::f64(), ValType::i32()}, {})}, {{0, 1}});
  Module b = moduleWith({funcType({}, {ValType::i64(), ValType::i64(), ValType::f64(), ValType::i32()})}, {{0, 1}});
  uint32_t limit_before = 0, id_a = 0;
  {
    CanonicalTypes ca = reg.canonicalizeModule(a);
    id_a = ca.ids[0];
    limit_before = reg.idLimit();
  }
  // The freed id may go to a different structure; its info is then that type's.
  CanonicalTypes cb = reg.canonicalizeModule(b);
  EXPECT_EQ(reg.idLimit(), limit_before);  // nothing new was needed
  EXPECT_EQ(cb.ids[0], id_a);
  EXPECT_EQ(reg.info(cb.ids[0]).func.results.size(), 4u);
  // Interning `a` again while `b` holds the old id gives a different one.
  CanonicalTypes ca = reg.canonicalizeModule(a);
  EXPECT_NE(ca.ids[0], cb.ids[0]);
}

TEST(TypeRegistryLifetime, HostFunctionTypesAreCountedToo) {
  TypeRegistry& reg = TypeRegistry::global();
  size_t start = reg.liveGroupCount();
  FuncType t;
  t.params = {ValType::i32(), ValType::i64(), ValType::i32(), ValType::i64(), ValType::v128()};
  TypeGroupRef r1 = reg.internFuncType(t);
  TypeGroupRef r2 = r1;  // a copy is a reference of its own
  EXPECT_EQ(reg.liveGroupCount(), start + 1);
  r1.reset();
  EXPECT_EQ(reg.liveGroupCount(), start + 1);
  // A module declaring the same (final, no supertypes) func type gets the same id.
  Module m = moduleWith({funcType(t.params, {})}, {{0, 1}});
  CanonicalTypes c = reg.canonicalizeModule(m);
  EXPECT_EQ(c.ids[0], r2.id());
  r2.reset();
  c.refs.reset();
  EXPECT_EQ(reg.liveGroupCount(), start);
}

TEST(TypeRegistryLifetime, AGroupKeepsTheGroupsItMentionsAlive) {
  TypeRegistry& reg = TypeRegistry::global();
  size_t start = reg.liveGroupCount();
  // $base: (func (param f32 f32 f32 i64)) open; $sub <: $base; $user takes (ref $base).
  Module m = moduleWith({funcType({ValType::f32(), ValType::f32(), ValType::f32(), ValType::i64()}, {}, false),
                         funcType({ValType::f32(), ValType::f32(), ValType::f32(), ValType::i64()}, {}, true, {0})},
                        {{0, 1}, {1, 1}});
  CanonicalTypes c = reg.canonicalizeModule(m);
  FuncType user;
  user.params = {ValType::ref(HeapType::canonical(c.ids[1]), false)};
  TypeGroupRef host = reg.internFuncType(user);
  EXPECT_EQ(reg.liveGroupCount(), start + 3);
  c.refs.reset();  // the module goes; the host type still names $sub, which names $base
  EXPECT_EQ(reg.liveGroupCount(), start + 3);
  uint32_t sub = reg.info(host.id()).func.params[0].heap.canonicalId();
  EXPECT_EQ(reg.info(sub).super_id, c.ids[0]);
  EXPECT_TRUE(reg.isSubtype(sub, c.ids[0]));
  host.reset();
  EXPECT_EQ(reg.liveGroupCount(), start);
}

TEST(TypeRegistryLifetime, CopiesOfAModuleShareItsReferences) {
  TypeRegistry& reg = TypeRegistry::global();
  size_t start = reg.liveGroupCount();
  auto copy = std::make_unique<Module>();
  {
    Module m = moduleWith({funcType({ValType::i32()}, {ValType::i32(), ValType::f64(), ValType::f64()})}, {{0, 1}});
    CanonicalTypes c = reg.canonicalizeModule(m);
    m.canonical_type_ids = c.ids;
    m.canonical_type_refs = c.refs;
    *copy = m;
  }
  EXPECT_EQ(reg.liveGroupCount(), start + 1);
  copy.reset();
  EXPECT_EQ(reg.liveGroupCount(), start);
}

}  // namespace
}  // namespace petrel::internal
