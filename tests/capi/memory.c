/* Memories: exported and host-made, data pointer shared with the guest,
 * size in bytes and pages, growth and its limits. */
#include "test_util.h"

static const char guest_wat[] =
    "(module\n"
    "  (import \"env\" \"hm\" (memory $hm 1 3))\n"
    "  (memory $m (export \"mem\") 2 4)\n"
    "  (data (memory $m) (i32.const 16) \"petrel\")\n"
    "  (func (export \"load\") (param i32) (result i32) (i32.load8_u $m (local.get 0)))\n"
    "  (func (export \"store\") (param i32 i32) (i32.store8 $m (local.get 0) (local.get 1)))\n"
    "  (func (export \"hload\") (param i32) (result i32) (i32.load $hm (local.get 0)))\n"
    "  (func (export \"grow\") (param i32) (result i32) (memory.grow $m (local.get 0)))\n"
    "  (func (export \"pages\") (result i32) (memory.size $m)))\n";

static int32_t call1(wasm_func_t* f, int32_t a) {
  wasm_val_t in[1] = {WASM_I32_VAL(a)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(f, &args, &res) == NULL);
  return out[0].of.i32;
}

static int32_t call0(wasm_func_t* f) {
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, res = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(f, &args, &res) == NULL);
  return out[0].of.i32;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* A host memory, imported by the guest. */
  wasm_limits_t lim = {1, 3};
  wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
  wasm_memory_t* hm = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK(hm && wasm_memory_size(hm) == 1 && wasm_memory_data_size(hm) == MEMORY_PAGE_SIZE);
  byte_t* hdata = wasm_memory_data(hm);
  for (size_t i = 0; i < MEMORY_PAGE_SIZE; ++i) CHECK(hdata[i] == 0);
  hdata[100] = 0x78;
  hdata[101] = 0x56;
  hdata[102] = 0x34;
  hdata[103] = 0x12;

  wasm_module_t* module = wat_module(store, guest_wat);
  wasm_extern_t* imports_arr[1] = {wasm_memory_as_extern(hm)};
  wasm_instance_t* instance = instantiate_with(store, module, imports_arr, sizeof imports_arr / sizeof imports_arr[0]);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 6);
  wasm_memory_t* mem = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t* load = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* store8 = wasm_extern_as_func(exports.data[2]);
  wasm_func_t* hload = wasm_extern_as_func(exports.data[3]);
  wasm_func_t* grow = wasm_extern_as_func(exports.data[4]);
  wasm_func_t* pages = wasm_extern_as_func(exports.data[5]);
  CHECK(mem && load && store8 && hload && grow && pages);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_MEMORY);
  CHECK(call1(hload, 100) == 0x12345678);

  /* Type and size. */
  wasm_memorytype_t* t = wasm_memory_type(mem);
  CHECK(wasm_memorytype_limits(t)->min == 2 && wasm_memorytype_limits(t)->max == 4);
  wasm_memorytype_delete(t);
  CHECK(wasm_memory_size(mem) == 2 && wasm_memory_data_size(mem) == 2 * MEMORY_PAGE_SIZE);

  /* The data segment, seen from the host; host writes, seen by the guest. */
  byte_t* data = wasm_memory_data(mem);
  CHECK(memcmp(data + 16, "petrel", 6) == 0);
  data[1000] = 99;
  CHECK(call1(load, 1000) == 99);
  {
    wasm_val_t in[2] = {WASM_I32_VAL(2000), WASM_I32_VAL(0xab)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(store8, &args, &res) == NULL);
    CHECK((unsigned char)wasm_memory_data(mem)[2000] == 0xab);
  }
  /* Out of bounds from the guest traps. */
  {
    wasm_val_t in[1] = {WASM_I32_VAL(2 * 65536)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_ARRAY_VEC(out);
    wasm_trap_t* oob = wasm_func_call(load, &args, &res);
    CHECK(oob && trap_message_contains(oob, "out of bounds"));
    wasm_trap_delete(oob);
  }

  /* Growth from the host and from the guest, up to the maximum. */
  CHECK(wasm_memory_grow(mem, 1));
  CHECK(wasm_memory_size(mem) == 3 && call0(pages) == 3);
  data = wasm_memory_data(mem); /* may move on growth */
  CHECK(memcmp(data + 16, "petrel", 6) == 0 && data[3 * 65536 - 1] == 0);
  CHECK(call1(grow, 1) == 3);
  CHECK(wasm_memory_size(mem) == 4 && wasm_memory_data_size(mem) == 4 * MEMORY_PAGE_SIZE);
  CHECK(!wasm_memory_grow(mem, 1));
  CHECK(call1(grow, 1) == -1);
  CHECK(wasm_memory_grow(mem, 0));
  CHECK(wasm_memory_size(mem) == 4);
  CHECK(wasm_memory_grow(hm, 2) && !wasm_memory_grow(hm, 1) && wasm_memory_size(hm) == 3);
  CHECK(call1(hload, 100) == 0x12345678);

  /* A memory without a maximum. */
  wasm_limits_t open = {0, wasm_limits_max_default};
  wasm_memorytype_t* ot = wasm_memorytype_new(&open);
  wasm_memory_t* om = wasm_memory_new(store, ot);
  wasm_memorytype_delete(ot);
  CHECK(om && wasm_memory_size(om) == 0 && wasm_memory_data_size(om) == 0);
  CHECK(wasm_memory_grow(om, 16) && wasm_memory_size(om) == 16);
  wasm_memory_data(om)[16 * 65536 - 1] = 1;
  /* A minimum above the maximum makes no memory. */
  wasm_limits_t badlim = {5, 2};
  wasm_memorytype_t* bt = wasm_memorytype_new(&badlim);
  CHECK(wasm_memory_new(store, bt) == NULL);
  wasm_memorytype_delete(bt);

  wasm_memory_t* copy = wasm_memory_copy(mem);
  CHECK(wasm_memory_same(copy, mem) && !wasm_memory_same(copy, hm));
  CHECK(wasm_memory_data(copy) == wasm_memory_data(mem));
  wasm_memory_delete(copy);
  wasm_memory_delete(om);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_memory_delete(hm);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
