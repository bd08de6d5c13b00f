// Helpers for the WASI guest programs (compiled with clang --target=wasm32-wasi).
// wasi-libc's errno values are the preview1 errno values, so one table names both.
#pragma once

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const char* errno_name(int e) {
  switch (e) {
    case 0: return "success";
    case 2: return "acces";
    case 6: return "again";
    case 8: return "badf";
    case 20: return "exist";
    case 21: return "fault";
    case 25: return "ilseq";
    case 28: return "inval";
    case 31: return "isdir";
    case 32: return "loop";
    case 37: return "nametoolong";
    case 42: return "nobufs";
    case 44: return "noent";
    case 52: return "nosys";
    case 54: return "notdir";
    case 55: return "notempty";
    case 57: return "notsock";
    case 58: return "notsup";
    case 63: return "perm";
    case 64: return "pipe";
    case 70: return "spipe";
    case 76: return "notcapable";
    default: return "other";
  }
}

// "label: ok" for 0, else "label: NAME (N)".
static void report(const char* label, int err) {
  if (err == 0)
    printf("%s: ok\n", label);
  else
    printf("%s: %s (%d)\n", label, errno_name(err), err);
}

// For libc calls that return -1 and set errno.
#define LIBC(label, call) report(label, (call) < 0 ? errno : 0)

// The preopen the test runner grants: --dir SANDBOX::/sandbox is fd 3.
#define SANDBOX_FD 3
