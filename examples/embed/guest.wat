;; The guest of the embedding examples: sums the squares of 1..n, asking the
;; host to square each number and reporting progress through host.report.
(module
  (import "host" "square" (func $square (param i32) (result i32)))
  (import "host" "report" (func $report (param i32 i32)))
  (func (export "sum_of_squares") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $square (local.get $i))))
        (call $report (local.get $i) (local.get $sum))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
