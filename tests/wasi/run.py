#!/usr/bin/env python3
"""WASI guest tests: each program under `petrel run`, and again under Node's
built-in WASI for the cross-check.

    python3 tests/wasi/run.py [--build BUILD] [--guests DIR] [--no-node] [-v] [CASE...]

Every case runs in a fresh temporary directory whose `sandbox/` is granted as
`--dir .../sandbox::/sandbox` (fd 3). Its transcript (stdout, then lines the
runner adds for socket peers, then `[exit N]`) must equal
`expected/CASE.expected`, written by hand from what the program must print.
Under Node the transcript is compared with `expected/CASE.node.expected`
where Node is known to deviate from preview1 (the case says how), else with
the same `.expected`: so wherever both runtimes define the behaviour, Petrel
and Node agree. Cases whose program is missing (no wasm32-wasi clang, emcc
or rustc at configure time) are skipped.

The SIMD cases (simd_*) run one C source built twice, scalar and with
-msimd128 (by clang and by Emscripten), against one expected file: the output
of the same source built natively by gcc. Before running, each build's code is
disassembled (wasm-objdump -d, else `petrel wasm2wat`) to check that the SIMD
build does contain v128 instructions and the scalar build none.

Prints one line per run and ends with `N passed, N failed, N skipped`.
Python 3 standard library only.
"""

import argparse
import difflib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(HERE, "expected")
NODE_RUNNER = os.path.join(HERE, "node_wasi.mjs")
TIMEOUT = 60


class Case:
    def __init__(self, name, program, args=(), env=(), stdin=b"", invoke=None, setup=None, check=None,
                 node=None, node_expected=False, stderr_contains=(), cli=None, expect_exit=None, expect_stdout=None,
                 host_env=None, expected=None, simd=None):
        self.name = name
        self.program = program  # file name in BUILD/tests/wasi, or tests/wasi/cli/*.wat
        self.args = list(args)
        self.env = list(env)
        self.stdin = stdin  # bytes, "socketpair" or "listen"
        self.invoke = invoke
        self.setup = setup  # f(root, sandbox) before the run
        self.check = check  # f(root, sandbox, transcript) -> error or None, after the run
        self.node = node  # None: cross-check under Node; a string: why Node is not run
        self.node_expected = node_expected  # Node deviates: compare with CASE.node.expected
        self.stderr_contains = list(stderr_contains)
        self.cli = cli  # CLI cases: petrel arguments instead of the usual ones (no Node run)
        self.expect_exit = expect_exit  # CLI cases: expected status (no .expected file)
        self.expect_stdout = expect_stdout
        self.host_env = host_env  # extra variables in petrel's own environment
        self.expected = expected or name  # expected/EXPECTED.expected (and .node.expected)
        self.simd = simd  # None, or whether the module must (True) or must not (False) hold v128 instructions


# --- set-up and checks for the sandbox case -----------------------------------

SECRET = "TOP SECRET\n"


def sandbox_setup(root, sandbox):
    with open(os.path.join(root, "secret.txt"), "w") as f:
        f.write(SECRET)
    with open(os.path.join(sandbox, "inside.txt"), "w") as f:
        f.write("inside\n")
    os.mkdir(os.path.join(sandbox, "sub"))
    os.symlink("..", os.path.join(sandbox, "up"))
    os.symlink("../secret.txt", os.path.join(sandbox, "out_rel"))
    os.symlink("../created.txt", os.path.join(sandbox, "out_new"))
    os.symlink(os.path.join(root, "secret.txt"), os.path.join(sandbox, "abs_secret"))
    os.symlink("/", os.path.join(sandbox, "abs_root"))
    os.symlink("../../secret.txt", os.path.join(sandbox, "sub", "deep"))


def sandbox_check(root, sandbox, transcript):
    outside = sorted(os.listdir(root))
    if outside != ["sandbox", "secret.txt"]:
        return f"something changed outside the sandbox: {outside}"
    with open(os.path.join(root, "secret.txt")) as f:
        if f.read() != SECRET:
            return "secret.txt was modified"
    if "TOP SECRET" in transcript or "root:" in transcript:
        return "the program read something outside the sandbox"
    stray = sorted(set(os.listdir(sandbox)) - {"inside.txt", "sub", "up", "out_rel", "out_new", "abs_secret",
                                              "abs_root"})
    if stray:
        return f"unexpected files in the sandbox: {stray}"
    return None


NODE_NO_SANDBOX = ("Node's WASI is no sandbox (its documentation says so): it follows `..` symlinks out, reads "
                   "/etc/passwd and deletes files outside the preopen")

CASES = [
    Case("args", "args.wasm", args=["hello", "two words", "--flag", "", "-x", "--"]),
    Case("environ", "environ.wasm", env=["GREETING=hello", "EMPTY=", "WITH_EQ=a=b"]),
    Case("exit_return", "exit.wasm", args=["return", "42"]),
    Case("exit_exit", "exit.wasm", args=["exit", "7"]),
    Case("exit_zero", "exit.wasm", args=["exit", "0"]),
    Case("exit_proc_exit", "exit.wasm", args=["proc_exit", "3"]),
    Case("trap", "trap.wasm", stderr_contains=["unreachable", "wasm backtrace:"], node_expected=True),
    Case("stdin", "stdin.wasm", stdin=b"Hello\nWorld\nlast line, no newline"),
    Case("files", "files.wasm", node_expected=True),
    Case("dirs", "dirs.wasm", node_expected=True),
    Case("symlinks", "symlinks.wasm", node_expected=True),
    Case("sandbox", "sandbox.wasm", setup=sandbox_setup, check=sandbox_check, node=NODE_NO_SANDBOX),
    # Node is not run here: its poll_oneoff can return before a relative
    # deadline (seen under load: nanosleep(50 ms) measured as < 50 ms).
    Case("clocks", "clocks.wasm", node="Node's poll_oneoff can wake before a relative clock deadline"),
    Case("random", "random.wasm", node_expected=True),
    Case("poll", "poll.wasm", stdin=b"abc", node_expected=True),
    Case("poll_abstime", "poll_abstime.wasm",
         node="Node's poll_oneoff never returns for an absolute realtime deadline in the past"),
    Case("fdops", "fdops.wasm", node="Node's fd_read on a directory descriptor blocks forever"),
    Case("sock", "sock.wasm", stdin="socketpair", node="Node crashes (SIGSEGV) in sock_recv on a host socket"),
    Case("sock_accept", "sock_accept.wasm", stdin="listen",
         node="Node's sock_accept says notsup, then Node crashes (SIGSEGV)"),
    Case("reactor", "counter_reactor.wasm", invoke="add", args=["1", "2"]),
    Case("emscripten", "basics.emcc.wasm", args=["a", "b"], env=["EMCC_TEST=yes"], stderr_contains=["to stderr"]),
    Case("rust_std_fs", "std_fs.rust.wasm", args=["x", "y z"], env=["A=1"]),
    # SIMD: each source built scalar and with -msimd128 prints the same
    # expected/simd_*.expected (gcc's output for the same C).
    Case("simd_kernels_scalar", "simd_kernels.wasm", expected="simd_kernels", simd=False),
    Case("simd_kernels", "simd_kernels.simd.wasm", expected="simd_kernels", simd=True),
    Case("simd_intrinsics_scalar", "simd_intrinsics.wasm", expected="simd_intrinsics", simd=False),
    Case("simd_intrinsics", "simd_intrinsics.simd.wasm", expected="simd_intrinsics", simd=True),
    Case("emscripten_simd_kernels_scalar", "simd_kernels.emcc.wasm", expected="simd_kernels", simd=False),
    Case("emscripten_simd_kernels", "simd_kernels.simd.emcc.wasm", expected="simd_kernels", simd=True),
    Case("emscripten_simd_intrinsics_scalar", "simd_intrinsics.emcc.wasm", expected="simd_intrinsics", simd=False),
    Case("emscripten_simd_intrinsics", "simd_intrinsics.simd.emcc.wasm", expected="simd_intrinsics", simd=True),
    # The CLI's own behaviour (Petrel only).
    Case("cli_hello_wat", "cli/hello.wat", cli=[], expect_exit=0, expect_stdout="hello from wat\n"),
    Case("cli_bad_signature", "cli/bad_signature.wat", cli=[], expect_exit=3,
         stderr_contains=['import "wasi_snapshot_preview1" "fd_write": has type (i32) -> (i32), but WASI preview1 '
                          'defines (i32, i32, i32, i32) -> (i32)']),
    Case("cli_unknown_wasi", "cli/unknown_wasi.wat", cli=[], expect_exit=3,
         stderr_contains=['"fd_frobnicate": unknown import: no such WASI preview1 function']),
    Case("cli_unknown_module", "cli/unknown_module.wat", cli=[], expect_exit=3,
         stderr_contains=['import "env" "host_print": unknown import (func)']),
    Case("cli_wasi_not_a_function", "cli/wasi_memory_import.wat", cli=[], expect_exit=3,
         stderr_contains=['"fd_write": is a global, but WASI preview1 defines a function']),
    Case("cli_no_start", "cli/no_start.wat", cli=[], expect_exit=1,
         stderr_contains=['no exported function "_start" to run']),
    Case("cli_exit_out_of_range", "cli/exit_range.wat", cli=[], expect_exit=4,
         stderr_contains=["proc_exit with status 200"]),
    Case("cli_no_memory", "cli/no_memory.wat", cli=[], expect_exit=21),
    Case("cli_trap_status", "trap.wasm", cli=[], expect_exit=4, expect_stdout="before the trap\n",
         stderr_contains=["trap", "unreachable"]),
    Case("cli_missing_dir", "args.wasm", cli=["--dir", "/nonexistent/petrel-test"], expect_exit=1,
         stderr_contains=['cannot open directory "/nonexistent/petrel-test" for --dir']),
    Case("cli_double_dash", "args.wasm", cli=["--env", "X=1"], args=["--dir", "x", "--", "-y"], expect_exit=0,
         expect_stdout="argc=5\nargv[0]=args.wasm\nargv[1]=[--dir]\nargv[2]=[x]\nargv[3]=[--]\nargv[4]=[-y]\n"),
    Case("cli_env_from_host", "environ.wasm", cli=["--env", "PETREL_TEST_INHERITED", "--env", "PETREL_TEST_UNSET"],
         host_env={"PETREL_TEST_INHERITED": "from the host"}, expect_exit=0,
         expect_stdout="count=1\nPETREL_TEST_INHERITED=from the host\nHOME=(unset)\nPATH=(unset)\nGREETING=(null)\n"),
    Case("cli_invoke_reactor", "counter_reactor.wasm", cli=["--invoke", "add"], args=["40", "2"], expect_exit=0,
         expect_stdout="add(40, 2) with base 100\n142\n"),
]


# --- the SIMD cases' module check ---------------------------------------------

SIMD_INSN = re.compile(r"\b(?:v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.[a-z]")


def simd_instructions(petrel, wasm):
    """The number of v128 instructions in a module's code, from wabt's
    disassembler when installed (independent of Petrel), else from Petrel's
    wasm2wat; (count, tool) or (None, error)."""
    objdump = shutil.which("wasm-objdump")
    cmd = [objdump, "-d", wasm] if objdump else [petrel, "wasm2wat", wasm]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"{' '.join(cmd)}: {e}"
    if proc.returncode != 0:
        return None, f"{' '.join(cmd)} failed (exit status {proc.returncode}): {proc.stderr.strip()[:300]}"
    lines = proc.stdout.splitlines()
    if objdump:  # only the instruction column of the disassembly
        lines = [line.split("|", 1)[1] for line in lines if "|" in line]
    return sum(1 for line in lines if SIMD_INSN.search(line)), os.path.basename(cmd[0])


def check_simd_module(petrel, case, wasm):
    """'pass' or 'fail': the SIMD build holds v128 instructions, the scalar one none."""
    count, tool = simd_instructions(petrel, wasm)
    if count is None:
        print(f"FAIL module {case.name}: {tool}")
        return "fail"
    if (count > 0) != case.simd:
        print(f"FAIL module {case.name}: {os.path.basename(wasm)} has {count} v128 instructions ({tool}), "
              f"expected {'some' if case.simd else 'none'}")
        return "fail"
    print(f"PASS module {case.name}: {count} v128 instructions ({tool})")
    return "pass"


# --- running -------------------------------------------------------------------

def run_process(cmd, case, cwd):
    """Runs one command for a case; returns (transcript, stderr)."""
    peer_lines = ""
    env = dict(os.environ)
    env.pop("PETREL_TEST_UNSET", None)
    env.update(case.host_env or {})
    if case.stdin == "socketpair":
        mine, theirs = socket.socketpair()
        mine.sendall(b"ping\n")
        mine.shutdown(socket.SHUT_WR)
        proc = subprocess.run(cmd, stdin=theirs, capture_output=True, timeout=TIMEOUT, cwd=cwd, env=env)
        theirs.close()
        got = b""
        while chunk := mine.recv(4096):
            got += chunk
        mine.close()
        peer_lines = f"peer received: {got!r}\n"
    elif case.stdin == "listen":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        p = subprocess.Popen(cmd, stdin=listener, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env)
        listener.close()
        client = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        client.sendall(b"hello\n")
        try:
            out, err = p.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        got = b""
        while chunk := client.recv(4096):
            got += chunk
        client.close()
        proc = subprocess.CompletedProcess(cmd, p.returncode, out, err)
        peer_lines = f"peer received: {got!r}\n"
    else:
        proc = subprocess.run(cmd, input=case.stdin, capture_output=True, timeout=TIMEOUT, cwd=cwd, env=env)
    transcript = proc.stdout.decode("utf-8", "replace") + peer_lines + f"[exit {proc.returncode}]\n"
    return transcript, proc.stderr.decode("utf-8", "replace")


def fresh_dirs(case):
    root = tempfile.mkdtemp(prefix=f"petrel-wasi-{case.name}-")
    sandbox = os.path.join(root, "sandbox")
    os.mkdir(sandbox)
    if case.setup:
        case.setup(root, sandbox)
    return root, sandbox


def diff(expected, actual):
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))


def program_path(guests, case):
    if case.program.startswith("cli/"):
        return os.path.join(HERE, case.program)
    return os.path.join(guests, case.program)


def check_run(runtime, case, cmd, expected_file, verbose):
    """Runs and compares; returns 'pass', 'fail' or 'skip'."""
    root, sandbox = fresh_dirs(case)
    try:
        cmd = [c.replace("@SANDBOX@", sandbox) for c in cmd]
        try:
            transcript, stderr = run_process(cmd, case, root)
        except subprocess.TimeoutExpired:
            print(f"FAIL {runtime} {case.name}: timed out after {TIMEOUT} s")
            return "fail"
        problems = []
        if case.expect_exit is not None:
            want = (case.expect_stdout or "") + f"[exit {case.expect_exit}]\n"
            if transcript != want:
                problems.append("transcript differs:\n" + diff(want, transcript))
        else:
            with open(expected_file) as f:
                want = f.read()
            if transcript != want:
                problems.append(f"transcript differs from {os.path.relpath(expected_file, ROOT)}:\n" +
                                diff(want, transcript))
        if runtime == "petrel":
            for needle in case.stderr_contains:
                if needle not in stderr:
                    problems.append(f"stderr lacks {needle!r}; stderr was:\n{stderr}")
        if case.check:
            why = case.check(root, sandbox, transcript)
            if why:
                problems.append(why)
        if problems:
            print(f"FAIL {runtime} {case.name}")
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
            return "fail"
        print(f"PASS {runtime} {case.name}")
        if verbose and stderr:
            print("  stderr: " + stderr.replace("\n", "\n  "))
        return "pass"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "BUILD"), help="build folder (default: BUILD)")
    ap.add_argument("--guests", help="folder of the guest programs (default: BUILD/tests/wasi)")
    ap.add_argument("--no-node", action="store_true", help="skip the Node cross-check")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("cases", nargs="*", help="case names (default: all)")
    opts = ap.parse_args()

    opts.build = os.path.abspath(opts.build)
    if opts.guests:
        opts.guests = os.path.abspath(opts.guests)
    petrel = os.path.join(opts.build, "petrel")
    if not os.access(petrel, os.X_OK):
        print(f"FAIL: no petrel at {petrel}")
        print("0 passed, 1 failed, 0 skipped")
        return 1
    node = None if opts.no_node else shutil.which("node")
    tally = {"pass": 0, "fail": 0, "skip": 0}
    wanted = set(opts.cases)
    for case in CASES:
        if wanted and case.name not in wanted:
            continue
        wasm = program_path(opts.guests or os.path.join(opts.build, "tests", "wasi"), case)
        if not os.path.exists(wasm):
            print(f"SKIP petrel {case.name}: {os.path.relpath(wasm, ROOT)} was not built (toolchain missing)")
            tally["skip"] += 1
            continue
        if case.simd is not None:
            tally[check_simd_module(petrel, case, wasm)] += 1
        expected = os.path.join(EXPECTED, case.expected + ".expected")
        cmd = [petrel, "run"] + (case.cli if case.cli is not None else ["--dir", "@SANDBOX@::/sandbox"])
        cmd += [f"--env={e}" for e in case.env]
        if case.invoke:
            cmd += ["--invoke", case.invoke]
        cmd += [wasm]
        if case.args:
            cmd += ["--"] + case.args
        tally[check_run("petrel", case, cmd, expected, opts.verbose)] += 1

        if case.cli is not None or opts.no_node:
            continue
        if case.node:
            print(f"SKIP node {case.name}: {case.node}")
            tally["skip"] += 1
            continue
        if not node:
            print(f"SKIP node {case.name}: no node")
            tally["skip"] += 1
            continue
        node_expected = os.path.join(EXPECTED, case.expected + (".node.expected" if case.node_expected else ".expected"))
        cmd = [node, "--no-warnings", NODE_RUNNER, "--dir", "@SANDBOX@::/sandbox"]
        for e in case.env:
            cmd += ["--env", e]
        if case.invoke:
            cmd += ["--invoke", case.invoke]
        cmd += ["--", wasm] + case.args
        tally[check_run("node", case, cmd, node_expected, opts.verbose)] += 1

    print(f"{tally['pass']} passed, {tally['fail']} failed, {tally['skip']} skipped")
    return 1 if tally["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
