// petrel run FILE [--invoke NAME] [ARGS...]
#include <cstdio>

#include "commands.h"
#include "diagnostics.h"
#include "module_loader.h"
#include "runtime/store.h"
#include "value_text.h"

namespace petrel::cli {

int runCommand(const RunOptions& options) {
  const std::string& file = options.file;
  auto compiled = loadModule(file);
  if (!compiled.ok()) return reportError(file, compiled.error());
  const Module& module = (*compiled)->module;

  // No host modules yet (WASI is a later step): any import is unresolved.
  if (!module.imports.empty()) {
    const Import& first = module.imports.front();
    return reportError(file, Error::make(ErrorKind::Unlinkable, "unresolved import \"" + first.module +
                                                                    "::" + first.name + "\" (" +
                                                                    externKindName(first.kind) + ")"));
  }
  if (options.invoke.empty() && !options.args.empty())
    return reportFailure("arguments need --invoke NAME (program arguments come with WASI)");

  Store store;
  auto instance = store.instantiate(*compiled, {});
  if (!instance.ok()) {
    // proc_exit (from a start function or below) ends the program with the
    // guest's status; it is no error.
    if (instance.error().kind == ErrorKind::Exit) return instance.error().exit_code;
    return reportError(file, instance.error());
  }

  std::string name = options.invoke;
  if (name.empty()) {
    if (!(*instance)->exportByName("_start")) return kExitOk;  // the start function already ran
    name = "_start";
  }
  auto ext = (*instance)->exportByName(name);
  FunctionInstance* func = ext ? ext->func() : nullptr;
  if (!func) return reportFailure(file + ": no exported function \"" + name + "\"");

  const FuncType& type = *func->type;
  if (options.args.size() != type.params.size())
    return reportFailure(file + ": \"" + name + "\" takes " + std::to_string(type.params.size()) +
                         " argument(s), " + std::to_string(options.args.size()) + " given");
  std::vector<Value> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    auto v = parseArgument(type.params[i], options.args[i]);
    if (!v)
      return reportFailure("argument " + std::to_string(i + 1) + " \"" + options.args[i] + "\" is not a valid " +
                           toString(type.params[i]));
    args.push_back(*v);
  }

  auto results = store.call(func, args);
  if (!results.ok()) {
    if (results.error().kind == ErrorKind::Exit) return results.error().exit_code;
    return reportError(file, results.error());
  }
  for (const Value& v : *results) std::printf("%s\n", formatResult(v).c_str());
  return kExitOk;
}

}  // namespace petrel::cli
