# The embedded profile (-DPETREL_PROFILE=embedded, docs/EMBEDDED.md): the
# core alone, interpreter only, for microcontrollers: no text parser, WASI,
# C++ API or hosts; no exceptions, RTTI or threads; features chosen here.
# With cmake/arm-none-eabi.cmake it also builds the QEMU mps2 firmware
# (ports/qemu-mps2) that scripts/check-embedded.sh runs.

option(PETREL_FEATURE_FLOAT "f32 and f64 (off: modules with floats are refused)" ON)
option(PETREL_FEATURE_SIMD "128-bit SIMD and relaxed SIMD (v128)" OFF)
option(PETREL_FEATURE_FUSION "Superinstructions: faster code, a larger interpreter (base/features.h)" ON)
option(PETREL_FEATURE_NAMES "Read the name section, for function names in trap backtraces" OFF)
option(PETREL_FEATURE_OPCODE_NAMES "Instruction mnemonics, for messages (off: named by encoding, base/features.h)" OFF)
option(PETREL_FEATURE_VALIDATION "Validate every function body at load (off: trusted modules only, base/features.h)" ON)
option(PETREL_FEATURE_BULK_MEMORY "Bulk memory: memory.copy/fill/init, passive segments (Wasm 2.0)" ON)
option(PETREL_FEATURE_REFERENCE_TYPES "Reference types: externref, table instructions, several tables (Wasm 2.0)" ON)
option(PETREL_FEATURE_MULTI_MEMORY "More than one memory (Wasm 3.0)" OFF)
option(PETREL_FEATURE_GC "GC types and typed function references (Wasm 3.0)" OFF)
option(PETREL_FEATURE_EXCEPTIONS "Exception handling: tags, throw, try_table (Wasm 3.0)" OFF)
option(PETREL_FEATURE_MEMORY64 "64-bit memories and tables (Wasm 3.0)" OFF)
option(PETREL_FEATURE_TAIL_CALL "Tail calls: return_call* (Wasm 3.0)" OFF)
option(PETREL_LTO "Link-time optimisation with GCC: about 10% less flash (docs/EMBEDDED.md)" ON)

set(PETREL_EMBEDDED_FLAGS $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti -fno-threadsafe-statics>
    -ffp-contract=off -ffunction-sections -fdata-sections -Os)
# Fat LTO objects: a firmware linked without -flto still links the archives.
# One partition: the whole program is optimised as a unit (0.4 KB less than
# GCC's default partitioning; the link is a few seconds longer).
if(PETREL_LTO AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND PETREL_EMBEDDED_FLAGS -flto -ffat-lto-objects)
  set(PETREL_EMBEDDED_LINK_FLAGS -flto -flto-partition=one -Os)
endif()
set(PETREL_EMBEDDED_DEFINITIONS PETREL_NO_THREADS PETREL_SIZE_OVER_SPEED=1 PETREL_FEATURE_SIMD=$<BOOL:${PETREL_FEATURE_SIMD}>
    PETREL_FEATURE_FUSION=$<BOOL:${PETREL_FEATURE_FUSION}> PETREL_FEATURE_NAMES=$<BOOL:${PETREL_FEATURE_NAMES}>
    PETREL_FEATURE_OPCODE_NAMES=$<BOOL:${PETREL_FEATURE_OPCODE_NAMES}>
    PETREL_FEATURE_VALIDATION=$<BOOL:${PETREL_FEATURE_VALIDATION}> PETREL_FEATURE_FLOAT=$<BOOL:${PETREL_FEATURE_FLOAT}>
    PETREL_FEATURE_BULK_MEMORY=$<BOOL:${PETREL_FEATURE_BULK_MEMORY}>
    PETREL_FEATURE_REFERENCE_TYPES=$<BOOL:${PETREL_FEATURE_REFERENCE_TYPES}>
    PETREL_FEATURE_MULTI_MEMORY=$<BOOL:${PETREL_FEATURE_MULTI_MEMORY}> PETREL_FEATURE_GC=$<BOOL:${PETREL_FEATURE_GC}>
    PETREL_FEATURE_EXCEPTIONS=$<BOOL:${PETREL_FEATURE_EXCEPTIONS}> PETREL_FEATURE_MEMORY64=$<BOOL:${PETREL_FEATURE_MEMORY64}>
    PETREL_FEATURE_TAIL_CALL=$<BOOL:${PETREL_FEATURE_TAIL_CALL}>)

file(GLOB PETREL_EMBEDDED_CORE_SOURCES CONFIGURE_DEPENDS
  src/base/*.cpp src/ir/*.cpp src/binary/*.cpp src/validate/*.cpp src/exec/*.cpp src/runtime/*.cpp
  src/platform/*.cpp)
add_library(petrel_core STATIC ${PETREL_EMBEDDED_CORE_SOURCES})
target_include_directories(petrel_core PUBLIC src include)
target_compile_options(petrel_core PUBLIC ${PETREL_EMBEDDED_FLAGS})
target_compile_definitions(petrel_core PUBLIC ${PETREL_EMBEDDED_DEFINITIONS})
target_link_options(petrel_core INTERFACE ${PETREL_EMBEDDED_LINK_FLAGS})

# The firmware API (include/petrel_fw.h) and the parts of petrel_hw that
# run on a device: the binding and the simulated board.
add_library(petrel_fw STATIC src/embedded/fw_api.cpp src/embedded/fw_allocator.cpp src/embedded/fw_console.cpp
            src/embedded/fw_port_backends.cpp src/embedded/fw_hw.cpp src/hw/hw_host.cpp
            src/embedded/fw_cxx_runtime.cpp)
target_link_libraries(petrel_fw PUBLIC petrel_core)
add_library(petrel_hw_sim STATIC src/hw/sim_devices.cpp)
target_link_libraries(petrel_hw_sim PUBLIC petrel_core)

if(CMAKE_SYSTEM_NAME STREQUAL "Generic" AND CMAKE_SYSTEM_PROCESSOR STREQUAL "arm")
  add_subdirectory(ports/qemu-mps2)
endif()
