;; An import from a module Petrel does not provide.
(module
  (import "env" "host_print" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
