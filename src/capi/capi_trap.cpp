// Traps (message, origin, trace), frames, and petrel.h's errors. A trap is a
// petrel::Error of a run-time kind; its frames come from Error::frames.
#include "capi/capi_internal.h"

namespace petrel::capi {

wasm_trap_t* trapFrom(wasm_store_t* store, Error e) {
  return new wasm_trap_t(store, std::make_shared<TrapBox>(std::move(e), store));
}

petrel_error_t* errorFrom(Error e) { return new petrel_error_t{std::move(e)}; }

namespace {

wasm_frame_t* frameFrom(wasm_store_t* store, const TraceFrame& f) {
  auto* fr = new wasm_frame_t;
  fr->frame = f;
  if (store) {
    if (std::optional<Instance> instance = Instance::fromFrame(*store->store, f))
      fr->instance = new wasm_instance_t(store, *instance);
  }
  return fr;
}

petrel_error_kind_t kindOf(ErrorKind k) { return static_cast<petrel_error_kind_t>(k); }

}  // namespace

}  // namespace petrel::capi

static_assert(static_cast<int>(petrel::ErrorKind::Malformed) == PETREL_ERROR_MALFORMED);
static_assert(static_cast<int>(petrel::ErrorKind::Trap) == PETREL_ERROR_TRAP);
static_assert(static_cast<int>(petrel::ErrorKind::Exit) == PETREL_ERROR_EXIT);
static_assert(static_cast<int>(petrel::ErrorKind::Other) == PETREL_ERROR_OTHER);

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  std::string_view text = petrel::capi::nameView(message);
  // The message counts its NUL; the error text does not.
  while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  return petrel::capi::trapFrom(store, petrel::Error::trap(std::string(text)));
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  // The message alone, as wasm.h has it: the origin frame carries the place.
  petrel::capi::messageFrom(out, trap->box->error.what());
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  const auto& frames = trap->box->error.frames;
  if (frames.empty()) return nullptr;
  return petrel::capi::frameFrom(trap->box->store, frames.front());
}

void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  const auto& frames = trap->box->error.frames;
  wasm_frame_vec_new_uninitialized(out, frames.size());
  for (size_t i = 0; i < frames.size(); ++i) out->data[i] = petrel::capi::frameFrom(trap->box->store, frames[i]);
}

void wasm_frame_delete(wasm_frame_t* f) { delete f; }

wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) {
  auto* c = new wasm_frame_t;
  c->frame = f->frame;
  if (f->instance) c->instance = new wasm_instance_t(f->instance->store, f->instance->instance);
  return c;
}

wasm_instance_t* wasm_frame_instance(const wasm_frame_t* f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->frame.func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return static_cast<size_t>(f->frame.func_offset); }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return static_cast<size_t>(f->frame.module_offset); }

// ---- petrel.h errors ----------------------------------------------------------------

void petrel_error_delete(petrel_error_t* e) { delete e; }
petrel_error_kind_t petrel_error_kind(const petrel_error_t* e) { return petrel::capi::kindOf(e->error.kind); }
void petrel_error_message(const petrel_error_t* e, wasm_message_t* out) {
  petrel::capi::messageFrom(out, e->error.describe());
}

petrel_error_kind_t petrel_trap_kind(const wasm_trap_t* trap) { return petrel::capi::kindOf(trap->box->error.kind); }

bool petrel_trap_exit_status(const wasm_trap_t* trap, int* status) {
  if (trap->box->error.kind != petrel::ErrorKind::Exit) return false;
  if (status) *status = trap->box->error.exit_code;
  return true;
}

}  // extern "C"
