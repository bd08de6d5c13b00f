#include "runtime/epoch.h"

namespace petrel::internal {

EpochCounter& EpochCounter::processDefault() {
  static EpochCounter counter;
  return counter;
}

}  // namespace petrel::internal
