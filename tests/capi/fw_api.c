/* The firmware API (include/petrel_fw.h) on the host, under the sanitizers:
 * loading in place, linking host functions, the WASI console subset,
 * petrel_hw over a port, limits, and every error a firmware can meet. This
 * program is the port (petrel_port.h): the console goes to a buffer it
 * checks, the clock is a counter, the hardware one fake I2C device. */
#include <petrel_fw.h>
#include <petrel_port.h>

#include "test_util.h"

/* ---- The port ---- */
static char console[4096];
static size_t console_len;
static uint64_t fake_us;

void petrel_port_console_write(int fd, const uint8_t *bytes, size_t size) {
  CHECK(fd == 1 || fd == 2);
  CHECK(console_len + size < sizeof console);
  memcpy(console + console_len, bytes, size);
  console_len += size;
  console[console_len] = 0;
}
uint64_t petrel_port_clock_us(void) { return fake_us += 10; }
void petrel_port_delay_us(uint32_t us) { fake_us += us; }

/* One I2C device at 0x10 on bus 0 that answers reads with 0xA5 bytes. */
static int32_t i2c_read(uint32_t bus, uint16_t addr, uint8_t *buf, uint32_t len) {
  if (bus != 0 || addr != 0x10) return -4; /* NACK */
  memset(buf, 0xA5, len);
  return (int32_t)len;
}
static const petrel_port_hw hardware = {.i2c_read = i2c_read};
const petrel_port_hw *petrel_port_hardware(void) { return &hardware; }

/* ---- Helpers ---- */
static wasm_byte_vec_t binary_of(const char *wat) {
  wasm_byte_vec_t out;
  petrel_error_t *err = petrel_wat2wasm(wat, strlen(wat), &out);
  CHECK(err == NULL);
  return out;
}

static int add_calls;
static int host_add(void *env, petrel_fw_caller *caller, const petrel_fw_value *args, petrel_fw_value *results,
                    const char **trap) {
  (void)caller;
  CHECK(env == &add_calls);
  add_calls++;
  if (args[0].of.i32 == 13) {
    *trap = "thirteen refused";
    return 1;
  }
  results[0].kind = PETREL_FW_I32;
  results[0].of.i32 = args[0].of.i32 + args[1].of.i32;
  return 0;
}
static int host_wrong_type(void *env, petrel_fw_caller *caller, const petrel_fw_value *args,
                           petrel_fw_value *results, const char **trap) {
  (void)env, (void)caller, (void)args, (void)trap;
  results[0].kind = PETREL_FW_F64; /* declared i32 */
  results[0].of.f64 = 1.5;
  return 0;
}
static int host_peek(void *env, petrel_fw_caller *caller, const petrel_fw_value *args, petrel_fw_value *results,
                     const char **trap) {
  (void)env, (void)trap;
  size_t size;
  uint8_t *mem = petrel_fw_caller_memory(caller, &size);
  CHECK(mem != NULL && size == 65536);
  uint32_t at = (uint32_t)args[0].of.i32;
  results[0].kind = PETREL_FW_I32;
  results[0].of.i32 = at < size ? mem[at] : -1;
  return 0;
}

static const char *const kGuest =
    "(module"
    "  (import \"env\" \"add\" (func $add (param i32 i32) (result i32)))"
    "  (import \"env\" \"peek\" (func $peek (param i32) (result i32)))"
    "  (import \"env\" \"wrong\" (func $wrong (result i32)))"
    "  (memory (export \"memory\") 1 2)"
    "  (data (i32.const 100) \"\\2a\")"
    "  (func (export \"sum\") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))"
    "  (func (export \"peek\") (param i32) (result i32) (call $peek (local.get 0)))"
    "  (func (export \"wrong\") (result i32) (call $wrong))"
    "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))"
    "  (func $deep (export \"deep\") (param i32) (result i32)"
    "    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))"
    "  (func (export \"f64\") (param f64 i64) (result f64) (f64.add (local.get 0) (f64.convert_i64_s (local.get 1)))))";

static petrel_fw_linker *guest_linker(void) {
  petrel_fw_linker *l = petrel_fw_linker_new();
  CHECK(petrel_fw_linker_define(l, "env", "add", "ii:i", host_add, &add_calls) == 0);
  CHECK(petrel_fw_linker_define(l, "env", "peek", "i:i", host_peek, NULL) == 0);
  CHECK(petrel_fw_linker_define(l, "env", "wrong", ":i", host_wrong_type, NULL) == 0);
  return l;
}

static void test_errors_of_loading(void) {
  petrel_fw_error err;
  static const uint8_t junk[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 0x01, 0x05, 0x01, 0x60, 0x7f};
  CHECK(petrel_fw_module_load(junk, sizeof junk, &err) == NULL);
  CHECK(err.kind == PETREL_FW_MALFORMED);
  CHECK(strstr(err.message, "byte offset 9") != NULL);
  static const uint8_t not_wasm[] = {'h', 'e', 'l', 'l', 'o'};
  CHECK(petrel_fw_module_load(not_wasm, sizeof not_wasm, &err) == NULL);
  CHECK(err.kind == PETREL_FW_MALFORMED);
  wasm_byte_vec_t bad = binary_of("(module (func (result i32) (i64.const 1)))");
  CHECK(petrel_fw_module_load((const uint8_t *)bad.data, bad.size, &err) == NULL);
  CHECK(err.kind == PETREL_FW_INVALID);
  CHECK(strstr(err.message, "type mismatch") != NULL);
  wasm_byte_vec_delete(&bad);
  /* Every truncation of a valid module is refused or (cut at a section
   * boundary) a smaller valid module: never read past its end. */
  wasm_byte_vec_t good = binary_of(kGuest);
  for (size_t n = 0; n < good.size; ++n) { /* every proper prefix */
    uint8_t *copy = malloc(n ? n : 1); /* exactly n bytes: ASan sees any overread */
    memcpy(copy, good.data, n);
    petrel_fw_module *m = petrel_fw_module_load(copy, n, &err);
    CHECK(m != NULL || err.kind == PETREL_FW_MALFORMED);
    petrel_fw_module_free(m);
    free(copy);
  }
  wasm_byte_vec_delete(&good);
  /* Signatures the linker cannot take. */
  petrel_fw_linker *l = petrel_fw_linker_new();
  CHECK(petrel_fw_linker_define(l, "env", "x", "iq:i", host_add, NULL) == -1);
  CHECK(petrel_fw_linker_define(l, "env", "x", "ii", host_add, NULL) == -1);
  CHECK(petrel_fw_linker_define(l, "env", "x", "i:i:i", host_add, NULL) == -1);
  CHECK(petrel_fw_linker_define(l, "env", "x", "i:i", NULL, NULL) == -1);
  petrel_fw_linker_free(l);
}

static void test_calls(void) {
  petrel_fw_error err;
  wasm_byte_vec_t bin = binary_of(kGuest);
  petrel_fw_module *m = petrel_fw_module_load((const uint8_t *)bin.data, bin.size, &err);
  CHECK(m != NULL);

  /* An import the linker lacks, then one of another type. */
  petrel_fw_linker *partial = petrel_fw_linker_new();
  CHECK(petrel_fw_linker_define(partial, "env", "add", "ii:i", host_add, &add_calls) == 0);
  CHECK(petrel_fw_instantiate(m, partial, NULL, &err) == NULL);
  CHECK(err.kind == PETREL_FW_UNLINKABLE && strstr(err.message, "env.peek") != NULL);
  petrel_fw_linker_free(partial);
  petrel_fw_linker *mistyped = petrel_fw_linker_new();
  CHECK(petrel_fw_linker_define(mistyped, "env", "add", "i:i", host_add, &add_calls) == 0);
  CHECK(petrel_fw_instantiate(m, mistyped, NULL, &err) == NULL);
  CHECK(err.kind == PETREL_FW_UNLINKABLE);
  petrel_fw_linker_free(mistyped);

  petrel_fw_linker *l = guest_linker();
  petrel_fw_limits limits = {128 * 1024, 8 * 1024, 64};
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, &limits, &err);
  petrel_fw_linker_free(l); /* the instance does not need it any more */
  CHECK(inst != NULL);

  petrel_fw_value args[2] = {{PETREL_FW_I32, {.i32 = 40}}, {PETREL_FW_I32, {.i32 = 2}}}, res[2];
  CHECK(petrel_fw_call(inst, "sum", args, 2, res, 1, &err) == 0);
  CHECK(res[0].kind == PETREL_FW_I32 && res[0].of.i32 == 42 && add_calls == 1);
  /* The data segment, read through the caller's memory by a host function. */
  petrel_fw_value at = {PETREL_FW_I32, {.i32 = 100}};
  CHECK(petrel_fw_call(inst, "peek", &at, 1, res, 1, &err) == 0 && res[0].of.i32 == 42);
  /* A host function that traps, one that returns the wrong type. */
  args[0].of.i32 = 13;
  CHECK(petrel_fw_call(inst, "sum", args, 2, res, 1, &err) == -1);
  CHECK(err.kind == PETREL_FW_TRAP && strstr(err.message, "thirteen refused") != NULL);
  CHECK(petrel_fw_call(inst, "wrong", NULL, 0, res, 1, &err) == -1);
  CHECK(err.kind == PETREL_FW_TRAP && strstr(err.message, "wrong type") != NULL);
  /* Calls the firmware gets wrong. */
  CHECK(petrel_fw_call(inst, "missing", NULL, 0, res, 0, &err) == -1 && err.kind == PETREL_FW_NOT_FOUND);
  CHECK(petrel_fw_call(inst, "memory", NULL, 0, res, 0, &err) == -1 && err.kind == PETREL_FW_NOT_FOUND);
  CHECK(petrel_fw_call(inst, "sum", args, 1, res, 1, &err) == -1 && err.kind == PETREL_FW_BAD_ARGUMENT);
  CHECK(petrel_fw_call(inst, "sum", args, 2, res, 0, &err) == -1 && err.kind == PETREL_FW_BAD_ARGUMENT);
  petrel_fw_value wrong_kind[2] = {{PETREL_FW_F32, {.f32 = 1}}, {PETREL_FW_I32, {.i32 = 2}}};
  CHECK(petrel_fw_call(inst, "sum", wrong_kind, 2, res, 1, &err) == -1 && err.kind == PETREL_FW_BAD_ARGUMENT);
  /* Null pointers are errors too. */
  CHECK(petrel_fw_call(inst, NULL, NULL, 0, res, 0, &err) == -1 && err.kind == PETREL_FW_BAD_ARGUMENT);
  CHECK(petrel_fw_call(inst, "sum", NULL, 2, res, 1, &err) == -1 && err.kind == PETREL_FW_BAD_ARGUMENT);
  CHECK(petrel_fw_call(NULL, "sum", args, 2, res, 1, &err) == -1 && err.kind == PETREL_FW_BAD_ARGUMENT);
  CHECK(petrel_fw_instantiate(NULL, NULL, NULL, &err) == NULL && err.kind == PETREL_FW_BAD_ARGUMENT);
  CHECK(petrel_fw_module_load(NULL, 10, &err) == NULL && err.kind == PETREL_FW_BAD_ARGUMENT);
  /* Floats and 64-bit integers both ways. */
  petrel_fw_value fargs[2] = {{PETREL_FW_F64, {.f64 = 0.5}}, {PETREL_FW_I64, {.i64 = -3}}};
  CHECK(petrel_fw_call(inst, "f64", fargs, 2, res, 1, &err) == 0);
  CHECK(res[0].kind == PETREL_FW_F64 && res[0].of.f64 == -2.5);
  /* Limits: memory stops at 128 KiB (2 pages), the call depth at 64. */
  petrel_fw_value one = {PETREL_FW_I32, {.i32 = 1}};
  CHECK(petrel_fw_call(inst, "grow", &one, 1, res, 1, &err) == 0 && res[0].of.i32 == 1);
  CHECK(petrel_fw_call(inst, "grow", &one, 1, res, 1, &err) == 0 && res[0].of.i32 == -1);
  petrel_fw_value zero = {PETREL_FW_I32, {.i32 = 0}};
  CHECK(petrel_fw_call(inst, "deep", &zero, 1, res, 1, &err) == -1);
  CHECK(err.kind == PETREL_FW_EXHAUSTED && strstr(err.message, "call stack exhausted") != NULL);
  /* The instance is still usable after each of those. */
  args[0].of.i32 = 1;
  CHECK(petrel_fw_call(inst, "sum", args, 2, res, 1, &err) == 0 && res[0].of.i32 == 3);
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
  wasm_byte_vec_delete(&bin);
}

static void test_console(void) {
  /* fd_write with a good and then a bad iovec, an unknown WASI function,
   * and proc_exit(7). */
  static const char *const wat =
      "(module"
      "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
      "  (import \"wasi_snapshot_preview1\" \"path_open\""
      "    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))"
      "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))"
      "  (memory (export \"memory\") 1)"
      "  (data (i32.const 16) \"\\20\\00\\00\\00\\06\\00\\00\\00\")"  /* iovec: 6 bytes at 32 */
      "  (data (i32.const 24) \"\\00\\00\\ff\\ff\\10\\00\\00\\00\")"  /* iovec past the memory */
      "  (data (i32.const 32) \"hello\\n\")"
      "  (global $e (mut i32) (i32.const 0))"
      "  (func (export \"_start\")"
      "    (drop (call $w (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 8)))"
      "    (if (i32.ne (call $w (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 8)) (i32.const 21))"
      "      (then unreachable))"  /* EFAULT */
      "    (if (i32.ne (call $w (i32.const 1) (i32.const 65535) (i32.const 1) (i32.const 8)) (i32.const 21))"
      "      (then unreachable))"
      "    (if (i32.ne (call $w (i32.const 9) (i32.const 16) (i32.const 1) (i32.const 8)) (i32.const 8))"
      "      (then unreachable))"  /* EBADF */
      "    (if (i32.ne (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)"
      "                  (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 52))"
      "      (then unreachable))"  /* ENOSYS */
      "    (call $exit (i32.const 7))))";
  wasm_byte_vec_t bin = binary_of(wat);
  petrel_fw_error err;
  petrel_fw_module *m = petrel_fw_module_load((const uint8_t *)bin.data, bin.size, &err);
  CHECK(m != NULL);
  petrel_fw_linker *l = petrel_fw_linker_new();
  CHECK(petrel_fw_instantiate(m, l, NULL, &err) == NULL && err.kind == PETREL_FW_UNLINKABLE);
  petrel_fw_linker_add_console(l);
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, NULL, &err);
  petrel_fw_linker_free(l);
  CHECK(inst != NULL);
  console_len = 0;
  int32_t code = -1;
  CHECK(petrel_fw_run_start(inst, &code, &err) == 0);
  CHECK(code == 7);
  CHECK(strcmp(console, "hello\n") == 0);
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
  wasm_byte_vec_delete(&bin);
  /* A WASI import of a type no errno fits is refused at link time. */
  wasm_byte_vec_t odd = binary_of(
      "(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func (param i32))))");
  m = petrel_fw_module_load((const uint8_t *)odd.data, odd.size, &err);
  CHECK(m != NULL);
  l = petrel_fw_linker_new();
  petrel_fw_linker_add_console(l);
  CHECK(petrel_fw_instantiate(m, l, NULL, &err) == NULL);
  CHECK(err.kind == PETREL_FW_UNLINKABLE && strstr(err.message, "fd_write") != NULL);
  petrel_fw_linker_free(l);
  petrel_fw_module_free(m);
  wasm_byte_vec_delete(&odd);
}

static void test_hardware(void) {
  /* i2c_open(0), then reads: granted bus, the device, a NACK, a buffer past
   * the end of memory, and an ungranted bus. */
  static const char *const wat =
      "(module"
      "  (import \"petrel_hw\" \"i2c_open\" (func $open (param i32) (result i32)))"
      "  (import \"petrel_hw\" \"i2c_read\" (func $read (param i32 i32 i32 i32) (result i32)))"
      "  (memory (export \"memory\") 1)"
      "  (func (export \"open\") (param i32) (result i32) (call $open (local.get 0)))"
      "  (func (export \"read\") (param i32 i32 i32 i32) (result i32)"
      "    (call $read (local.get 0) (local.get 1) (local.get 2) (local.get 3)))"
      "  (func (export \"byte\") (param i32) (result i32) (i32.load8_u (local.get 0))))";
  wasm_byte_vec_t bin = binary_of(wat);
  petrel_fw_error err;
  petrel_fw_module *m = petrel_fw_module_load((const uint8_t *)bin.data, bin.size, &err);
  CHECK(m != NULL);
  petrel_fw_linker *l = petrel_fw_linker_new();
  petrel_fw_hw_grants grants = {1u << 0, 0, 0, 0}; /* I2C bus 0 only */
  petrel_fw_linker_add_hw(l, &grants);
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, NULL, &err);
  petrel_fw_linker_free(l);
  CHECK(inst != NULL);
  petrel_fw_value v, res;
  v.kind = PETREL_FW_I32;
  v.of.i32 = 1;
  CHECK(petrel_fw_call(inst, "open", &v, 1, &res, 1, &err) == 0 && res.of.i32 == -1); /* NOT_GRANTED */
  v.of.i32 = 0;
  CHECK(petrel_fw_call(inst, "open", &v, 1, &res, 1, &err) == 0 && res.of.i32 >= 0);
  int32_t h = res.of.i32;
  petrel_fw_value args[4] = {{PETREL_FW_I32, {.i32 = h}}, {PETREL_FW_I32, {.i32 = 0x10}},
                             {PETREL_FW_I32, {.i32 = 200}}, {PETREL_FW_I32, {.i32 = 4}}};
  CHECK(petrel_fw_call(inst, "read", args, 4, &res, 1, &err) == 0 && res.of.i32 == 4);
  v.of.i32 = 203;
  CHECK(petrel_fw_call(inst, "byte", &v, 1, &res, 1, &err) == 0 && res.of.i32 == 0xA5);
  args[1].of.i32 = 0x11;
  CHECK(petrel_fw_call(inst, "read", args, 4, &res, 1, &err) == 0 && res.of.i32 == -4); /* NACK */
  args[1].of.i32 = 0x10;
  args[2].of.i32 = 65534; /* 4 bytes from here pass the end */
  CHECK(petrel_fw_call(inst, "read", args, 4, &res, 1, &err) == 0 && res.of.i32 == -3); /* INVALID */
  args[2].of.i32 = 0;
  args[3].of.i32 = -1; /* an absurd length */
  CHECK(petrel_fw_call(inst, "read", args, 4, &res, 1, &err) == 0 && res.of.i32 == -3);
  args[0].of.i32 = h + 12345; /* not a handle */
  args[3].of.i32 = 1;
  CHECK(petrel_fw_call(inst, "read", args, 4, &res, 1, &err) == 0 && res.of.i32 == -2);
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
  wasm_byte_vec_delete(&bin);
}

static void test_memory_accounting(void) {
  petrel_fw_memory_stats before, during, after;
  petrel_fw_memory_usage(&before);
  wasm_byte_vec_t bin = binary_of(kGuest);
  petrel_fw_error err;
  petrel_fw_module *m = petrel_fw_module_load((const uint8_t *)bin.data, bin.size, &err);
  petrel_fw_linker *l = guest_linker();
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, NULL, &err);
  petrel_fw_linker_free(l);
  CHECK(inst != NULL);
  petrel_fw_memory_usage(&during);
  /* The guest's one page of linear memory is counted as such. */
  CHECK(during.linear_memory_now - before.linear_memory_now == 65536);
  CHECK(during.heap_now >= during.linear_memory_now);
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
  petrel_fw_memory_usage(&after);
  CHECK(after.linear_memory_now == before.linear_memory_now);
  CHECK(petrel_fw_stack_bytes(NULL) >= 16 * 1024);
  petrel_fw_limits small = {0, 4096, 10};
  CHECK(petrel_fw_stack_bytes(&small) < petrel_fw_stack_bytes(NULL));
  wasm_byte_vec_delete(&bin);
}

int main(void) {
  test_errors_of_loading();
  test_calls();
  test_console();
  test_hardware();
  test_memory_accounting();
  return 0;
}
