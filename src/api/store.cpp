// Store: the public face of internal::Store, plus the host functions and the
// WASI context made for it.
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "api/api_state.h"
#include "hw/hw_runtime.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_linker.h"

extern char** environ;

namespace petrel {

namespace detail {

namespace {

internal::StoreLimits toInternal(const StoreLimits& l) {
  internal::StoreLimits r;
  r.max_memory_bytes = l.max_memory_bytes;
  r.max_instance_memory_bytes = l.max_instance_memory_bytes;
  r.max_store_memory_bytes = l.max_store_memory_bytes;
  r.max_table_elements = l.max_table_elements;
  r.max_instance_table_elements = l.max_instance_table_elements;
  r.max_store_table_elements = l.max_store_table_elements;
  r.max_call_depth = l.max_call_depth;
  r.setValueStackBytes(l.max_stack_bytes);
  return r;
}

// Every host function of the public API enters here. The interpreter passes
// a guest call's arguments and results in the same cells; a call from the
// host passes them separately, so they are brought together first.
internal::Status callHost(void* env, internal::HostCallContext& ctx, const internal::Slot* args,
                          internal::Slot* results) {
  auto* record = static_cast<HostFuncRecord*>(env);
  // results has room for max(params, results) cells (invokeFunction's contract).
  if (args != results && record->num_params > 0)
    std::memmove(results, args, record->num_params * sizeof(internal::Slot));
  Caller caller(record->store, ctx.caller);
  return record->fn(caller, reinterpret_cast<RawValue*>(results));
}

}  // namespace

StoreState::StoreState(Store* owner_, Engine engine_, const StoreLimits& limits_)
    : owner(owner_), engine(std::move(engine_)), limits(limits_), store(toInternal(limits_)) {
  store.setEpochCounter(&engine.state()->epoch);
  store.setMemoryPool(engine.state()->pool);
}

StoreState::~StoreState() = default;

internal::FunctionInstance* StoreState::addHostFunction(const FuncType& type, RawHostFunction fn) {
  internal::FuncType internal_type = toInternal(type);
  host_funcs.push_back(HostFuncRecord{std::move(fn), this, internal::slotCount(internal_type.params)});
  return store.createHostFunction(internal_type, &callHost, &host_funcs.back());
}

namespace {

// NAME of "NAME=VALUE".
std::string_view envName(std::string_view entry) { return entry.substr(0, entry.find('=')); }

// A later setting of a name replaces an earlier one, in the earlier one's
// place. O(n), through a small open-addressing table of names: a store
// per request may carry dozens of variables.
void dedupeEnvironment(std::vector<std::string>& env) {
  if (env.size() < 2) return;
  size_t cap = 16;
  while (cap < env.size() * 2) cap *= 2;
  std::vector<uint32_t> table(cap, UINT32_MAX);  // index of the first entry of a name
  std::vector<bool> dropped(env.size(), false);
  bool any = false;
  for (uint32_t i = 0; i < env.size(); ++i) {
    std::string_view name = envName(env[i]);
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    for (size_t slot = h & (cap - 1);; slot = (slot + 1) & (cap - 1)) {
      if (table[slot] == UINT32_MAX) {
        table[slot] = i;
        break;
      }
      if (envName(env[table[slot]]) == name) {
        env[table[slot]] = std::move(env[i]);
        dropped[i] = true;
        any = true;
        break;
      }
    }
  }
  if (!any) return;
  size_t out = 0;
  for (size_t i = 0; i < env.size(); ++i)
    if (!dropped[i]) {
      if (out != i) env[out] = std::move(env[i]);
      ++out;
    }
  env.resize(out);
}

}  // namespace

Result<internal::wasi::WasiHost*> StoreState::wasiHost() {
  if (wasi_host) return wasi_host.get();
  // The configuration is used once, here: its strings move into the context.
  internal::wasi::WasiConfig config;
  config.args = std::move(wasi_config.args);
  // The host's variables first (when inherited), then the configured ones.
  if (wasi_config.inherit_env)
    for (char** e = environ; e && *e; ++e) config.env.emplace_back(*e);
  if (config.env.empty()) {
    config.env = std::move(wasi_config.env);
  } else {
    for (std::string& e : wasi_config.env) config.env.push_back(std::move(e));
  }
  dedupeEnvironment(config.env);
  for (const WasiDir& d : wasi_config.dirs) config.preopens.push_back({d.host_path, d.guest_path, d.read_only});
  config.stdin_fd = wasi_config.stdin_fd;
  config.stdout_fd = wasi_config.stdout_fd;
  config.stderr_fd = wasi_config.stderr_fd;
  if (wasi_config.stdin_bytes) {
    config.stdin_in_memory = true;
    config.stdin_data = wasi_config.stdin_bytes->data();
    config.stdin_size = wasi_config.stdin_bytes->size();
  }
  config.stdout_sink = wasi_config.stdout_buffer;
  config.stderr_sink = wasi_config.stderr_buffer;
  config.output_limit = wasi_config.max_output_bytes;
  auto ctx = internal::wasi::WasiContext::create(std::move(config));
  if (!ctx.ok()) return ctx.takeError();
  wasi_ctx = std::move(ctx.value());
  wasi_host = std::make_unique<internal::wasi::WasiHost>(store, *wasi_ctx);
  return wasi_host.get();
}

Result<internal::hw::HwHost*> StoreState::hwHost() {
  if (hw) return &hw->host();
  auto rt = internal::hw::HwRuntime::create(store, hw_config);
  if (!rt.ok()) return rt.takeError();
  hw = std::move(rt.value());
  return &hw->host();
}

}  // namespace detail

Store::Store(const Engine& engine, const StoreLimits& limits)
    : state_(std::make_unique<detail::StoreState>(this, engine, limits)) {}

Store::~Store() = default;

const Engine& Store::engine() const { return state_->engine; }
const StoreLimits& Store::limits() const { return state_->limits; }

Status Store::setFuel(uint64_t fuel) {
  if (!state_->engine.config().consume_fuel)
    return Error::make(ErrorKind::Other, "fuel is not enabled: create the engine with Config::consume_fuel");
  state_->store.setFuel(fuel);
  return Status::success();
}

uint64_t Store::fuel() const { return state_->store.fuel(); }
uint64_t Store::fuelConsumed() const { return state_->store.fuelConsumed(); }

void Store::setEpochDeadline(uint64_t ticks) { state_->store.setEpochDeadline(ticks); }
void Store::interrupt() { state_->store.interrupt(); }
bool Store::interrupted() const { return state_->store.interrupted(); }
uint64_t Store::memoryGrowsRefused() const { return state_->store.memoryGrowsRefused(); }

Status Store::configureWasi(WasiConfig config) {
  state_->wasi_config = std::move(config);
  // Functions already linked keep pointing at the old context: keep it.
  if (state_->wasi_host) {
    state_->retired_wasi.push_back(std::move(state_->wasi_host));
    state_->retired_wasi_ctx.push_back(std::move(state_->wasi_ctx));
  }
  auto host = state_->wasiHost();  // opens the directories now, so errors show here
  if (!host.ok()) return host.takeError();
  return Status::success();
}

Status Store::configureHardware(const HwConfig& config) {
  state_->hw_config = config;
  // Functions already linked keep pointing at the old context: keep it.
  if (state_->hw) state_->retired_hw.push_back(std::move(state_->hw));
  auto host = state_->hwHost();  // checks the configuration now, so errors show here
  if (!host.ok()) return host.takeError();
  return Status::success();
}

void Store::setData(void* data) { state_->data = data; }
void* Store::data() const { return state_->data; }

}  // namespace petrel
