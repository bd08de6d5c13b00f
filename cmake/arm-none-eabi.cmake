# Cross build for a Cortex-M4F microcontroller with Debian's
# gcc-arm-none-eabi and picolibc (libstdc++-arm-none-eabi-picolibc): the
# embedded profile and its QEMU firmware (docs/EMBEDDED.md):
#   cmake -S . -B BUILD-mcu -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
#     -DPETREL_PROFILE=embedded
# Another Cortex-M: set PETREL_MCU_FLAGS (e.g. "-mcpu=cortex-m33 -mthumb").
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
# No host to run a test program on: compiler checks build a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(PETREL_MCU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
    CACHE STRING "Target CPU flags of the embedded build")
set(CMAKE_C_FLAGS_INIT "${PETREL_MCU_FLAGS} --specs=picolibc.specs")
set(CMAKE_CXX_FLAGS_INIT "${PETREL_MCU_FLAGS} --specs=picolibc.specs")
# (the compile flags above reach the link too: --specs must not come twice)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
