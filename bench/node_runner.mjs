// node bench/node_runner.mjs FILE.wasm EXPORT [ARGS...]
//
// Compiles and instantiates FILE.wasm (no imports), calls EXPORT with the
// integer ARGS and prints the result on stdout as an unsigned 32-bit decimal
// (the checksum convention of bench/). On stderr: the in-process times in
// seconds, `bench-time: compile=... instantiate=... run=...`.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [file, name, ...args] = process.argv.slice(2);
if (!file || !name) {
  console.error('usage: node node_runner.mjs FILE.wasm EXPORT [ARGS...]');
  process.exit(1);
}
const bytes = readFileSync(file);
const t0 = performance.now();
const module = await WebAssembly.compile(bytes);
const t1 = performance.now();
const instance = await WebAssembly.instantiate(module, {});
const t2 = performance.now();
const fn = instance.exports[name];
if (typeof fn !== 'function') {
  console.error(`node_runner: no exported function "${name}"`);
  process.exit(1);
}
const result = fn(...args.map((a) => Number(a) | 0));
const t3 = performance.now();
console.log(String(typeof result === 'bigint' ? BigInt.asUintN(64, result) : result >>> 0));
const s = (ms) => (ms / 1000).toFixed(6);
console.error(`bench-time: compile=${s(t1 - t0)} instantiate=${s(t2 - t1)} run=${s(t3 - t2)}`);
