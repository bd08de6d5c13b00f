;; A module with WASI imports but no _start to run.
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory (export "memory") 1)
  (func (export "main")))
