;; spin.wat - a WAGI module that never returns (for the timeout -> 504 test).
;; Loops forever without writing anything and without calling the host,
;; so only an interrupt of running wasm code (epoch/fuel) can stop it.
(module
  (memory (export "memory") 1)
  (func $spin (export "_start")
    (loop $forever
      (br $forever))))
