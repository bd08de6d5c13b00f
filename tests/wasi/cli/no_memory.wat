;; WASI functions need the caller's exported memory; without one every
;; pointer is out of bounds: args_sizes_get returns `fault` (21), which
;; _start turns into its exit status.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func (export "_start") (call $proc_exit (call $sizes (i32.const 0) (i32.const 4)))))
