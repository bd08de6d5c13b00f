;; A small example for `petrel run`:
;;   petrel run --invoke fib examples/fib.wat 30        -> 832040
;;   petrel run --invoke factorial examples/fib.wat 20  -> 2432902008176640000
(module
  ;; Recursive Fibonacci, fib(0) = 0, fib(1) = 1: a call-heavy workload.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; Iterative factorial in 64 bits (wraps around past 20!).
  (func (export "factorial") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc))
)
