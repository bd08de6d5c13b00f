// Config, engine and store (wasm.h), with petrel.h's engine settings, store
// limits, fuel and interruption.
#include "capi/capi_internal.h"

using petrel::capi::HostRecord;

wasm_store_t::wasm_store_t(const petrel::Engine& e, const petrel::StoreLimits& limits)
    : engine(e), store(std::make_unique<petrel::Store>(e, limits)) {
  // Host functions made by a linker find their C store through the caller.
  store->setData(this);
}

wasm_store_t::~wasm_store_t() {
  // The objects first (host functions may hold environments of their own),
  // then the finalizers, once each.
  store.reset();
  for (auto& env : func_envs) env.finalize();
  for (auto& [identity, rec] : records) rec->host_info.finalize();
}

HostRecord* wasm_store_t::record(const void* identity, bool create) {
  auto it = records.find(identity);
  if (it != records.end()) return it->second.get();
  if (!create) return nullptr;
  auto rec = std::make_unique<HostRecord>();
  rec->identity = identity;
  HostRecord* raw = rec.get();
  records.emplace(identity, std::move(rec));
  record_set.insert(raw);
  return raw;
}

HostRecord* wasm_store_t::newForeign() {
  auto rec = std::make_unique<HostRecord>();
  HostRecord* raw = rec.get();
  rec->kind = petrel::capi::RefKind::Foreign;
  rec->identity = raw;  // a foreign object is its own identity
  records.emplace(raw, std::move(rec));
  record_set.insert(raw);
  return raw;
}

namespace {

petrel::StoreLimits limitsTo(const petrel_store_limits_t* l) {
  petrel::StoreLimits r;
  r.max_memory_bytes = l->max_memory_bytes;
  r.max_instance_memory_bytes = l->max_instance_memory_bytes;
  r.max_store_memory_bytes = l->max_store_memory_bytes;
  r.max_table_elements = l->max_table_elements;
  r.max_instance_table_elements = l->max_instance_table_elements;
  r.max_store_table_elements = l->max_store_table_elements;
  r.max_call_depth = l->max_call_depth;
  r.max_stack_bytes = l->max_stack_bytes;
  return r;
}

}  // namespace

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t; }
void wasm_config_delete(wasm_config_t* c) { delete c; }

void petrel_config_consume_fuel_set(wasm_config_t* c, bool enable) { c->config.consume_fuel = enable; }
void petrel_config_epoch_interruption_set(wasm_config_t* c, bool enable) { c->config.epoch_interruption = enable; }
void petrel_config_custom_page_sizes_set(wasm_config_t* c, bool enable) { c->config.custom_page_sizes = enable; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t{petrel::Engine()}; }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* c) {
  auto* e = new wasm_engine_t{petrel::Engine(c ? c->config : petrel::Config{})};
  delete c;
  return e;
}
void wasm_engine_delete(wasm_engine_t* e) { delete e; }

void petrel_engine_increment_epoch(wasm_engine_t* e) { e->engine.incrementEpoch(); }

wasm_store_t* wasm_store_new(wasm_engine_t* e) { return new wasm_store_t(e->engine, petrel::StoreLimits{}); }
void wasm_store_delete(wasm_store_t* s) { delete s; }

void petrel_store_limits_init(petrel_store_limits_t* out) {
  petrel::StoreLimits d;
  out->max_memory_bytes = d.max_memory_bytes;
  out->max_instance_memory_bytes = d.max_instance_memory_bytes;
  out->max_store_memory_bytes = d.max_store_memory_bytes;
  out->max_table_elements = d.max_table_elements;
  out->max_instance_table_elements = d.max_instance_table_elements;
  out->max_store_table_elements = d.max_store_table_elements;
  out->max_call_depth = d.max_call_depth;
  out->max_stack_bytes = d.max_stack_bytes;
}

wasm_store_t* petrel_store_new_with_limits(wasm_engine_t* e, const petrel_store_limits_t* limits) {
  return new wasm_store_t(e->engine, limits ? limitsTo(limits) : petrel::StoreLimits{});
}

petrel_error_t* petrel_store_set_fuel(wasm_store_t* s, uint64_t fuel) {
  petrel::Status st = s->store->setFuel(fuel);
  return st.ok() ? nullptr : petrel::capi::errorFrom(st.takeError());
}
uint64_t petrel_store_get_fuel(const wasm_store_t* s) { return s->store->fuel(); }
uint64_t petrel_store_fuel_consumed(const wasm_store_t* s) { return s->store->fuelConsumed(); }

void petrel_store_set_epoch_deadline(wasm_store_t* s, uint64_t ticks) { s->store->setEpochDeadline(ticks); }
void petrel_store_interrupt(wasm_store_t* s) { s->store->interrupt(); }
bool petrel_store_interrupted(const wasm_store_t* s) { return s->store->interrupted(); }

}  // extern "C"
