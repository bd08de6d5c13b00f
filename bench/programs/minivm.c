/* minivm: a small stack-machine bytecode interpreter (a `switch` over one-byte
 * opcodes, which becomes a jump table / br_table) running a program that
 * counts Collatz steps for a range of numbers, with a subroutine call per
 * step. Branchy code: an indirect jump per bytecode, data-dependent
 * conditional jumps, byte loads of the code and a small operand stack in
 * memory.
 * One unit = one run of the bytecode program over 64 start values (about
 * 120k bytecodes). */
#include "bench.h"

enum {
  OP_HALT,
  OP_PUSH,   /* imm8 (signed): push it */
  OP_LOAD,   /* u8 r: push reg[r] */
  OP_STORE,  /* u8 r: reg[r] = pop */
  OP_INC,    /* u8 r: reg[r] += 1 */
  OP_DUP,
  OP_DROP,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_AND,
  OP_XOR,
  OP_SHR,    /* u8 k: top >>= k */
  OP_EQ,
  OP_LT,
  OP_JMP,    /* s16 (little-endian): pc += offset, from the end of the instruction */
  OP_JZ,     /* s16: pop; jump if zero */
  OP_JNZ,    /* s16: pop; jump if not zero */
  OP_CALL,   /* u16: absolute address */
  OP_RET,
};

#define STACK 64
#define CALLS 16

/* Registers: r0 = next start value, r1 = numbers left, r2 = accumulator,
 * r3 = x, r4 = steps of x. */
static uint32_t execute(const uint8_t* code, uint32_t* reg) {
  uint32_t stack[STACK], calls[CALLS];
  uint32_t sp = 0, csp = 0, pc = 0;
  for (;;) {
    uint8_t op = code[pc++];
    switch (op) {
      case OP_HALT:
        return sp ? stack[sp - 1] : 0;
      case OP_PUSH:
        stack[sp++] = (uint32_t)(int32_t)(int8_t)code[pc++];
        break;
      case OP_LOAD:
        stack[sp++] = reg[code[pc++]];
        break;
      case OP_STORE:
        reg[code[pc++]] = stack[--sp];
        break;
      case OP_INC:
        reg[code[pc++]] += 1;
        break;
      case OP_DUP:
        stack[sp] = stack[sp - 1];
        sp++;
        break;
      case OP_DROP:
        sp--;
        break;
      case OP_ADD:
        sp--;
        stack[sp - 1] += stack[sp];
        break;
      case OP_SUB:
        sp--;
        stack[sp - 1] -= stack[sp];
        break;
      case OP_MUL:
        sp--;
        stack[sp - 1] *= stack[sp];
        break;
      case OP_AND:
        sp--;
        stack[sp - 1] &= stack[sp];
        break;
      case OP_XOR:
        sp--;
        stack[sp - 1] ^= stack[sp];
        break;
      case OP_SHR:
        stack[sp - 1] >>= code[pc++] & 31;
        break;
      case OP_EQ:
        sp--;
        stack[sp - 1] = stack[sp - 1] == stack[sp];
        break;
      case OP_LT:
        sp--;
        stack[sp - 1] = stack[sp - 1] < stack[sp];
        break;
      case OP_JMP: {
        int16_t off = (int16_t)(code[pc] | code[pc + 1] << 8);
        pc += 2 + (uint32_t)(int32_t)off;
        break;
      }
      case OP_JZ:
      case OP_JNZ: {
        int16_t off = (int16_t)(code[pc] | code[pc + 1] << 8);
        pc += 2;
        uint32_t v = stack[--sp];
        if ((v == 0) == (op == OP_JZ)) pc += (uint32_t)(int32_t)off;
        break;
      }
      case OP_CALL:
        calls[csp++] = pc + 2;
        pc = (uint32_t)(code[pc] | code[pc + 1] << 8);
        break;
      case OP_RET:
        pc = calls[--csp];
        break;
      default:
        return 0xdeadbeefu; /* bad opcode */
    }
  }
}

/* The program, as assembled by hand. Offsets are relative to the end of the
 * jump instruction (3 bytes). */
static const uint8_t program[] = {
    /*  0 loop_i: */ OP_LOAD, 0, OP_STORE, 3,   /* x = r0 */
    /*  4 */ OP_PUSH, 0, OP_STORE, 4,           /* steps = 0 */
    /*  8 loop_c: */ OP_LOAD, 3, OP_PUSH, 1, OP_EQ,
    /* 13 */ OP_JNZ, 10, 0,                     /* -> 26 done_c */
    /* 16 */ OP_CALL, 60, 0,                    /* step(): x = next Collatz value */
    /* 19 */ OP_INC, 4,
    /* 21 */ OP_JMP, 240, 255,                  /* -16 -> 8 loop_c */
    /* 24 */ OP_DROP, OP_DROP,                  /* (unreached padding) */
    /* 26 done_c: acc = (acc * 31 + steps) ^ r0 */
    OP_LOAD, 2, OP_PUSH, 31, OP_MUL, OP_LOAD, 4, OP_ADD, OP_LOAD, 0, OP_XOR, OP_STORE, 2,
    /* 39 */ OP_INC, 0,
    /* 41 r1 -= 1; loop while r1 != 0 */
    OP_LOAD, 1, OP_PUSH, 1, OP_SUB, OP_DUP, OP_STORE, 1,
    /* 49 */ OP_JNZ, 204, 255,                  /* -52 -> 0 loop_i */
    /* 52 */ OP_LOAD, 2, OP_HALT,
    /* 55 */ OP_HALT, OP_HALT, OP_HALT, OP_HALT, OP_HALT,
    /* 60 step: if (x & 1) x = 3x + 1; else x >>= 1 */
    OP_LOAD, 3, OP_PUSH, 1, OP_AND,
    /* 65 */ OP_JZ, 12, 0,                      /* -> 80 even */
    /* 68 */ OP_LOAD, 3, OP_DUP, OP_DUP, OP_ADD, OP_ADD, OP_PUSH, 1, OP_ADD, OP_STORE, 3,
    /* 79 */ OP_RET,
    /* 80 even: */ OP_LOAD, 3, OP_SHR, 1, OP_STORE, 3,
    /* 86 */ OP_RET,
};

BENCH_OPAQUE(uint32_t, vm_batch, 64);

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t h = 0x811c9dc5u;
  uint32_t reg[8];
  for (uint32_t rep = 0; rep < n; rep++) {
    for (int i = 0; i < 8; i++) reg[i] = 0;
    /* Start values below 60000: no Collatz trajectory from there leaves 32 bits. */
    reg[0] = 1 + (rep * 64u) % 59904u;
    reg[1] = vm_batch;
    reg[2] = rep;
    h = bench_mix(h, execute(program, reg));
    h = bench_mix(h, reg[0]);
  }
  return h;
}
