// Quantities written by people: byte sizes ("64MiB", "1G") and durations
// ("250ms", "2s", "1m"), as the CLI's limits and petrel serve's config take
// them. One parser for both, so a size means the same everywhere.
#pragma once

#include <cstdint>
#include <string_view>

namespace petrel::internal {

// Decimal digits only; false on anything else or on overflow.
bool parseUnsigned(std::string_view text, uint64_t& out);
// Bytes: N, or N with K/M/G (powers of 1000) or Ki/Mi/Gi (powers of 1024),
// an optional trailing B.
bool parseByteSize(std::string_view text, uint64_t& out);
// A decimal number with ns, us, ms, s, m or h (a bare number is seconds).
bool parseDuration(std::string_view text, uint64_t& nanos);

}  // namespace petrel::internal
