// node --no-warnings bench/node_wasi_runner.mjs FILE.wasm [ARGS...]
//
// Runs a WASI command module (a benchmark program built by bench/CMakeLists.txt)
// under Node's built-in WASI (node:wasi, preview1) with argv = [FILE, ARGS...];
// no directories, no environment. The guest prints the checksum on stdout and
// `bench-time: run=SECONDS` on stderr itself. This runner adds Node's compile
// and instantiate times on stderr, `node-time: compile=... instantiate=...`.
// The exit status is the guest's.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node node_wasi_runner.mjs FILE.wasm [ARGS...]');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, preopens: {}, returnOnExit: true });
const bytes = readFileSync(file);
const t0 = performance.now();
const module = await WebAssembly.compile(bytes);
const t1 = performance.now();
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const t2 = performance.now();
const status = wasi.start(instance);
const s = (ms) => (ms / 1000).toFixed(6);
console.error(`node-time: compile=${s(t1 - t0)} instantiate=${s(t2 - t1)}`);
process.exitCode = status;
