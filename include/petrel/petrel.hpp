// Petrel's C++ embedding API. Include this one header:
//
//   #include <petrel/petrel.hpp>
//
//   petrel::Engine engine;
//   auto module = petrel::Module::compile(engine, bytes);        // validated once, shareable
//   petrel::Store store(engine);                                 // one per thread or request
//   petrel::Linker linker(engine);
//   linker.func("env", "twice", [](int32_t x) { return 2 * x; });
//   auto instance = linker.instantiate(store, *module);
//   auto run = instance->func<int32_t(int32_t)>("run");
//   petrel::Result<int32_t> r = (*run)(21);                      // a trap is an Error, never a crash
//
// See docs/EMBEDDING.md for ownership, lifetimes and threads.
#pragma once

#include <petrel/engine.h>
#include <petrel/instance.h>
#include <petrel/instance_pre.h>
#include <petrel/linker.h>
#include <petrel/module.h>
#include <petrel/objects.h>
#include <petrel/result.h>
#include <petrel/store.h>
#include <petrel/typed.h>
#include <petrel/types.h>
#include <petrel/value.h>
#include <petrel/wasi.h>
