// The tables of docs/WASI.md, generated from wasi_functions.def and
// wasi_errno.def (a unit test keeps the document in step).
#pragma once

#include <string>

namespace petrel::internal::wasi {

std::string wasiFunctionTableMarkdown();
std::string wasiErrnoTableMarkdown();

}  // namespace petrel::internal::wasi
