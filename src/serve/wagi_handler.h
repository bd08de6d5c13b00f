// Runs a WAGI guest for one request: a fresh store and instance from the
// route's pre-linked template (its memory from the engine's pool), the
// request given in memory (environment, arguments, body on stdin), the
// output taken in memory, under the route's limits. Nothing of one request
// survives into the next: the store and everything in it die with it.
#pragma once

#include <petrel/petrel.hpp>

#include "serve/config.h"
#include "serve/handler.h"

namespace petrel::serve {

class WagiHandler : public RequestHandler {
 public:
  // `epoch_tick_ns`: how often the server advances the engine's epoch, to
  // turn the route's timeout into an epoch deadline.
  WagiHandler(InstancePre pre, const RouteConfig& route, uint64_t epoch_tick_ns);
  HandlerOutcome handle(const Request& request, const RouteMatch& match) const override;

 private:
  InstancePre pre_;
  StoreLimits limits_;
  std::vector<WasiDir> dirs_;
  std::optional<uint64_t> fuel_;
  uint64_t deadline_ticks_;
  uint64_t max_response_;
};

}  // namespace petrel::serve
