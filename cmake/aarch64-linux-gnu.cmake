# Cross build for 64-bit Arm Linux with Debian's g++-aarch64-linux-gnu, its
# programs run under qemu-aarch64 (qemu-user). scripts/check-aarch64.sh uses
# it to test exec/simd.h's NEON path:
#   cmake -S . -B BUILD-aarch64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
#     -DCMAKE_BUILD_TYPE=Release -DPETREL_TESTS=OFF -DPETREL_SERVE=OFF
# PETREL_SERVE=OFF: petrel serve's Boost, toml++ and nlohmann/json are host
# headers this sysroot does not have. The CLI is linked statically
# (PETREL_STATIC_CLI, on for Linux), so qemu-aarch64 runs it without -L.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Commands that run a built program (try_run, `ninja spec`) run it under qemu.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)

# Libraries and headers from the cross sysroot only; programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The CLI's option parser, CLI11, is header-only and the same for every
# target, but Debian installs it only in the host's /usr/include. Putting
# that whole folder on the cross compiler's include path would let the
# host's glibc headers (and libstdc++'s #include_next) mix with the
# target's, so the CLI sees a prefix of its own holding CLI11 alone:
# <build>/host-cli11/include/CLI and .../share/cmake/CLI11 link to the
# host's files, and CLI11Config.cmake, which finds its headers relative to
# itself, points at that include folder. (try_compile projects skip it.)
if(NOT DEFINED CLI11_DIR AND NOT CMAKE_PROJECT_NAME STREQUAL "CMAKE_TRY_COMPILE"
   AND EXISTS /usr/share/cmake/CLI11/CLI11Config.cmake AND IS_DIRECTORY /usr/include/CLI)
  set(_petrel_cli11 ${CMAKE_BINARY_DIR}/host-cli11)
  file(MAKE_DIRECTORY ${_petrel_cli11}/include ${_petrel_cli11}/share/cmake/CLI11)
  file(CREATE_LINK /usr/include/CLI ${_petrel_cli11}/include/CLI SYMBOLIC)
  foreach(_f CLI11Config.cmake CLI11ConfigVersion.cmake)
    file(CREATE_LINK /usr/share/cmake/CLI11/${_f} ${_petrel_cli11}/share/cmake/CLI11/${_f} SYMBOLIC)
  endforeach()
  set(CLI11_DIR ${_petrel_cli11}/share/cmake/CLI11 CACHE PATH "CLI11's package folder (cmake/aarch64-linux-gnu.cmake)")
endif()
