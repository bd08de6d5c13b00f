#!/usr/bin/env python3
"""Writes valid modules that are large in one dimension, for checking that
loading them takes time linear in their size (tests/cli/large_modules.sh):

  large_modules.py types N FILE     N distinct function types
  large_modules.py exports N FILE   one function exported under N names
  large_modules.py duplicate N FILE as exports, the last name repeating the first
  large_modules.py references N FILE N distinct struct types and a struct type with a
                                     (ref null $i) field for each (GC)
  large_modules.py br_table N FILE  export "f" (i32) -> i32: N/50 nested blocks with an i32
                                     result around a br_table of N targets cycling over them
                                     all, each branch carrying the constant 1234567
  large_modules.py deep_stack N FILE export "f" (i32): N values of local 0 on the stack, then N
                                     times block, if, loop, br_if, local.set and local.tee
  large_modules.py deep_v128 N FILE export "f" (i32): a loop with a v128.const, in it N/2
                                     nested blocks around N v128.const (SIMD)
  large_modules.py wide_label N FILE export "f" (i32): a block with N i32 results, branched to
                                     30 times with N values each, then by a br_table of
                                     100 000 entries
  large_modules.py subtypes N FILE   N struct types, each a subtype of the one before (GC), and a
                                     function checking a (ref null $N-1) against (ref null $0)
                                     200 000 times
Text modules (FILE.wat), each exporting "f" (i32):
  large_modules.py wat_blocks N FILE     N nested plain blocks, each labelled, the innermost
                                          holding N branches by name to the outermost
  large_modules.py wat_folded N FILE     N nested folded blocks
  large_modules.py wat_table_grow N FILE a loop growing a table by one element N times,
                                          returning its size
  large_modules.py wat_inline N FILE     N functions, each with its own inline signature (nine
                                          parameters spelling its index in base 4) and a block
                                          with two results (an inline type use too)
"""
import sys


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | 0x80 if n else byte)
        if not n:
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def vec(items):
    return leb(len(items)) + b"".join(items)


def section(code, payload):
    return bytes([code]) + leb(len(payload)) + payload


def types_module(n):
    # Type i's nine parameters spell i in base 4 over i32, i64, f32, f64.
    types = []
    for i in range(n):
        params = []
        for _ in range(9):
            params.append(bytes([(0x7F, 0x7E, 0x7D, 0x7C)[i % 4]]))
            i //= 4
        types.append(b"\x60" + vec(params) + vec([]))
    return section(1, vec(types))


def references_module(n):
    # Struct i's nine immutable fields spell i in base 4, as types_module's
    # parameters do; the last struct type's group then depends on all n groups.
    types = []
    for i in range(n):
        fields = []
        for _ in range(9):
            fields.append(bytes([(0x7F, 0x7E, 0x7D, 0x7C)[i % 4], 0x00]))
            i //= 4
        types.append(b"\x5f" + vec(fields))
    types.append(b"\x5f" + vec([b"\x63" + sleb(i) + b"\x00" for i in range(n)]))
    return section(1, vec(types))


def br_table_module(n):
    depth = max(1, n // 50)
    body = (leb(0) + b"\x02\x7f" * depth + b"\x41" + sleb(1234567) + b"\x20\x00\x0e" + leb(n) +
            b"".join(leb(i % depth) for i in range(n)) + leb(0) + b"\x0b" * (depth + 1))
    return (section(1, vec([b"\x60\x01\x7f\x01\x7f"])) + section(3, vec([b"\x00"])) +
            section(7, vec([b"\x01f\x00\x00"])) + section(10, vec([leb(len(body)) + body])))


def one_function(params, locals_, code):
    body = locals_ + code + b"\x0b"
    return (section(1, vec([b"\x60" + vec(params) + b"\x00"])) + section(3, vec([b"\x00"])) +
            section(7, vec([b"\x01f\x00\x00"])) + section(10, vec([leb(len(body)) + body])))


def deep_stack_module(n):
    # Each construct materializes the stack below it or the entries reading a
    # local; local.tee 0 changes the local all n entries read.
    step = (b"\x02\x40\x0b" + b"\x20\x01\x04\x40\x0b" + b"\x03\x40\x0b" +
            b"\x02\x40\x20\x01\x0d\x00\x0b" + b"\x20\x01\x21\x01" + b"\x20\x01\x22\x00\x1a")
    return one_function([b"\x7f"], vec([leb(1) + b"\x7f"]), b"\x20\x00" * n + step * n + b"\x1a" * n)


def deep_v128_module(n):
    depth = max(1, n // 2)
    const = b"\xfd\x0c" + bytes(range(16))
    code = (b"\x03\x40" + const + b"\x1a" + b"\x02\x40" * depth + (const + b"\x1a") * n +
            b"\x0b" * depth + b"\x0b")
    return one_function([b"\x7f"], vec([]), code)


def wide_label_module(n):
    # Type 0: [] -> [i32 x n]; type 1, the export's: [i32] -> [].
    values = b"\x20\x00" * n
    block = b"\x02\x00" + values + b"\x0c\x00" + b"\x0b" + b"\x1a" * n
    table = b"\x02\x00" + values + b"\x20\x00\x0e" + leb(100000) + b"\x00" * 100001 + b"\x0b" + b"\x1a" * n
    body = leb(0) + block * 30 + table + b"\x0b"
    return (section(1, vec([b"\x60\x00" + vec([b"\x7f"] * n), b"\x60\x01\x7f\x00"])) +
            section(3, vec([b"\x01"])) + section(7, vec([b"\x01f\x00\x00"])) +
            section(10, vec([leb(len(body)) + body])))


def subtypes_module(n):
    types = [b"\x50\x00\x5f\x00"] + [b"\x50\x01" + leb(i - 1) + b"\x5f\x00" for i in range(1, n)]
    types.append(b"\x60" + vec([b"\x63" + sleb(n - 1)]) + vec([]))
    check = b"\x02\x63" + sleb(0) + b"\x20\x00\x0b\x1a"
    body = leb(0) + check * 200000 + b"\x0b"
    return (section(1, vec(types)) + section(3, vec([leb(n)])) + section(10, vec([leb(len(body)) + body])))


def wat_blocks_module(n):
    return ('(module (func (export "f") (param i32) ' + "block $l " * n + "br $l " * n + "end " * n + "))")


def wat_folded_module(n):
    return '(module (func (export "f") (param i32) ' + "(block " * n + ")" * n + "))"


def wat_inline_module(n):
    funcs = []
    for i in range(n):
        params = []
        for _ in range(9):
            params.append(("i32", "i64", "f32", "f64")[i % 4])
            i //= 4
        sig = "(param %s)" % " ".join(params)
        funcs.append("(func %s (block (result i32 i64) (i32.const 0) (i64.const 0)) (drop) (drop))" % sig)
    return '(module (func (export "f") (param i32))\n' + "\n".join(funcs) + ")"


def wat_table_grow_module(n):
    return """(module (table 0 funcref)
  (func (export "f") (param i32) (result i32) (local i32)
    (loop
      (drop (table.grow (ref.null func) (i32.const 1)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get 1) (i32.const %d))))
    (table.size)))""" % n


def exports_module(n, duplicate):
    names = ["%08d" % i for i in range(n)]
    if duplicate:
        names[-1] = names[0]
    exports = [vec([bytes([c]) for c in name.encode()]) + b"\x00\x00" for name in names]
    return (section(1, vec([b"\x60\x00\x00"])) + section(3, vec([b"\x00"])) + section(7, vec(exports)) +
            section(10, vec([leb(2) + b"\x00\x0b"])))


def main():
    kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind.startswith("wat_"):
        with open(path, "w") as f:
            f.write({"wat_blocks": wat_blocks_module, "wat_folded": wat_folded_module,
                     "wat_inline": wat_inline_module, "wat_table_grow": wat_table_grow_module}[kind](n))
        return
    binary = {"types": types_module, "references": references_module, "br_table": br_table_module,
              "deep_stack": deep_stack_module, "deep_v128": deep_v128_module, "wide_label": wide_label_module,
              "subtypes": subtypes_module}
    body = binary[kind](n) if kind in binary else exports_module(n, kind == "duplicate")
    with open(path, "wb") as f:
        f.write(b"\x00asm\x01\x00\x00\x00" + body)


if __name__ == "__main__":
    main()
