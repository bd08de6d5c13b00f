/* The guest modules built into the firmware (embed_guests.cmake). */
#ifndef PETREL_QEMU_MPS2_GUESTS_H
#define PETREL_QEMU_MPS2_GUESTS_H
#include <stddef.h>
#include <stdint.h>
typedef struct {
  const char *name;
  const uint8_t *bytes;
  size_t size;
} guest_module;
extern const guest_module guest_modules[];  /* ends with a NULL name */
#endif
