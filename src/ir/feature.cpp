#include "ir/feature.h"

#include "base/byte_reader.h"

namespace petrel::internal {

namespace {
struct FeatureText {
  const char* adjective;  // "<adjective> instruction memory.copy"
  const char* noun;       // "leaves <noun> out"
  const char* macro;
};
constexpr FeatureText kFeatureText[] = {
    {"", "", ""},
    {"floating-point", "floats", "PETREL_FEATURE_FLOAT"},
    {"SIMD", "SIMD", "PETREL_FEATURE_SIMD"},
    {"bulk memory", "bulk memory", "PETREL_FEATURE_BULK_MEMORY"},
    {"reference types", "reference types", "PETREL_FEATURE_REFERENCE_TYPES"},
    {"multi-memory", "multiple memories", "PETREL_FEATURE_MULTI_MEMORY"},
    {"GC", "GC and typed function references", "PETREL_FEATURE_GC"},
    {"exception handling", "exception handling", "PETREL_FEATURE_EXCEPTIONS"},
    {"memory64", "64-bit memories and tables", "PETREL_FEATURE_MEMORY64"},
    {"tail call", "tail calls", "PETREL_FEATURE_TAIL_CALL"},
};
}  // namespace

const char* featureAdjective(Feature f) { return kFeatureText[static_cast<size_t>(f)].adjective; }

std::string featureRefusal(Feature f, std::string_view what) {
  const FeatureText& t = kFeatureText[static_cast<size_t>(f)];
  std::string s(what);
  return s + ", and this build of Petrel leaves " + t.noun + " out (" + t.macro + ")";
}

bool refuseFeature(ByteReader& r, uint64_t offset, Feature f, std::string_view what) {
  return r.failAt(offset, featureRefusal(f, what));
}

}  // namespace petrel::internal
