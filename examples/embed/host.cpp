// A C++ host embedding Petrel: it calls the guest's `sum_of_squares`, which
// calls back into the host for every number. Usage: embed_cpp guest.wat N
#include <petrel/petrel.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s GUEST.wat|GUEST.wasm N\n", argv[0]);
    return 1;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }

  petrel::Engine engine;
  auto module = petrel::Module::compile(engine, bytes);  // binary or text
  if (!module.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], module.error().describe().c_str());
    return 2;
  }

  petrel::Linker linker(engine);
  int calls = 0;
  (void)linker.func("host", "square", [&calls](int32_t x) {
    ++calls;
    return x * x;
  });
  (void)linker.func("host", "report", [](int32_t i, int32_t sum) { std::printf("after %d: %d\n", i, sum); });

  petrel::Store store(engine);
  auto instance = linker.instantiate(store, *module);
  if (!instance.ok()) {
    std::fprintf(stderr, "%s\n", instance.error().describe().c_str());
    return 3;
  }
  auto sum = instance->func<int32_t(int32_t)>("sum_of_squares");
  if (!sum.ok()) {
    std::fprintf(stderr, "%s\n", sum.error().message.c_str());
    return 3;
  }
  petrel::Result<int32_t> result = (*sum)(std::atoi(argv[2]));
  if (!result.ok()) {
    std::fprintf(stderr, "trap: %s\n%s", result.error().message.c_str(), result.error().backtrace.c_str());
    return 4;
  }
  std::printf("sum of squares: %d (%d host calls)\n", *result, calls);
  return 0;
}
