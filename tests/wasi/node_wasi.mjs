// node --no-warnings node_wasi.mjs [--dir HOST::GUEST]... [--env NAME=VALUE]...
//                                  [--invoke NAME] FILE.wasm [ARGS...]
//
// Runs a WASI program under Node's built-in WASI (node:wasi, preview1), with
// the same options as `petrel run`, for the cross-check in run.py: the exit
// status is the guest's. With --invoke, a reactor is initialised and NAME is
// called with ARGS as integers; its result is printed like petrel does.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let invoke = null;
while (argv.length && argv[0].startsWith('--')) {
  const opt = argv.shift();
  if (opt === '--') break;
  const value = argv.shift();
  if (opt === '--dir') {
    const [host, guest] = value.includes('::') ? value.split('::') : [value, value];
    preopens[guest] = host;
  } else if (opt === '--env') {
    const eq = value.indexOf('=');
    env[value.slice(0, eq)] = value.slice(eq + 1);
  } else if (opt === '--invoke') {
    invoke = value;
  } else {
    console.error(`node_wasi: unknown option ${opt}`);
    process.exit(2);
  }
}
const file = argv.shift();
const wasi = new WASI({ version: 'preview1', args: [file, ...(invoke ? [] : argv)], env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
if (invoke) {
  wasi.initialize(instance);
  const result = instance.exports[invoke](...argv.map((a) => Number(a)));
  if (result !== undefined) console.log(String(result));
} else {
  process.exitCode = wasi.start(instance);
}
