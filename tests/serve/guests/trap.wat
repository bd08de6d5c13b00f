;; trap.wat - a WAGI module that traps before writing anything.
;; _start -> $handle_request -> $crash, which executes `unreachable`.
;; Expected from the host: 500 "internal error (request id ID)", a trap
;; counted for the route, and a backtrace naming "crash" (from the name
;; section) in the recent error.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $crash (param $depth i32)
    unreachable)
  (func $handle_request
    (call $crash (i32.const 1)))
  (func $start (export "_start")
    (call $handle_request)))
