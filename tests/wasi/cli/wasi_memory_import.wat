;; A WASI name imported as something other than a function.
(module
  (import "wasi_snapshot_preview1" "fd_write" (global i32))
  (func (export "_start")))
