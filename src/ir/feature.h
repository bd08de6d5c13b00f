// The build-time features (base/features.h) as values, for the decoder's
// refusals: a module that needs a feature this build leaves out is refused
// with an error naming the feature and what needed it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/features.h"

namespace petrel::internal {

enum class Feature : uint8_t {
  None,  // in every build
  Float,
  Simd,
  BulkMemory,
  ReferenceTypes,
  MultiMemory,
  Gc,
  Exceptions,
  Memory64,
  TailCall,
};

constexpr bool builtIn(Feature f) {
  switch (f) {
    case Feature::None: return true;
    case Feature::Float: return PETREL_FEATURE_FLOAT;
    case Feature::Simd: return PETREL_FEATURE_SIMD;
    case Feature::BulkMemory: return PETREL_FEATURE_BULK_MEMORY;
    case Feature::ReferenceTypes: return PETREL_FEATURE_REFERENCE_TYPES;
    case Feature::MultiMemory: return PETREL_FEATURE_MULTI_MEMORY;
    case Feature::Gc: return PETREL_FEATURE_GC;
    case Feature::Exceptions: return PETREL_FEATURE_EXCEPTIONS;
    case Feature::Memory64: return PETREL_FEATURE_MEMORY64;
    case Feature::TailCall: return PETREL_FEATURE_TAIL_CALL;
  }
  return false;
}

// Every feature is built in (the host build): the checks fold away.
inline constexpr bool kAllFeatures = PETREL_FEATURE_FLOAT && PETREL_FEATURE_SIMD && PETREL_FEATURE_BULK_MEMORY &&
                                     PETREL_FEATURE_REFERENCE_TYPES && PETREL_FEATURE_MULTI_MEMORY &&
                                     PETREL_FEATURE_GC && PETREL_FEATURE_EXCEPTIONS && PETREL_FEATURE_MEMORY64 &&
                                     PETREL_FEATURE_TAIL_CALL;

// The refusal: "<what>, and this build of Petrel leaves <feature> out
// (PETREL_FEATURE_X)", e.g. "bulk memory instruction memory.copy, and this
// build of Petrel leaves bulk memory out (PETREL_FEATURE_BULK_MEMORY)".
std::string featureRefusal(Feature f, std::string_view what);
class ByteReader;
// The decoder's refusal, recorded as r's error at `offset` (out of line: the
// decoder refuses in many places); false, to return.
bool refuseFeature(ByteReader& r, uint64_t offset, Feature f, std::string_view what);
// An adjective for an instruction of the feature: "bulk memory", "GC".
const char* featureAdjective(Feature f);

}  // namespace petrel::internal
