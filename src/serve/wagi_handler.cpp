#include "serve/wagi_handler.h"

#include <chrono>

#include "serve/wagi.h"

namespace petrel::serve {

WagiHandler::WagiHandler(InstancePre pre, const RouteConfig& route, uint64_t epoch_tick_ns)
    : pre_(std::move(pre)), fuel_(route.fuel), max_response_(route.max_response) {
  // The cap goes on the instance's and the store's budgets (not on each
  // memory's maximum), so a refused memory.grow is counted and the failure
  // can be reported as the memory limit (Store::memoryGrowsRefused).
  limits_.max_instance_memory_bytes = route.max_memory;
  limits_.max_store_memory_bytes = route.max_memory;
  for (const DirGrant& d : route.dirs) dirs_.push_back({d.host, d.guest, /*read_only=*/!d.writable});
  // One tick more than the timeout: the first tick may come at once.
  deadline_ticks_ = (route.timeout_ns + epoch_tick_ns - 1) / epoch_tick_ns + 1;
}

HandlerOutcome WagiHandler::handle(const Request& request, const RouteMatch& match) const {
  HandlerOutcome out;
  std::string stdout_text, stderr_text;
  Store store(pre_.module().engine(), limits_);
  if (fuel_) (void)store.setFuel(*fuel_);
  store.setEpochDeadline(deadline_ticks_);
  WasiConfig wasi;
  wasi.args = wagiArguments(request, match);
  wasi.env = wagiEnvironment(request, match);
  wasi.dirs = dirs_;
  wasi.stdin_bytes = request.body;
  wasi.stdout_buffer = &stdout_text;
  wasi.stderr_buffer = &stderr_text;
  wasi.max_output_bytes = max_response_;
  using Failure = HandlerOutcome::Failure;
  auto fail = [&](Failure f, std::string message, std::string backtrace = {}) {
    out.failure = f;
    out.message = std::move(message);
    out.backtrace = std::move(backtrace);
    out.guest_stderr = std::move(stderr_text);
    out.fuel_consumed = store.fuelConsumed();
    out.memory_limit_hit = store.memoryGrowsRefused() > 0;
    return std::move(out);
  };
  if (Status s = store.configureWasi(std::move(wasi)); !s.ok()) return fail(Failure::Instantiate, s.error().message);

  auto t0 = std::chrono::steady_clock::now();
  auto instance = pre_.instantiate(store);
  out.instantiate_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
  if (!instance.ok()) return fail(Failure::Instantiate, instance.error().describe());
  std::optional<Func> start = instance->func("_start");
  if (!start) return fail(Failure::Instantiate, "the module exports no \"_start\" (a WAGI handler is a WASI command)");
  auto run = start->typed<void()>();
  if (!run.ok()) return fail(Failure::Instantiate, "\"_start\" must take and return nothing");
  Status s = (*run)();
  if (!s.ok()) {
    const Error& e = s.error();
    if (e.kind == ErrorKind::Exit) {
      if (e.exit_code != 0) return fail(Failure::Exit, "the guest exited with status " + std::to_string(e.exit_code));
    } else if (store.interrupted() || e.what() == "interrupted") {
      return fail(Failure::Timeout, "timed out (interrupted)", e.backtrace);
    } else if (e.what().find("all fuel consumed") != std::string::npos) {
      return fail(Failure::Fuel, e.what(), e.backtrace);
    } else if (e.kind == ErrorKind::Exhaustion) {
      return fail(Failure::Exhaustion, e.what(), e.backtrace);
    } else {
      std::string message = e.what();
      if (store.memoryGrowsRefused() > 0)
        message += " (after memory.grow was refused at the route's memory limit of " +
                   std::to_string(limits_.max_instance_memory_bytes >> 20) + " MiB)";
      return fail(Failure::Trap, message, e.backtrace);
    }
  }
  auto response = parseCgiResponse(std::move(stdout_text));
  if (!response.ok()) return fail(Failure::BadResponse, response.error().message);
  out.response = std::move(*response);
  out.guest_stderr = std::move(stderr_text);
  out.fuel_consumed = store.fuelConsumed();
  out.memory_limit_hit = store.memoryGrowsRefused() > 0;
  return out;
}

const char* failureName(HandlerOutcome::Failure f) {
  switch (f) {
    case HandlerOutcome::Failure::None: return "";
    case HandlerOutcome::Failure::Trap: return "trap";
    case HandlerOutcome::Failure::Timeout: return "timeout";
    case HandlerOutcome::Failure::Fuel: return "fuel";
    case HandlerOutcome::Failure::Exhaustion: return "exhaustion";
    case HandlerOutcome::Failure::Exit: return "exit";
    case HandlerOutcome::Failure::BadResponse: return "bad_response";
    case HandlerOutcome::Failure::Instantiate: return "instantiate";
  }
  return "";
}

}  // namespace petrel::serve
