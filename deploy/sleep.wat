;; `petrel run sleep.wasm [SECONDS]`: waits SECONDS (decimal, default 5,
;; at most 3600) and exits 0. The runtime image has no shell and no
;; `sleep`, so the Kubernetes preStop hook runs this through petrel itself:
;; the pod keeps serving while the endpoints controller and the proxies drop
;; it, and only then does the kubelet send SIGTERM (see docs/DEPLOY.md).
;;
;; Memory: 0 argc, 4 size of the argument bytes, 16 the subscription
;; (48 bytes), 64 the event (32 bytes), 96 nevents, 1024 argv[], 4096 the
;; argument bytes (up to 60 KiB; longer argument lists get the default).
(module
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; Seconds from argv[1], or 5 when it is missing, empty, not a number or
  ;; does not fit.
  (func $seconds (result i64)
    (local $p i32) (local $c i32) (local $n i64)
    (if (call $args_sizes_get (i32.const 0) (i32.const 4)) (then (return (i64.const 5))))
    (if (i32.lt_u (i32.load (i32.const 0)) (i32.const 2)) (then (return (i64.const 5))))
    (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 768)) (then (return (i64.const 5))))
    (if (i32.gt_u (i32.load (i32.const 4)) (i32.const 61440)) (then (return (i64.const 5))))
    (if (call $args_get (i32.const 1024) (i32.const 4096)) (then (return (i64.const 5))))
    (local.set $p (i32.load (i32.const 1028)))
    (if (i32.eqz (i32.load8_u (local.get $p))) (then (return (i64.const 5))))
    (block $done
      (loop $digit
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $done (i32.eqz (local.get $c)))
        (if (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
          (then (return (i64.const 5))))
        (local.set $n (i64.add (i64.mul (local.get $n) (i64.const 10))
                               (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
        (if (i64.gt_u (local.get $n) (i64.const 3600)) (then (return (i64.const 5))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (local.get $n))

  (func (export "_start")
    (local $s i64)
    (local.set $s (call $seconds))
    (if (i64.eqz (local.get $s)) (then (call $proc_exit (i32.const 0))))
    ;; One relative clock subscription: userdata 0, tag 0 (clock),
    ;; clock id 1 (monotonic), timeout in ns, precision 0, flags 0.
    (i64.store (i32.const 16) (i64.const 0))
    (i32.store8 (i32.const 24) (i32.const 0))
    (i32.store (i32.const 32) (i32.const 1))
    (i64.store (i32.const 40) (i64.mul (local.get $s) (i64.const 1000000000)))
    (i64.store (i32.const 48) (i64.const 0))
    (i32.store16 (i32.const 56) (i32.const 0))
    (if (call $poll_oneoff (i32.const 16) (i32.const 64) (i32.const 1) (i32.const 96))
      (then (call $proc_exit (i32.const 1))))
    (call $proc_exit (i32.const 0))))
